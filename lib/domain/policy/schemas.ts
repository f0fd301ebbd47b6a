import { z } from "zod";
import type { PolicyInput } from "./document";
import type { AccessQuery } from "./simulate";

export const authTypeSchema = z.enum(["NONE", "AWS_IAM"]);

/** An auth policy as an API accepts it: JSON text, or the document itself. */
export const policyInputSchema = z.union([
  z.string().max(100_000, "policy text must be at most 100,000 characters"),
  z.record(z.string(), z.unknown()),
]) satisfies z.ZodType<PolicyInput>;

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
