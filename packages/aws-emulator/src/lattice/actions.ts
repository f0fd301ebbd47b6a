import { memoize } from "../core/memo";
import { z } from "zod";
import { conflict, notFound, validation } from "../core/errors";
import type {
  HeaderMatchType,
  Listener,
  PathMatchType,
  RegionState,
  RuleAction,
  RuleMatch,
  TargetGroup,
  WeightedTargetGroup,
} from "../core/model";
import type { World } from "../core/world";
import { idFromIdentifier } from "./common";

/** Model pattern of a target group identifier (TargetGroupIdentifier). */
export const TARGET_GROUP_IDENTIFIER_PATTERN =
  /^((tg-[0-9a-z]{17})|(arn:[a-z0-9-]+:vpc-lattice:[a-zA-Z0-9-]+:\d{12}:targetgroup\/tg-[0-9a-z]{17}))$/;

/** Weight stored for the only target group of a forward action when the caller gave none (SDK doc). */
export const DEFAULT_SINGLE_TARGET_GROUP_WEIGHT = 100;

/**
 * A restJson union sets exactly one member. The SDK sends an unknown member as a plain key, so the object
 * schemas are strict and this refinement reports none or several members.
 */
function exactlyOneOf<T extends Record<string, unknown>>(members: (keyof T & string)[]) {
  return (value: T, ctx: z.RefinementCtx) => {
    const set = members.filter((m) => value[m] !== undefined);
    if (set.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          set.length === 0
            ? `must set exactly one of ${members.join(", ")}`
            : `must set exactly one of ${members.join(", ")}, not ${set.join(" and ")}`,
      });
    }
  };
}

const weightedTargetGroupSchema = z
  .object({
    targetGroupIdentifier: z
      .string()
      .max(2048, "must be at most 2048 characters")
      .regex(TARGET_GROUP_IDENTIFIER_PATTERN, "must be a target group ID (tg-…) or target group ARN"),
    weight: z
      .number()
      .int("must be an integer")
      .min(0, "must be between 0 and 999")
      .max(999, "must be between 0 and 999")
      .optional(),
  })
  .strict();

const forwardActionSchema = z
  .object({
    targetGroups: z
      .array(weightedTargetGroupSchema)
      .min(1, "must contain between 1 and 10 target groups")
      .max(10, "must contain between 1 and 10 target groups"),
  })
  .strict()
  .superRefine((forward, ctx) => {
    const seen = new Set<string>();
    forward.targetGroups.forEach((tg, i) => {
      if (forward.targetGroups.length > 1 && tg.weight === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["targetGroups", i, "weight"],
          message: "a weight is required for each target group when a forward action has several",
        });
      }
      const id = idFromIdentifier(tg.targetGroupIdentifier);
      if (seen.has(id)) {
        ctx.addIssue({
          code: "custom",
          path: ["targetGroups", i, "targetGroupIdentifier"],
          message: `target group ${id} appears more than once in the forward action`,
        });
      }
      seen.add(id);
    });
  });

const fixedResponseActionSchema = z
  .object({
    statusCode: z
      .number()
      .int("must be an integer")
      .min(100, "must be between 100 and 599")
      .max(599, "must be between 100 and 599"),
  })
  .strict();

/** RuleAction union: `{forward}` or `{fixedResponse}`. Target group references are checked by resolveRuleAction. */
export const ruleActionSchema = z
  .object({ forward: forwardActionSchema.optional(), fixedResponse: fixedResponseActionSchema.optional() })
  .strict()
  .superRefine(exactlyOneOf(["forward", "fixedResponse"]))
  .transform((action): RuleAction => {
    if (action.forward) return { forward: { targetGroups: action.forward.targetGroups.map(weighted) } };
    return { fixedResponse: { statusCode: action.fixedResponse?.statusCode ?? 0 } };
  });

function weighted(tg: { targetGroupIdentifier: string; weight?: number | undefined }): WeightedTargetGroup {
  return tg.weight === undefined
    ? { targetGroupIdentifier: tg.targetGroupIdentifier }
    : { targetGroupIdentifier: tg.targetGroupIdentifier, weight: tg.weight };
}

const PATH_PATTERN = /^\/[a-zA-Z0-9@:%_+.~#?&/=-]*$/;
const pathValueSchema = z
  .string()
  .min(1, "must be between 1 and 200 characters")
  .max(200, "must be between 1 and 200 characters")
  .regex(PATH_PATTERN, "must start with / and contain only a-z A-Z 0-9 @ : % _ + . ~ # ? & / = -");

const pathMatchTypeSchema = z
  .object({ exact: pathValueSchema.optional(), prefix: pathValueSchema.optional() })
  .strict()
  .superRefine(exactlyOneOf(["exact", "prefix"]))
  .transform((m): PathMatchType => (m.exact !== undefined ? { exact: m.exact } : { prefix: m.prefix ?? "" }));

const headerValueSchema = z
  .string()
  .min(1, "must be between 1 and 200 characters")
  .max(200, "must be between 1 and 200 characters");

const headerMatchTypeSchema = z
  .object({
    exact: headerValueSchema.optional(),
    prefix: headerValueSchema.optional(),
    contains: headerValueSchema.optional(),
  })
  .strict()
  .superRefine(exactlyOneOf(["exact", "prefix", "contains"]))
  .transform((m): HeaderMatchType => {
    if (m.exact !== undefined) return { exact: m.exact };
    if (m.prefix !== undefined) return { prefix: m.prefix };
    return { contains: m.contains ?? "" };
  });

const headerMatchSchema = z
  .object({
    name: z
      .string()
      .min(1, "must be between 1 and 100 characters")
      .max(100, "must be between 1 and 100 characters"),
    match: headerMatchTypeSchema,
    caseSensitive: z.boolean().optional(),
  })
  .strict();

const httpMatchSchema = z
  .object({
    method: z
      .string()
      .min(1, "must be between 1 and 16 characters")
      .max(16, "must be between 1 and 16 characters")
      .optional(),
    pathMatch: z
      .object({ match: pathMatchTypeSchema, caseSensitive: z.boolean().optional() })
      .strict()
      .optional(),
    headerMatches: z
      .array(headerMatchSchema)
      .min(1, "must contain between 1 and 5 header matches")
      .max(5, "must contain between 1 and 5 header matches")
      .optional(),
  })
  .strict();

/** RuleMatch union; `httpMatch` is its only member. */
export const ruleMatchSchema = z
  .object({ httpMatch: httpMatchSchema.optional() })
  .strict()
  .superRefine(exactlyOneOf(["httpMatch"]))
  .transform((m): RuleMatch => ({ httpMatch: m.httpMatch ?? {} }));

/** Rule priority (RulePriority): 1–100, unique per listener. */
export const rulePrioritySchema = z
  .number()
  .int("must be an integer")
  .min(1, "must be between 1 and 100")
  .max(100, "must be between 1 and 100");

export interface ResolveActionOptions {
  /** Account that owns the listener; referenced target groups must belong to it. */
  ownerAccountId: string;
  /** Service the action belongs to; a target group already used by another service can't be added. */
  serviceArn: string;
  listenerProtocol: Listener["protocol"];
  /** Request field holding the action, for fieldList names, e.g. "defaultAction" or "rules[0].action". */
  field: string;
}

/**
 * Checks an action's target group references and returns it as stored: identifiers normalised to tg- ids and
 * the weight of a lone target group defaulted. Unknown target groups are ResourceNotFoundException (TARGET_GROUP).
 */
export function resolveRuleAction(
  region: RegionState,
  action: RuleAction,
  options: ResolveActionOptions,
): RuleAction {
  const tls = options.listenerProtocol === "TLS_PASSTHROUGH";
  if ("fixedResponse" in action) {
    if (tls) {
      const message = "A TLS_PASSTHROUGH listener supports only a forward action to TCP target groups";
      throw validation(message, [{ name: `${options.field}.fixedResponse`, message }]);
    }
    return { fixedResponse: { statusCode: action.fixedResponse.statusCode } };
  }
  const single = action.forward.targetGroups.length === 1;
  const usage = targetGroupUsage(region);
  const targetGroups = action.forward.targetGroups.map((ref, i): WeightedTargetGroup => {
    const tg = findTargetGroupReference(region, ref.targetGroupIdentifier, options.ownerAccountId);
    const field = `${options.field}.forward.targetGroups[${i}].targetGroupIdentifier`;
    const protocol = tg.config?.protocol;
    if (tls && protocol !== "TCP") {
      const message = `Target group ${tg.id} must use protocol TCP to be used by a TLS_PASSTHROUGH listener`;
      throw validation(message, [{ name: field, message }]);
    }
    if (!tls && protocol === "TCP") {
      const message = `Target group ${tg.id} uses protocol TCP, which only TLS_PASSTHROUGH listeners support`;
      throw validation(message, [{ name: field, message }]);
    }
    const otherService = (usage.get(tg.id) ?? []).find((arn) => arn !== options.serviceArn);
    if (otherService) {
      throw conflict(
        "TARGET_GROUP",
        tg.id,
        `Target group ${tg.id} is already used by service ${otherService}; a target group can serve only one service`,
      );
    }
    const weight = ref.weight ?? (single ? DEFAULT_SINGLE_TARGET_GROUP_WEIGHT : undefined);
    return weight === undefined ? { targetGroupIdentifier: tg.id } : { targetGroupIdentifier: tg.id, weight };
  });
  return { forward: { targetGroups } };
}

/** A target group referenced by id or ARN, owned by `ownerAccountId` (target groups are never shared). */
export function findTargetGroupReference(
  region: RegionState,
  identifier: string,
  ownerAccountId: string,
): TargetGroup {
  const tg = region.targetGroups.get(idFromIdentifier(identifier));
  if (
    !tg ||
    tg.ownerAccountId !== ownerAccountId ||
    (identifier.startsWith("arn:") && tg.arn !== identifier)
  ) {
    throw notFound("TARGET_GROUP", identifier, `Target group ${identifier} not found`);
  }
  return tg;
}

/** Target group ids an action forwards to. */
export function actionTargetGroupIds(action: RuleAction): string[] {
  return "forward" in action
    ? action.forward.targetGroups.map((tg) => idFromIdentifier(tg.targetGroupIdentifier))
    : [];
}

/** Every target group referenced by a listener default action or rule in the region → ARNs of those services. */
export function targetGroupUsage(region: RegionState, world?: World): Map<string, string[]> {
  if (world) {
    return memoize(world, region, "targetGroupUsage", `${region.listeners.size}|${region.rules.size}`, () =>
      targetGroupUsage(region),
    );
  }
  const usage = new Map<string, string[]>();
  const add = (tgId: string, serviceArn: string | undefined) => {
    if (!serviceArn) return;
    const arns = usage.get(tgId);
    if (!arns) usage.set(tgId, [serviceArn]);
    else if (!arns.includes(serviceArn)) arns.push(serviceArn);
  };
  for (const listener of region.listeners.values()) {
    for (const id of actionTargetGroupIds(listener.defaultAction)) add(id, listener.serviceArn);
  }
  for (const rule of region.rules.values()) {
    const serviceArn =
      region.listeners.get(rule.listenerId)?.serviceArn ?? region.services.get(rule.serviceId)?.arn;
    for (const id of actionTargetGroupIds(rule.action)) add(id, serviceArn);
  }
  return usage;
}

/** ARNs of the services whose listeners or rules forward to the target group (GetTargetGroup.serviceArns). */
export function serviceArnsOfTargetGroup(
  region: RegionState,
  targetGroupId: string,
  world?: World,
): string[] {
  return targetGroupUsage(region, world).get(targetGroupId) ?? [];
}

/**
 * Status of a newly registered target: UNAVAILABLE where health checks don't run (Lambda, or disabled),
 * UNUSED while no service uses the group, else INITIAL until health checks report.
 */
export function initialTargetStatus(tg: TargetGroup, inUse: boolean): "UNAVAILABLE" | "UNUSED" | "INITIAL" {
  if (tg.type === "LAMBDA") return "UNAVAILABLE";
  if (!inUse) return "UNUSED";
  return tg.config?.healthCheck?.enabled === false ? "UNAVAILABLE" : "INITIAL";
}

/** After actions changed: targets of groups that started being used leave UNUSED, and the reverse. */
export function refreshTargetStatuses(region: RegionState, targetGroupIds: Iterable<string>): void {
  const usage = targetGroupUsage(region);
  for (const id of new Set(targetGroupIds)) {
    const tg = region.targetGroups.get(id);
    if (!tg || tg.type === "LAMBDA") continue;
    const inUse = usage.has(id);
    for (const target of tg.targets) {
      if (inUse && target.status === "UNUSED") {
        target.status = initialTargetStatus(tg, true);
        delete target.reasonCode;
      } else if (!inUse && target.status !== "UNUSED") {
        target.status = "UNUSED";
        delete target.reasonCode;
      }
    }
  }
}
