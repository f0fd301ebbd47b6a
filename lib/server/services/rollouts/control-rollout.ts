import "server-only";
import type { Principal } from "@/lib/domain/auth/auth";
import type { StoredRollout } from "../../db/rollouts";
import type { ServicesContext } from "../context";
import { auditRollout, type RolloutOperation } from "./rollout-audit";
import { abortToStart } from "./rollout-step";
import { withRolloutLock } from "./rollout-lock";

const OPERATION: Record<RolloutAction, RolloutOperation> = {
  pause: "PauseRollout",
  resume: "ResumeRollout",
  abort: "AbortRollout",
};

export type RolloutAction = "pause" | "resume" | "abort";

export type ControlRolloutResult =
  { status: "ok"; rollout: StoredRollout } | { status: "not-found" } | { status: "invalid"; message: string };

/**
 * Pause (the next step waits), resume (the next step runs now) or abort (the starting weights come back); each,
 * and each refusal, audited with who asked.
 */
export async function controlRollout(
  deps: ServicesContext,
  actor: Principal,
  id: string,
  action: RolloutAction,
): Promise<ControlRolloutResult> {
  const result = await controlLocked(deps, actor, id, action);
  if (result.status === "not-found") return result;
  if (result.status === "invalid") {
    const rollout = await deps.rollouts.get(id);
    await auditRollout(deps.db, {
      actor,
      operation: OPERATION[action],
      result: "rejected",
      ...(rollout ? { rollout } : {}),
      message: result.message,
    });
  } else if (action !== "abort") {
    // An abort is audited where it happens (abortToStart), with whether the starting weights came back.
    await auditRollout(deps.db, {
      actor,
      operation: OPERATION[action],
      result: "applied",
      rollout: result.rollout,
      message: `${action === "pause" ? "Paused" : "Resumed"} at step ${result.rollout.stepsDone} of ${result.rollout.steps.length}`,
    });
  }
  return result;
}

function controlLocked(
  deps: ServicesContext,
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
      if (
        !(await deps.rollouts.update(
          id,
          ["paused"],
          { status: "running", nextStepAt: new Date() },
          { message: by },
        ))
      ) {
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
