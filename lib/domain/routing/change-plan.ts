import type { Ownership } from "../topology/ownership";
import { sameAction, sameMatch, targetGroupIdOf, type RuleAction, type RuleMatch } from "./rule-schemas";
import { splitForward } from "./weights";
import {
  changeRequestSchema,
  type RuleState,
  type PlanContext,
  type FieldError,
  type PlanWarning,
  type SplitRow,
  type PlannedCall,
  type ChangePlan,
  type PlanResult,
  fieldErrors,
} from "./change-types";

function tgArn(identifier: string, ctx: PlanContext): string {
  return identifier.startsWith("arn:")
    ? identifier
    : `arn:aws:vpc-lattice:${ctx.region}:${ctx.accountId}:targetgroup/${identifier}`;
}

function weightsOf(action: RuleAction | undefined, ctx: PlanContext) {
  if (!action || !("forward" in action)) return [];
  return action.forward.targetGroups.map((g) => ({
    targetGroupId: tgArn(g.targetGroupIdentifier, ctx),
    weight: g.weight ?? null,
  }));
}

function splitRows(before: RuleAction | undefined, after: RuleAction | undefined, ctx: PlanContext) {
  const healthOf = (id: string) => ctx.health.get(id);
  const b = splitForward(weightsOf(before, ctx), healthOf);
  const a = splitForward(weightsOf(after, ctx), healthOf);
  const ids = [...new Set([...b.groups, ...a.groups].map((g) => g.targetGroupId))];
  const rows = ids.map((id): SplitRow => {
    const was = b.groups.find((g) => g.targetGroupId === id);
    const now = a.groups.find((g) => g.targetGroupId === id);
    return {
      targetGroupArn: id,
      name: ctx.targetGroupNames.get(id) ?? targetGroupIdOf(id),
      before: was ? { weight: was.weight, percent: was.sharePercent } : null,
      after: now
        ? { weight: now.weight, percent: now.sharePercent, effectivePercent: now.effectivePercent }
        : null,
      serving: ctx.health.has(id) ? (ctx.health.get(id)?.serving ?? 0) > 0 : null,
    };
  });
  return { rows, after: a, before: b };
}

function describeAction(action: RuleAction | undefined): string {
  if (!action) return "—";
  if ("fixedResponse" in action) return `fixed response ${action.fixedResponse.statusCode}`;
  return `forward to ${action.forward.targetGroups.length} target group${action.forward.targetGroups.length === 1 ? "" : "s"}`;
}

/** One line for a rule match: `GET prefix /api (case-insensitive), x-env exact canary`. */
export function describeRuleMatch(match: RuleMatch | undefined): string {
  const http = match?.httpMatch;
  if (!http) return "—";
  const parts: string[] = [];
  if (http.method) parts.push(http.method);
  if (http.pathMatch) {
    const m = http.pathMatch.match;
    const [type, value] = "exact" in m ? ["exact", m.exact] : ["prefix", m.prefix];
    parts.push(`path ${type} ${value}${http.pathMatch.caseSensitive ? " (case-sensitive)" : ""}`);
  }
  for (const h of http.headerMatches ?? []) {
    const [type, value] = Object.entries(h.match)[0] ?? ["", ""];
    parts.push(`header ${h.name} ${type} ${value}${h.caseSensitive ? " (case-sensitive)" : ""}`);
  }
  return parts.join(", ") || "—";
}

function actionWarnings(
  split: ReturnType<typeof splitRows>,
  after: RuleAction | undefined,
  ctx: PlanContext,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const unhealthyOf = (id: string) => ctx.health.get(id)?.counts.UNHEALTHY ?? 0;
  for (const group of split.after.groups) {
    const before = split.before.groups.find((g) => g.targetGroupId === group.targetGroupId);
    if (group.noHealthyTarget && group.weight > (before?.weight ?? 0)) {
      const row = split.rows.find((r) => r.targetGroupArn === group.targetGroupId);
      warnings.push({
        code: "no-healthy-target",
        message: `${row?.name ?? group.targetGroupId} has no healthy target, yet this change gives it more weight (${group.sharePercent} % of requests by weight). Lattice sends requests only to healthy targets, so they go to the other groups or fail.`,
        requiresConfirmation: true,
      });
    } else if (group.weight > (before?.weight ?? 0) && unhealthyOf(group.targetGroupId) > 0) {
      const row = split.rows.find((r) => r.targetGroupArn === group.targetGroupId);
      const health = ctx.health.get(group.targetGroupId);
      warnings.push({
        code: "unhealthy-targets",
        message: `${row?.name ?? group.targetGroupId} has ${unhealthyOf(group.targetGroupId)} of ${health?.total ?? 0} targets unhealthy. Its healthy targets (${health?.serving ?? 0}) will take its whole share, ${group.sharePercent} % of requests by weight.`,
        requiresConfirmation: true,
      });
    }
  }
  if (after && "forward" in after && split.after.failing) {
    warnings.push({
      code: "action-fails",
      message:
        split.after.totalWeight === 0
          ? "Every weight is 0: requests this action matches will reach no target."
          : "No target group that receives weight has a healthy target: requests this action matches will fail.",
      requiresConfirmation: true,
    });
  }
  if (after && "fixedResponse" in after) {
    warnings.push({
      code: "fixed-response",
      message: `Requests this action matches will get HTTP ${after.fixedResponse.statusCode} from Lattice and reach no target.`,
      requiresConfirmation: after.fixedResponse.statusCode >= 400,
    });
  }
  return warnings;
}

function ownerWarnings(owners: readonly Ownership[]): PlanWarning[] {
  return owners.map((owner) => ({
    code: "managed-resource" as const,
    message: `Managed by ${owner.label} (${owner.detail}): ${owner.advice}`,
    requiresConfirmation: true,
  }));
}

const PROPAGATION: PlanWarning = {
  code: "propagation",
  message:
    "Lattice takes a short while (typically seconds, up to a few minutes) to apply a routing change everywhere; until then some requests still follow the old rules.",
  requiresConfirmation: false,
};

/**
 * Validates a change against the listener it targets and plans it: the AWS calls to make, what moves where, and
 * the warnings to confirm. Pure: the caller supplies the listener as last read and the health to judge it by.
 */
export function planChange(input: unknown, ctx: PlanContext): PlanResult {
  const parsed = changeRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const change = parsed.data;
  const { listener } = ctx;
  const base = { serviceArn: listener.serviceArn, listenerArn: listener.arn };
  const errors: FieldError[] = [];
  const isTls = listener.protocol === "TLS_PASSTHROUGH";

  const findRule = (arn: string) => listener.rules.find((r) => r.arn === arn);
  /** The listener's rule `arn`, unless it is missing or the default rule (`whenDefault` says what to do instead). */
  const nonDefaultRule = (
    arn: string,
    whenDefault: string,
  ): { ok: true; rule: RuleState } | { ok: false; errors: FieldError[] } => {
    const rule = findRule(arn);
    if (!rule)
      return {
        ok: false,
        errors: [{ field: "target", message: `${arn} is not a rule of ${listener.name}` }],
      };
    if (rule.isDefault) return { ok: false, errors: [{ field: "target", message: whenDefault }] };
    return { ok: true, rule };
  };
  const defaultRule = listener.rules.find((r) => r.isDefault);

  if (change.kind === "forward") {
    const rule = change.target === listener.arn ? defaultRule : findRule(change.target);
    if (!rule)
      return {
        ok: false,
        errors: [{ field: "target", message: `${change.target} is not a rule of ${listener.name}` }],
      };
    const after = change.after.action;
    if (sameAction(rule.action, after)) {
      return {
        ok: false,
        unchanged: true,
        errors: [{ field: "after.action", message: "is the same as the current action" }],
      };
    }
    if (isTls && !("forward" in after)) {
      errors.push({ field: "after.action", message: "a TLS passthrough listener can only forward" });
    }
    if (errors.length > 0) return { ok: false, errors };
    const split = splitRows(rule.action, after, ctx);
    const call: PlannedCall = rule.isDefault
      ? { operation: "UpdateListener", ...base, defaultAction: after }
      : { operation: "UpdateRule", ...base, ruleArn: rule.arn, action: after };
    return {
      ok: true,
      plan: {
        kind: change.kind,
        target: change.target,
        title: rule.isDefault ? `Default action of ${listener.name}` : `Action of rule ${rule.name}`,
        split: { rows: split.rows, afterFails: split.after.failing },
        changes:
          describeAction(rule.action) === describeAction(after)
            ? []
            : [{ field: "action", before: describeAction(rule.action), after: describeAction(after) }],
        calls: [call],
        warnings: [...actionWarnings(split, after, ctx), ...ownerWarnings(ctx.owners), PROPAGATION],
      },
    };
  }

  if (change.kind === "delete-rule") {
    const found = nonDefaultRule(
      change.target,
      "the default rule cannot be deleted; edit the listener's default action instead",
    );
    if (!found.ok) return found;
    const { rule } = found;
    return {
      ok: true,
      plan: {
        kind: change.kind,
        target: change.target,
        title: `Delete rule ${rule.name}`,
        changes: [
          {
            field: "rule",
            before: `${rule.priority ?? "?"}: ${describeRuleMatch(rule.match)} → ${describeAction(rule.action)}`,
            after: "deleted",
          },
        ],
        calls: [{ operation: "DeleteRule", ...base, ruleArn: rule.arn }],
        warnings: [
          {
            code: "rule-deleted",
            message: `Requests that match ${describeRuleMatch(rule.match)} fall through to the next rule by priority, or to the default action.`,
            requiresConfirmation: true,
          },
          ...ownerWarnings(ctx.owners),
          PROPAGATION,
        ],
      },
    };
  }

  if (isTls) {
    return {
      ok: false,
      errors: [{ field: "target", message: "a TLS passthrough listener has only its default rule" }],
    };
  }

  if (change.kind === "create-rule") {
    const { name, priority, match, action } = change.after;
    const taken = listener.rules.find((r) => !r.isDefault && r.priority === priority);
    if (taken)
      errors.push({ field: "after.priority", message: `${priority} is already used by rule ${taken.name}` });
    if (listener.rules.some((r) => r.name === name)) {
      errors.push({ field: "after.name", message: `${listener.name} already has a rule named ${name}` });
    }
    if (errors.length > 0) return { ok: false, errors };
    const split = splitRows(undefined, action, ctx);
    return {
      ok: true,
      plan: {
        kind: change.kind,
        target: change.target,
        title: `New rule ${name} on ${listener.name}`,
        split: { rows: split.rows, afterFails: split.after.failing },
        changes: [
          { field: "priority", before: "—", after: String(priority) },
          { field: "match", before: "—", after: describeRuleMatch(match) },
          { field: "action", before: "—", after: describeAction(action) },
        ],
        calls: [{ operation: "CreateRule", ...base, name, priority, match, action }],
        warnings: [...actionWarnings(split, action, ctx), ...ownerWarnings(ctx.owners), PROPAGATION],
      },
    };
  }

  const found = nonDefaultRule(
    change.target,
    "the default rule is edited through its listener (a forward change on the listener)",
  );
  if (!found.ok) return found;
  const { rule } = found;
  const { priority, match, action, swapPriority } = change.after;
  const changes: ChangePlan["changes"] = [];
  if (priority !== undefined && priority !== rule.priority)
    changes.push({ field: "priority", before: String(rule.priority ?? "—"), after: String(priority) });
  if (match !== undefined && !sameMatch(match, rule.match))
    changes.push({ field: "match", before: describeRuleMatch(rule.match), after: describeRuleMatch(match) });
  const actionChanged = action !== undefined && !sameAction(action, rule.action);
  if (actionChanged)
    changes.push({ field: "action", before: describeAction(rule.action), after: describeAction(action) });
  if (changes.length === 0) return { ok: false, errors: [{ field: "after", message: "changes nothing" }] };

  const holder =
    priority !== undefined && priority !== rule.priority
      ? listener.rules.find((r) => !r.isDefault && r.arn !== rule.arn && r.priority === priority)
      : undefined;
  if (holder && !swapPriority) {
    return {
      ok: false,
      errors: [
        {
          field: "after.priority",
          message: `${priority} is already used by rule ${holder.name}; swap the two priorities instead`,
        },
      ],
    };
  }
  if (holder && rule.priority === undefined) {
    return { ok: false, errors: [{ field: "after.priority", message: "this rule has no priority to swap" }] };
  }
  const update = {
    ...(priority !== undefined && priority !== rule.priority ? { priority } : {}),
    ...(match !== undefined && !sameMatch(match, rule.match) ? { match } : {}),
    ...(actionChanged ? { action } : {}),
  };
  const calls: PlannedCall[] = holder
    ? [
        {
          operation: "BatchUpdateRule",
          ...base,
          rules: [
            { ruleIdentifier: rule.arn, ...update },
            { ruleIdentifier: holder.arn, priority: rule.priority! },
          ],
        },
      ]
    : [{ operation: "UpdateRule", ...base, ruleArn: rule.arn, ...update }];
  if (holder)
    changes.push({
      field: `priority of ${holder.name}`,
      before: String(priority),
      after: String(rule.priority),
    });
  const split = actionChanged ? splitRows(rule.action, action, ctx) : undefined;
  return {
    ok: true,
    plan: {
      kind: change.kind,
      target: change.target,
      title: `Rule ${rule.name}`,
      ...(split ? { split: { rows: split.rows, afterFails: split.after.failing } } : {}),
      changes,
      calls,
      warnings: [
        ...(split ? actionWarnings(split, action, ctx) : []),
        ...ownerWarnings(ctx.owners),
        PROPAGATION,
      ],
    },
  };
}
