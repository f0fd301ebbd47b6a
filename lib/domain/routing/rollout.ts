import { z } from "zod";
import { metricGateSchema } from "../metrics/gate";
import { targetGroupIdOf, type RuleAction } from "./rule-schemas";
import { largestRemainderPercents, type TargetGroupHealth } from "./weights";

export const rolloutRequestSchema = z
  .object({
    /** The listener (its default action) or rule whose forward action the rollout shifts. */
    target: z
      .string({ error: "is required" })
      .regex(
        /^arn:aws[a-z-]*:vpc-lattice:.+\/listener\/listener-[0-9a-z]+(\/rule\/rule-[0-9a-z]+)?$/,
        "must be a listener or rule ARN",
      ),
    /** The target group that receives more and more of the action's requests. */
    canary: z
      .string({ error: "is required" })
      .regex(/^(tg-[0-9a-z]{17}|arn:.+:targetgroup\/tg-[0-9a-z]{17})$/, "must be a target group id or ARN"),
    /** The canary's percent of the action at each step. */
    steps: z
      .array(
        z
          .number()
          .int("must be a whole number")
          .min(1, "must be between 1 and 100")
          .max(100, "must be between 1 and 100"),
      )
      .min(1, "needs at least one step")
      .max(10, "can have at most 10 steps")
      .refine((steps) => steps.every((s, i) => i === 0 || s > steps[i - 1]!), "must go up at every step"),
    /** Time between steps, for health to show. */
    waitSeconds: z.number().int().min(0).max(86_400).default(300),
    /** Most unhealthy canary targets a step may see and still go on. */
    maxUnhealthy: z.number().int().min(0).max(1_000).default(0),
    /** Metric checks over an analysis window before each step after the first (CloudWatch). */
    metricGate: metricGateSchema.optional(),
  })
  .strict();
export type RolloutRequest = z.infer<typeof rolloutRequestSchema>;

export type RolloutStatus = "running" | "paused" | "completed" | "aborted" | "failed";

/** A rollout that may still take a step. */
export const ACTIVE_ROLLOUT_STATUSES = ["running", "paused"] as const satisfies readonly RolloutStatus[];
export const ENDED_ROLLOUT_STATUSES = [
  "completed",
  "aborted",
  "failed",
] as const satisfies readonly RolloutStatus[];

/** How long an ended rollout stays in the active list (and on the map), so the on-call sees what just happened. */
export const RECENTLY_ENDED_MS = 15 * 60_000;

export function isActiveRollout(status: RolloutStatus): boolean {
  return (ACTIVE_ROLLOUT_STATUSES as readonly RolloutStatus[]).includes(status);
}

/**
 * The forward action at a step: the canary gets `percent` of 100 weight, the other groups share the rest in
 * proportion to their starting weights (equally when those were all 0). Groups stay in the action at weight 0,
 * so the rollout can always go back.
 */
export function stepAction(start: RuleAction, canary: string, percent: number): RuleAction {
  if (!("forward" in start)) throw new Error("a rollout shifts a forward action");
  const canaryId = targetGroupIdOf(canary);
  const groups = start.forward.targetGroups;
  const others = groups.filter((g) => targetGroupIdOf(g.targetGroupIdentifier) !== canaryId);
  const startWeights = others.map((g) => g.weight ?? 0);
  const basis = startWeights.some((w) => w > 0) ? startWeights : others.map(() => 1);
  const shares = largestRemainderPercents(basis).map((p) => Math.round((p * (100 - percent)) / 100));
  // Rounding can leave the others' sum a point off 100 − percent: the largest takes the difference.
  const drift = 100 - percent - shares.reduce((a, s) => a + s, 0);
  if (shares.length > 0 && drift !== 0) {
    const largest = shares.indexOf(Math.max(...shares));
    shares[largest] = (shares[largest] ?? 0) + drift;
  }
  let other = 0;
  return {
    forward: {
      targetGroups: groups.map((g) =>
        targetGroupIdOf(g.targetGroupIdentifier) === canaryId
          ? { targetGroupIdentifier: g.targetGroupIdentifier, weight: percent }
          : { targetGroupIdentifier: g.targetGroupIdentifier, weight: shares[other++] ?? 0 },
      ),
    },
  };
}

export interface GateResult {
  pass: boolean;
  reason: string;
}

/** The health gate before a step: the canary has a serving target and at most `maxUnhealthy` unhealthy ones. */
export function healthGate(health: TargetGroupHealth | undefined, maxUnhealthy: number): GateResult {
  if (!health) return { pass: false, reason: "the canary's target health could not be read" };
  const unhealthy = health.counts.UNHEALTHY;
  if (health.serving === 0)
    return { pass: false, reason: `the canary has no healthy target (${health.total} registered)` };
  if (unhealthy > maxUnhealthy) {
    return {
      pass: false,
      reason: `the canary has ${unhealthy} unhealthy target${unhealthy === 1 ? "" : "s"} (at most ${maxUnhealthy} allowed)`,
    };
  }
  return { pass: true, reason: `${health.serving} of ${health.total} canary targets healthy` };
}
