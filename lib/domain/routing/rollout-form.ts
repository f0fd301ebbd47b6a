import { healthGate, type GateResult } from "./rollout";
import type { TargetGroupHealth } from "./weights";

/** The staged-rollout form as typed. */
export interface RolloutFormInput {
  steps: string;
  waitSeconds: string;
  maxUnhealthy: string;
}

export type RolloutFormField = keyof RolloutFormInput;

export interface RolloutFormCheck {
  /** At most one message per field, in words. */
  errors: Partial<Record<RolloutFormField, string>>;
  /** What would be sent when there are no errors. */
  values?: { steps: number[]; waitSeconds: number; maxUnhealthy: number };
  /** Each field that reads well on its own, for what can be said before the whole form is right. */
  parsed: { steps?: number[]; waitSeconds?: number; maxUnhealthy?: number };
  /** Worth knowing, but allowed: e.g. a last step below 100 %. */
  notes: string[];
}

const MAX_STEPS = 10;
const MAX_WAIT_SECONDS = 86_400;
const MAX_UNHEALTHY = 1_000;

function wholeNumber(text: string, min: number, max: number, what: string): [number?, string?] {
  const trimmed = text.trim();
  if (trimmed === "") return [undefined, `Enter ${what}`];
  if (!/^\d+$/.test(trimmed))
    return [undefined, `Use a whole number from ${min} to ${max.toLocaleString("en")}`];
  const value = Number(trimmed);
  if (value < min || value > max) return [undefined, `Must be from ${min} to ${max.toLocaleString("en")}`];
  return [value];
}

function checkSteps(text: string): [number[]?, string?] {
  const tokens = text.split(/[\s,;→>]+/).filter(Boolean);
  if (tokens.length === 0) return [undefined, "Enter the canary's share at each step, e.g. 10, 25, 50, 100"];
  const bad = tokens.find((t) => !/^\d+%?$/.test(t));
  if (bad !== undefined)
    return [undefined, `“${bad}” is not a whole percent; write steps like 10, 25, 50, 100`];
  const steps = tokens.map((t) => Number(t.replace("%", "")));
  const outside = steps.find((s) => s < 1 || s > 100);
  if (outside !== undefined) return [undefined, `Each step must be from 1 to 100 % (${outside} is not)`];
  const down = steps.findIndex((s, i) => i > 0 && s <= steps[i - 1]!);
  if (down > 0) {
    return [
      undefined,
      `Each step must be larger than the one before (${steps[down]} % comes after ${steps[down - 1]} %)`,
    ];
  }
  if (steps.length > MAX_STEPS) return [undefined, `At most ${MAX_STEPS} steps (${steps.length} given)`];
  return [steps];
}

/** Checks the form as typed, with the same limits as the API (rolloutRequestSchema), in words per field. */
export function checkRolloutForm(input: RolloutFormInput): RolloutFormCheck {
  const [steps, stepsError] = checkSteps(input.steps);
  const [waitSeconds, waitError] = wholeNumber(input.waitSeconds, 0, MAX_WAIT_SECONDS, "the wait in seconds");
  const [maxUnhealthy, unhealthyError] = wholeNumber(
    input.maxUnhealthy,
    0,
    MAX_UNHEALTHY,
    "how many unhealthy targets a step may see",
  );
  const errors: RolloutFormCheck["errors"] = {
    ...(stepsError ? { steps: stepsError } : {}),
    ...(waitError ? { waitSeconds: waitError } : {}),
    ...(unhealthyError ? { maxUnhealthy: unhealthyError } : {}),
  };
  const notes: string[] = [];
  const last = steps?.at(-1);
  if (last !== undefined && last < 100) {
    notes.push(`The last step is ${last} %: the rollout ends with the canary at ${last} %, not 100 %.`);
  }
  return {
    errors,
    notes,
    parsed: {
      ...(steps ? { steps } : {}),
      ...(waitSeconds !== undefined ? { waitSeconds } : {}),
      ...(maxUnhealthy !== undefined ? { maxUnhealthy } : {}),
    },
    ...(steps && waitSeconds !== undefined && maxUnhealthy !== undefined
      ? { values: { steps, waitSeconds, maxUnhealthy } }
      : {}),
  };
}

/**
 * The health gate the canary would face before step 2, checked now: a rollout on a canary that already fails it
 * takes its first step and then puts the starting weights back. Undefined when there is nothing to warn about.
 */
export function preflightGate(
  health: TargetGroupHealth | undefined,
  maxUnhealthy: number | undefined,
  steps: number,
): GateResult | undefined {
  if (maxUnhealthy === undefined || steps < 2) return undefined;
  const gate = healthGate(health, maxUnhealthy);
  return gate.pass ? undefined : gate;
}
