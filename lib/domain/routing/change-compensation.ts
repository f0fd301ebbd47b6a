import type { ListenerState, PlannedCall, RuleState } from "./change-types";

type BatchCall = Extract<PlannedCall, { operation: "BatchUpdateRule" }>;
type BatchEntry = BatchCall["rules"][number];

/** What AWS did with each entry of a BatchUpdateRule. */
export interface BatchOutcome {
  /** ARNs (or ids) of the rules AWS updated. */
  successful: string[];
  unsuccessful: { ruleIdentifier: string; failureCode?: string; failureMessage?: string }[];
}

/** The id part of a rule ARN ("rule-0abc…"), or the identifier itself when it is already an id. */
function ruleIdOf(identifier: string): string {
  return identifier.slice(identifier.lastIndexOf("/") + 1);
}

function sameRuleId(a: string, b: string): boolean {
  return ruleIdOf(a) === ruleIdOf(b);
}

/**
 * The entry that puts back, on one rule, every field the batch entry set: its priority, match and action as
 * they were before the batch. Undefined when the rule isn't in the state read before (nothing known to restore).
 */
function restoreEntry(entry: BatchEntry, before: ListenerState): BatchEntry | undefined {
  const rule: RuleState | undefined = before.rules.find(
    (r) => !r.isDefault && sameRuleId(r.arn, entry.ruleIdentifier),
  );
  if (!rule) return undefined;
  return {
    ruleIdentifier: rule.arn,
    ...(entry.priority !== undefined && rule.priority !== undefined ? { priority: rule.priority } : {}),
    ...(entry.match !== undefined && rule.match !== undefined ? { match: rule.match } : {}),
    ...(entry.action !== undefined ? { action: rule.action } : {}),
  };
}

export interface Compensation {
  /** The call that undoes the updates AWS made, or undefined when it made none. */
  call: PlannedCall | undefined;
  /** Rules AWS updated that can't be put back from the state read before (they weren't in it). */
  unrestorable: string[];
  /** The rules the compensation puts back, by ARN. */
  restores: string[];
}

/**
 * A BatchUpdateRule is not atomic: AWS may update some entries and refuse others. A priority swap applied by
 * half leaves the listener in a state nobody planned, so the entries AWS did apply are undone: an UpdateRule for
 * one rule, another BatchUpdateRule for several, each putting back exactly the fields the batch set, from the
 * live state read (under the listener's lock) just before the batch.
 */
export function compensationFor(call: BatchCall, outcome: BatchOutcome, before: ListenerState): Compensation {
  const applied = call.rules.filter((entry) =>
    outcome.successful.some((done) => sameRuleId(done, entry.ruleIdentifier)),
  );
  const restores: BatchEntry[] = [];
  const unrestorable: string[] = [];
  for (const entry of applied) {
    const restore = restoreEntry(entry, before);
    if (restore && Object.keys(restore).length > 1) restores.push(restore);
    else unrestorable.push(entry.ruleIdentifier);
  }
  const base = { serviceArn: call.serviceArn, listenerArn: call.listenerArn };
  const only = restores.length === 1 ? restores[0] : undefined;
  const compensation: PlannedCall | undefined = only
    ? {
        operation: "UpdateRule",
        ...base,
        ruleArn: only.ruleIdentifier,
        ...(only.priority !== undefined ? { priority: only.priority } : {}),
        ...(only.match ? { match: only.match } : {}),
        ...(only.action ? { action: only.action } : {}),
      }
    : restores.length > 1
      ? { operation: "BatchUpdateRule", ...base, rules: restores }
      : undefined;
  return { call: compensation, unrestorable, restores: restores.map((r) => r.ruleIdentifier) };
}

/** One line on what a partially applied batch did, for the error shown and audited. */
export function describeBatchOutcome(outcome: BatchOutcome, before: ListenerState): string {
  const name = (identifier: string) =>
    before.rules.find((r) => sameRuleId(r.arn, identifier))?.name ?? ruleIdOf(identifier);
  const failed = outcome.unsuccessful
    .map(
      (f) =>
        `${name(f.ruleIdentifier)} (${[f.failureCode, f.failureMessage].filter(Boolean).join(": ") || "no reason given"})`,
    )
    .join("; ");
  const done = outcome.successful.map(name).join(", ");
  return `BatchUpdateRule was applied only in part: AWS updated ${done || "no rule"} and refused ${failed}`;
}
