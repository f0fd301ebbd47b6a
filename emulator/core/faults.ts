import { z } from "zod";
import { createRandom } from "./random";

export const accessDeniedRuleSchema = z
  .object({
    accountId: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    /** Operation name, optionally prefixed by the signing name: "ListServices" or "vpc-lattice:ListServices". */
    operation: z.string().min(1).optional(),
    service: z.enum(["vpc-lattice", "ram", "sts", "ec2"]).optional(),
    region: z.string().min(1).optional(),
  })
  .strict();

export const holdAnswerRuleSchema = z
  .object({
    /** Operation name, optionally prefixed by the signing name, e.g. "UpdateListener". */
    operation: z.string().min(1),
    accountId: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    /** How long the answer is held. */
    ms: z.number().int().min(0).max(600_000),
    /**
     * `after` (default): the operation is performed, then the answer held. `before`: the request is held first,
     * and dropped unperformed if the caller goes away meanwhile (it never reached AWS).
     */
    when: z.enum(["before", "after"]).default("after"),
  })
  .strict();

export const faultConfigSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    jitterMs: z.number().int().min(0).max(60_000).default(0),
    throttleRate: z.number().min(0).max(1).default(0),
    serverErrorRate: z.number().min(0).max(1).default(0),
    accessDenied: z.array(accessDeniedRuleSchema).default([]),
    /**
     * Performs the operation, then holds its answer: a write AWS made whose answer comes late or never reaches
     * the caller (it gave up, or died waiting).
     */
    holdAnswer: z.array(holdAnswerRuleSchema).default([]),
    /** Seed for the fault dice, so a run's faults are reproducible. */
    seed: z.number().int().default(42),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;
export type FaultConfigInput = z.input<typeof faultConfigSchema>;
export type AccessDeniedRule = z.infer<typeof accessDeniedRuleSchema>;

export type FaultDecision = "throttle" | "server-error" | "access-denied" | undefined;

export class Faults {
  config: FaultConfig;
  private dice: () => number;

  constructor(input: FaultConfigInput = {}) {
    this.config = faultConfigSchema.parse(input);
    this.dice = createRandom(this.config.seed);
  }

  set(input: FaultConfigInput): void {
    this.config = faultConfigSchema.parse(input);
    this.dice = createRandom(this.config.seed);
  }

  /** How long to hold a request before performing it, or its answer after (0: not at all). */
  holdMs(service: string, operation: string, accountId: string, when: "before" | "after"): number {
    const rule = this.config.holdAnswer.find(
      (r) =>
        r.when === when &&
        (r.accountId === undefined || r.accountId === accountId) &&
        (r.operation === operation || r.operation === `${service}:${operation}`),
    );
    return rule?.ms ?? 0;
  }

  delayMs(): number {
    const { latencyMs, jitterMs } = this.config;
    return latencyMs + (jitterMs > 0 ? Math.floor(this.dice() * (jitterMs + 1)) : 0);
  }

  /** STS is never throttled or failed by rate, so assuming a role stays possible; AccessDenied rules still apply. */
  decide(service: string, operation: string, accountId: string, region: string): FaultDecision {
    const denied = this.config.accessDenied.some(
      (rule) =>
        (rule.accountId === undefined || rule.accountId === accountId) &&
        (rule.service === undefined || rule.service === service) &&
        (rule.region === undefined || rule.region === region) &&
        (rule.operation === undefined ||
          rule.operation === operation ||
          rule.operation === `${service}:${operation}`),
    );
    if (denied) return "access-denied";
    if (service === "sts") return undefined;
    if (this.config.throttleRate > 0 && this.dice() < this.config.throttleRate) return "throttle";
    if (this.config.serverErrorRate > 0 && this.dice() < this.config.serverErrorRate) return "server-error";
    return undefined;
  }
}
