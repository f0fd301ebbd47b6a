import "server-only";
import type { Principal } from "@/lib/domain/auth";
import type { StoredRollout } from "../../db/rollouts";
import type { RolloutDeps } from "./deps";
import { abortToStart } from "./rollout-step";
import { withRolloutLock } from "./rollout-lock";

export type RolloutAction = "pause" | "resume" | "abort";

export type ControlRolloutResult =
  { status: "ok"; rollout: StoredRollout } | { status: "not-found" } | { status: "invalid"; message: string };

/** Pause (the next step waits), resume (the next step runs now) or abort (the starting weights come back). */
export async function controlRollout(
  deps: RolloutDeps,
  actor: Principal,
  id: string,
  action: RolloutAction,
): Promise<ControlRolloutResult> {
  return withRolloutLock(deps.db, id, async () => {
    const rollout = await deps.rollouts.get(id);
    if (!rollout) return { status: "not-found" } as const;
    const by = `${action === "pause" ? "Paused" : action === "resume" ? "Resumed" : "Aborted"} by ${actor.name}`;
    if (action === "pause") {
      if (
        !(await deps.rollouts.update(
          id,
          ["running"],
          { status: "paused", nextStepAt: null },
          { message: by },
        ))
      ) {
        return {
          status: "invalid",
          message: `Only a running rollout can be paused; this one is ${rollout.status}`,
        } as const;
      }
    } else if (action === "resume") {
      if (!(await deps.rollouts.update(id, ["paused"], { status: "running" }, { message: by }))) {
        return {
          status: "invalid",
          message: `Only a paused rollout can be resumed; this one is ${rollout.status}`,
        } as const;
      }
      await deps.scheduleStep(id, 0);
    } else {
      if (rollout.status !== "running" && rollout.status !== "paused") {
        return { status: "invalid", message: `This rollout is already ${rollout.status}` } as const;
      }
      await abortToStart(deps, actor, rollout, by, ["running", "paused"]);
    }
    const updated = await deps.rollouts.get(id);
    return { status: "ok", rollout: updated ?? rollout } as const;
  });
}
