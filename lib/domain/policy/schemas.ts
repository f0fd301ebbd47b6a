import { z } from "zod";
import type { PolicyInput } from "./document";
import { POLICY_SIZE_LIMIT } from "./grammar";
import type { AccessQuery } from "./simulate";

export const authTypeSchema = z.enum(["NONE", "AWS_IAM"]);

/**
 * A policy's size as AWS counts it: its JSON without whitespace. Text that is not JSON counts as typed (the
 * linter reports why it does not parse). Undefined when it cannot be measured (nested too deep to serialise).
 */
export function policySize(input: PolicyInput): number | undefined {
  try {
    if (typeof input !== "string") return JSON.stringify(input).length;
    try {
      return JSON.stringify(JSON.parse(input)).length;
    } catch {
      return input.length;
    }
  } catch {
    return undefined;
  }
}

/**
 * An auth policy as an API accepts it: JSON text, or the document itself; either way at most 10,000 characters
 * without whitespace, checked before any other work is done with it.
 */
export const policyInputSchema = z
  .union([
    z.string().max(100_000, "policy text must be at most 100,000 characters"),
    z.record(z.string(), z.unknown()),
  ])
  .superRefine((input, ctx) => {
    const size = policySize(input);
    if (size === undefined) {
      ctx.addIssue({ code: "custom", message: "the policy is nested too deeply to be a policy" });
    } else if (size > POLICY_SIZE_LIMIT) {
      ctx.addIssue({
        code: "custom",
        message: `the policy is ${size.toLocaleString("en-US")} characters without whitespace; auth policies are limited to ${POLICY_SIZE_LIMIT.toLocaleString("en-US")}`,
      });
    }
  }) satisfies z.ZodType<PolicyInput>;

/** "Can principal P, calling from VPC V, invoke METHOD PATH on service S?" */
export const accessQuerySchema = z
  .object({
    principal: z.string().min(1, "principal is required"),
    sourceVpc: z.string().min(1, "sourceVpc is required"),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, "method must be an HTTP method")
      .transform((m) => m.toUpperCase()),
    path: z.string().startsWith("/", "path must start with /"),
    service: z.string().min(1, "service is required"),
    port: z.number().int().min(1).max(65535).optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict() satisfies z.ZodType<AccessQuery, unknown>;

/** The service or service network a policy belongs to, by ARN. */
export const policyScopeRefSchema = z
  .object({ arn: z.string().min(1, "scope.arn is required").max(2048) })
  .strict();

const nullablePolicySchema = z.union([policyInputSchema, z.null()]);

export const authStateSchema = z.object({ authType: authTypeSchema, policy: nullablePolicySchema }).strict();

export const validatePolicyRequestSchema = z
  .object({ scope: policyScopeRefSchema, policy: policyInputSchema, authType: authTypeSchema.optional() })
  .strict();
export type ValidatePolicyRequest = z.infer<typeof validatePolicyRequestSchema>;

export const diffPolicyRequestSchema = z
  .object({
    scope: policyScopeRefSchema,
    /** Absent: the live policy. Null: no policy. */
    before: nullablePolicySchema.optional(),
    after: nullablePolicySchema,
    authTypeBefore: authTypeSchema.optional(),
    authTypeAfter: authTypeSchema.optional(),
  })
  .strict();
export type DiffPolicyRequest = z.infer<typeof diffPolicyRequestSchema>;

export const applyPolicyRequestSchema = z
  .object({
    scope: policyScopeRefSchema,
    /** What the change was reviewed against; the apply is refused when AWS no longer has it. */
    base: authStateSchema,
    after: authStateSchema,
    /** Rule ids of the warnings the user confirmed. */
    confirm: z.array(z.string().max(64)).max(20).default([]),
  })
  .strict();
export type ApplyPolicyRequest = z.infer<typeof applyPolicyRequestSchema>;
