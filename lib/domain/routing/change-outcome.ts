import type { ListenerState, PlannedCall, RuleState } from "./change-types";
import { sameAction, sameMatch, type RuleAction, type RuleMatch } from "./rule-schemas";

/** What one planned write would leave, checked against a listener as read. */
type Effect =
  | { kind: "default-action"; action: RuleAction }
  | { kind: "rule"; ruleArn: string; priority?: number; match?: RuleMatch; action?: RuleAction }
  | { kind: "created"; name: string; priority: number; match: RuleMatch; action: RuleAction }
  | { kind: "deleted"; ruleArn: string };

function effectsOf(calls: readonly PlannedCall[]): Effect[] {
  return calls.flatMap((call): Effect[] => {
    switch (call.operation) {
      case "UpdateListener":
        return [{ kind: "default-action", action: call.defaultAction }];
      case "UpdateRule":
        return [
          {
            kind: "rule",
            ruleArn: call.ruleArn,
            ...(call.priority !== undefined ? { priority: call.priority } : {}),
            ...(call.match ? { match: call.match } : {}),
            ...(call.action ? { action: call.action } : {}),
          },
        ];
      case "BatchUpdateRule":
        return call.rules.map((r) => ({
          kind: "rule",
          ruleArn: r.ruleIdentifier,
          ...(r.priority !== undefined ? { priority: r.priority } : {}),
          ...(r.match ? { match: r.match } : {}),
          ...(r.action ? { action: r.action } : {}),
        }));
      case "CreateRule":
        return [
          {
            kind: "created",
            name: call.name,
            priority: call.priority,
            match: call.match,
            action: call.action,
          },
        ];
      case "DeleteRule":
        return [{ kind: "deleted", ruleArn: call.ruleArn }];
    }
  });
}

const ruleIdOf = (arn: string) => arn.split("/").pop() ?? arn;
const findRule = (state: ListenerState, arn: string) =>
  state.rules.find((r) => r.arn === arn || ruleIdOf(r.arn) === ruleIdOf(arn));

function sameRule(a: RuleState | undefined, b: RuleState | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.name === b.name &&
    a.isDefault === b.isDefault &&
    (a.priority ?? null) === (b.priority ?? null) &&
    sameMatch(a.match, b.match) &&
    sameAction(a.action, b.action)
  );
}

/** Whether the listener shows the effect as made, or as it was before (the base), or neither. */
function stateOf(effect: Effect, base: ListenerState, live: ListenerState): "made" | "not-made" | "other" {
  switch (effect.kind) {
    case "default-action": {
      const now = live.rules.find((r) => r.isDefault)?.action;
      if (sameAction(now, effect.action)) return "made";
      return sameAction(now, base.rules.find((r) => r.isDefault)?.action) ? "not-made" : "other";
    }
    case "rule": {
      const now = findRule(live, effect.ruleArn);
      if (
        now &&
        (effect.priority === undefined || now.priority === effect.priority) &&
        (effect.match === undefined || sameMatch(now.match, effect.match)) &&
        (effect.action === undefined || sameAction(now.action, effect.action))
      ) {
        return "made";
      }
      return sameRule(now, findRule(base, effect.ruleArn)) ? "not-made" : "other";
    }
    case "created": {
      const now = live.rules.find((r) => !r.isDefault && r.name === effect.name);
      if (!now) return base.rules.some((r) => r.name === effect.name) ? "other" : "not-made";
      return now.priority === effect.priority &&
        sameMatch(now.match, effect.match) &&
        sameAction(now.action, effect.action)
        ? "made"
        : "other";
    }
    case "deleted": {
      const now = findRule(live, effect.ruleArn);
      if (!now) return "made";
      return sameRule(now, findRule(base, effect.ruleArn)) ? "not-made" : "other";
    }
  }
}

export type ChangeOutcome =
  | { outcome: "applied" }
  | { outcome: "not-applied" }
  /** Some writes show as made and others not, or the listener has something else where the change wrote. */
  | { outcome: "other"; made: number; notMade: number; other: number };

/**
 * What became of a change whose apply was interrupted, judged from the listener as AWS has it now: every write
 * the plan makes shows as made (applied), none does and the touched rules are as they were planned from
 * (not applied), or anything else (other). Pure.
 */
export function changeOutcome(
  calls: readonly PlannedCall[],
  base: ListenerState,
  live: ListenerState,
): ChangeOutcome {
  const states = effectsOf(calls).map((effect) => stateOf(effect, base, live));
  const made = states.filter((s) => s === "made").length;
  const notMade = states.filter((s) => s === "not-made").length;
  if (states.length > 0 && made === states.length) return { outcome: "applied" };
  if (notMade === states.length) return { outcome: "not-applied" };
  return { outcome: "other", made, notMade, other: states.length - made - notMade };
}
