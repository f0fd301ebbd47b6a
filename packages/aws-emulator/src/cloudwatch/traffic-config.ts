import { z } from "zod";

/** How a target group answers: its share of 5xx and 4xx, and its latency (log-normal, from p50 and p99). */
const quality = {
  errorRate: z.number().min(0).max(1).optional(),
  clientErrorRate: z.number().min(0).max(1).optional(),
  p50Ms: z.number().positive().max(600_000).optional(),
  p99Ms: z.number().positive().max(600_000).optional(),
};

const targetGroupTraffic = z.object({ targetGroup: z.string().min(1), ...quality }).strict();

const qualityChange = z
  .object({ afterSeconds: z.number().int().min(0), targetGroup: z.string().min(1), ...quality })
  .strict();

const serviceTraffic = z
  .object({
    /** Service name or id. */
    service: z.string().min(1),
    requestsPerSecond: z.number().min(0).max(1_000_000),
    /** The share of the service's requests each rule (by name or id) matches; the default rule takes the rest. */
    rules: z.record(z.string(), z.number().min(0).max(1)).default({}),
  })
  .strict();

/**
 * The scenario's traffic: request rates per service and rule, how each target group answers, changes over time
 * and named switches (`canary-fails`) that the control endpoint turns on. Requests are split by the live
 * weights and target health, so a weight change moves the metrics from the moment it is made.
 */
export const trafficConfigSchema = z
  .object({
    /** How long after a minute ends its datapoint is published (AWS: about a minute). */
    metricDelaySeconds: z.number().int().min(0).max(900).default(60),
    /** Requests per second of a service the scenario does not list (0: such services publish nothing). */
    defaultRequestsPerSecond: z.number().min(0).max(1_000_000).default(5),
    defaults: z
      .object(quality)
      .strict()
      .default({ errorRate: 0.002, clientErrorRate: 0.004, p50Ms: 18, p99Ms: 90 }),
    services: z.array(serviceTraffic).default([]),
    targetGroups: z.array(targetGroupTraffic).default([]),
    timeline: z.array(qualityChange).default([]),
    switches: z.record(z.string().regex(/^[a-z0-9-]{1,64}$/), z.array(targetGroupTraffic).min(1)).default({}),
  })
  .strict();

export type TrafficConfig = z.output<typeof trafficConfigSchema>;
export type TrafficQuality = Required<z.output<typeof targetGroupTraffic>>;

/** The traffic of a scenario's data (its `traffic` key), or the defaults when it has none. */
export function trafficOf(data: unknown): TrafficConfig {
  const traffic =
    data && typeof data === "object" && "traffic" in data
      ? (data as { traffic: unknown }).traffic
      : undefined;
  return trafficConfigSchema.parse(traffic ?? {});
}
