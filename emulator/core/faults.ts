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

export const faultConfigSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    jitterMs: z.number().int().min(0).max(60_000).default(0),
    throttleRate: z.number().min(0).max(1).default(0),
    serverErrorRate: z.number().min(0).max(1).default(0),
    accessDenied: z.array(accessDeniedRuleSchema).default([]),
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
