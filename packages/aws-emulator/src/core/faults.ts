import { z } from "zod";
import { createRandom } from "./random";

const ruleShape = {
  accountId: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  /** Operation name, optionally prefixed by the signing name: "ListServices" or "vpc-lattice:ListServices". */
  operation: z.string().min(1).optional(),
  service: z.enum(["vpc-lattice", "ram", "sts", "ec2", "monitoring"]).optional(),
  region: z.string().min(1).optional(),
};

/** Signing names whose IAM action prefix differs: CloudWatch signs as `monitoring`, IAM says `cloudwatch:`. */
const IAM_PREFIX: Record<string, string> = { monitoring: "cloudwatch" };

export const accessDeniedRuleSchema = z.object(ruleShape).strict();

/** Answers the matching calls' JSON without these members, at the top level and in each of `items`. */
export const omitFieldsRuleSchema = z
  .object({ ...ruleShape, fields: z.array(z.string().min(1)).min(1) })
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
    /**
     * Compatibility switches, for testing a client against AWS-compatible endpoints that differ from AWS:
     * matching calls are answered 500 with an HTML page, as by an endpoint that does not implement them …
     */
    unimplemented: z.array(accessDeniedRuleSchema).default([]),
    /** … or with members left out of the answer (a listing without `serviceArn`). */
    omitFields: z.array(omitFieldsRuleSchema).default([]),
    /** Seed for the fault dice, so a run's faults are reproducible. */
    seed: z.number().int().default(42),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;
export type FaultConfigInput = z.input<typeof faultConfigSchema>;
export type AccessDeniedRule = z.infer<typeof accessDeniedRuleSchema>;

export type FaultDecision = "throttle" | "server-error" | "access-denied" | "unimplemented" | undefined;

function matches(
  rule: AccessDeniedRule,
  service: string,
  operation: string,
  accountId: string,
  region: string,
) {
  return (
    (rule.accountId === undefined || rule.accountId === accountId) &&
    (rule.service === undefined || rule.service === service) &&
    (rule.region === undefined || rule.region === region) &&
    (rule.operation === undefined ||
      rule.operation === operation ||
      rule.operation === `${service}:${operation}` ||
      rule.operation === `${IAM_PREFIX[service] ?? service}:${operation}`)
  );
}

/** The page an AWS-compatible endpoint answers for an operation it does not implement. */
export function unimplementedPage(operation: string): string {
  return `<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>${operation} is not implemented.</p></body></html>\n`;
}

/** A JSON answer without the given members, at the top level and in each element of `items`. */
export function omitMembers(body: unknown, fields: readonly string[]): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const strip = (value: unknown) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !fields.includes(key)));
  };
  const top = strip(body) as Record<string, unknown>;
  return Array.isArray(top.items) ? { ...top, items: top.items.map(strip) } : top;
}

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
    const matching = (rule: AccessDeniedRule) => matches(rule, service, operation, accountId, region);
    if (this.config.accessDenied.some(matching)) return "access-denied";
    if (this.config.unimplemented.some(matching)) return "unimplemented";
    if (service === "sts") return undefined;
    if (this.config.throttleRate > 0 && this.dice() < this.config.throttleRate) return "throttle";
    if (this.config.serverErrorRate > 0 && this.dice() < this.config.serverErrorRate) return "server-error";
    return undefined;
  }

  /** Members the compatibility switches leave out of this call's answer. */
  omitted(service: string, operation: string, accountId: string, region: string): string[] {
    return this.config.omitFields
      .filter((rule) => matches(rule, service, operation, accountId, region))
      .flatMap((rule) => rule.fields);
  }
}
