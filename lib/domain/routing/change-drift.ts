import type { ChangeRequest, ListenerState, RuleState } from "./change-types";
import { canonicalJson } from "../topology/history";

/**
 * The rules a change depends on, by ARN: the rule it edits (the default rule for a listener's action) and, for a
 * priority swap, the rule holding the wanted priority. A rule created depends on every rule (names, priorities).
 */
function dependsOn(change: ChangeRequest, base: ListenerState): RuleState[] | "all" {
  if (change.kind === "create-rule") return "all";
  const target =
    change.kind === "forward" && change.target === base.arn
      ? base.rules.find((r) => r.isDefault)
      : base.rules.find((r) => r.arn === change.target);
  const rules = target ? [target] : [];
  if (change.kind === "rule" && change.after.priority !== undefined) {
    const holder = base.rules.find(
      (r) => !r.isDefault && r.arn !== change.target && r.priority === change.after.priority,
    );
    if (holder) rules.push(holder);
  }
  return rules;
}

function sameRule(a: RuleState | undefined, b: RuleState | undefined): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

export interface Drift {
  /** Rules whose live state differs from the state the change was planned from (or that appeared or went). */
  rules: { arn: string; name: string; base: RuleState | null; live: RuleState | null }[];
}

/**
 * What changed in AWS, since the change was planned, that the change depends on. Unrelated edits to other rules
 * of the listener are not drift: they don't make this change wrong.
 */
export function driftOf(change: ChangeRequest, base: ListenerState, live: ListenerState): Drift {
  const deps = dependsOn(change, base);
  const arns =
    deps === "all"
      ? new Set([...base.rules, ...live.rules].map((r) => r.arn))
      : new Set(deps.map((r) => r.arn));
  // A rule that took the wanted priority after planning also matters.
  if (change.kind === "rule" && change.after.priority !== undefined && deps !== "all") {
    for (const r of live.rules)
      if (r.priority === change.after.priority && r.arn !== change.target) arns.add(r.arn);
  }
  const rules: Drift["rules"] = [];
  for (const arn of arns) {
    const was = base.rules.find((r) => r.arn === arn);
    const now = live.rules.find((r) => r.arn === arn);
    if (!sameRule(was, now))
      rules.push({ arn, name: (now ?? was)?.name ?? arn, base: was ?? null, live: now ?? null });
  }
  return { rules };
}
