import { isActiveRollout, type RolloutStatus } from "@/lib/domain/routing/rollout";

export interface RolloutSnapshot {
  id: string;
  stepsDone: number;
  status: RolloutStatus;
  events: { changeId?: string }[];
}

/** What was last seen of a rollout: where it was, and how many events it had. */
export interface SeenRollout {
  stepsDone: number;
  status: RolloutStatus;
  events: number;
}

/** A rollout whose weights may have moved since the last poll, and the change that moved them, when known. */
export interface RolloutMove {
  id: string;
  changeId: string | undefined;
}

/**
 * Rollouts whose weights moved since the last poll (`moved`): a step taken, or an end (completed, aborted: the
 * starting weights come back, failed), or one seen for the first time that has applied a change. Pause and
 * resume move no weights, but they are among `changed`: every rollout whose step or status is not as last seen.
 * The first poll (`seen` undefined) only records what is there.
 */
export function rolloutMoves(
  seen: ReadonlyMap<string, SeenRollout> | undefined,
  rollouts: readonly RolloutSnapshot[],
): { seen: Map<string, SeenRollout>; moved: RolloutMove[]; changed: string[] } {
  const next = new Map<string, SeenRollout>();
  const moved: RolloutMove[] = [];
  const changed: string[] = [];
  for (const rollout of rollouts) {
    next.set(rollout.id, {
      stepsDone: rollout.stepsDone,
      status: rollout.status,
      events: rollout.events.length,
    });
    if (!seen) continue;
    const before = seen.get(rollout.id);
    const fresh = rollout.events.slice(before?.events ?? 0);
    const changeId = fresh.findLast((event) => event.changeId)?.changeId;
    const weightsMoved = before
      ? rollout.stepsDone !== before.stepsDone ||
        (rollout.status !== before.status && !isActiveRollout(rollout.status))
      : changeId !== undefined;
    if (weightsMoved) moved.push({ id: rollout.id, changeId });
    if (!before || before.stepsDone !== rollout.stepsDone || before.status !== rollout.status) {
      changed.push(rollout.id);
    }
  }
  return { seen: next, moved, changed };
}
