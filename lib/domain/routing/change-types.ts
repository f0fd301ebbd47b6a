import { z } from "zod";
import type { Ownership } from "../topology/ownership";
import {
  prioritySchema,
  ruleActionSchema,
  ruleMatchSchema,
  ruleNameSchema,
  type RuleAction,
  type RuleMatch,
} from "./rule-schemas";
import type { TargetGroupHealth } from "./weights";

// The vocabulary of a routing change: the request (zod), the listener it is planned against, the plan with its
// AWS calls and warnings, and field errors. planChange (change-plan.ts) turns a request into a plan.

/** What a change edits: a forward split, a rule's match/priority/action, or a rule created or deleted. */
export const CHANGE_KINDS = ["forward", "rule", "create-rule", "delete-rule"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const arnSchema = z
  .string({ error: "is required" })
  .regex(/^arn:aws[a-z-]*:vpc-lattice:/, "must be a VPC Lattice ARN");
const listenerArnSchema = arnSchema.regex(/\/listener\/listener-[0-9a-z]+$/, "must be a listener ARN");
const ruleArnSchema = arnSchema.regex(/\/rule\/rule-[0-9a-z]+$/, "must be a rule ARN");

/** `POST /api/changes` body. A forward change targets a listener (its default action) or a rule. */
export const changeRequestSchema = z.discriminatedUnion(
  "kind",
  [
    z
      .object({
        kind: z.literal("forward"),
        target: z.union([listenerArnSchema, ruleArnSchema], { error: "must be a listener or rule ARN" }),
        after: z.object({ action: ruleActionSchema }).strict(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("rule"),
        target: ruleArnSchema,
        after: z
          .object({
            priority: prioritySchema.optional(),
            match: ruleMatchSchema.optional(),
            action: ruleActionSchema.optional(),
            /** Take a priority another rule holds by swapping the two in one BatchUpdateRule. */
            swapPriority: z.boolean().optional(),
          })
          .strict(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("create-rule"),
        target: listenerArnSchema,
        after: z
          .object({
            name: ruleNameSchema,
            priority: prioritySchema,
            match: ruleMatchSchema,
            action: ruleActionSchema,
          })
          .strict(),
      })
      .strict(),
    z.object({ kind: z.literal("delete-rule"), target: ruleArnSchema }).strict(),
  ],
  { error: `kind must be one of ${CHANGE_KINDS.join(", ")}` },
);
export type ChangeRequest = z.infer<typeof changeRequestSchema>;

/** A rule of the listener as last read: the default rule carries the listener's default action. */
export interface RuleState {
  arn: string;
  name: string;
  isDefault: boolean;
  priority?: number;
  match?: RuleMatch;
  action: RuleAction;
}

/** A listener and its rules as last read, the base every change is planned (and later drift-checked) against. */
export interface ListenerState {
  arn: string;
  name: string;
  serviceArn: string;
  serviceName: string;
  protocol: string;
  rules: RuleState[];
}

export interface PlanContext {
  listener: ListenerState;
  /** Target health by target group ARN; unknown groups are left out. */
  health: ReadonlyMap<string, TargetGroupHealth>;
  /** Target group ARN → name, for readable rows. */
  targetGroupNames: ReadonlyMap<string, string>;
  /** Who manages the listener, rule or service (CloudFormation, the Gateway API controller, ECS …). */
  owners: readonly Ownership[];
  /** Account and region of the listener, to turn target group ids into ARNs. */
  accountId: string;
  region: string;
}

export interface FieldError {
  field: string;
  message: string;
}

/** A 422 of a write: the fields to fix. */
export interface FieldErrorsBody {
  errors: FieldError[];
}

export type WarningCode =
  | "no-healthy-target"
  | "unhealthy-targets"
  | "action-fails"
  | "managed-resource"
  | "rule-deleted"
  | "fixed-response"
  | "propagation";

export interface PlanWarning {
  code: WarningCode;
  message: string;
  /** The apply is refused until the user confirms this warning explicitly. */
  requiresConfirmation: boolean;
}

export interface SplitRow {
  targetGroupArn: string;
  name: string;
  before: { weight: number; percent: number } | null;
  after: { weight: number; percent: number; effectivePercent: number } | null;
  serving: boolean | null;
}

/** One AWS write, in the order they are made. */
export type PlannedCall =
  | { operation: "UpdateListener"; serviceArn: string; listenerArn: string; defaultAction: RuleAction }
  | {
      operation: "UpdateRule";
      serviceArn: string;
      listenerArn: string;
      ruleArn: string;
      priority?: number;
      match?: RuleMatch;
      action?: RuleAction;
    }
  | {
      operation: "BatchUpdateRule";
      serviceArn: string;
      listenerArn: string;
      rules: { ruleIdentifier: string; priority?: number; match?: RuleMatch; action?: RuleAction }[];
    }
  | {
      operation: "CreateRule";
      serviceArn: string;
      listenerArn: string;
      name: string;
      priority: number;
      match: RuleMatch;
      action: RuleAction;
    }
  | { operation: "DeleteRule"; serviceArn: string; listenerArn: string; ruleArn: string };

export interface ChangePlan {
  kind: ChangeKind;
  target: string;
  title: string;
  split?: { rows: SplitRow[]; afterFails: boolean };
  /** Human-readable field changes: priority, match, action type, rule name. */
  changes: { field: string; before: string; after: string }[];
  calls: PlannedCall[];
  warnings: PlanWarning[];
}

/** `unchanged`: the change asks for what the listener already has (a typed answer, not just an error text). */
export type PlanResult =
  { ok: true; plan: ChangePlan } | { ok: false; errors: FieldError[]; unchanged?: true };

/** zod issues as `{field, message}` with dotted paths (`after.action.forward.targetGroups.1.weight`). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
  }));
}
