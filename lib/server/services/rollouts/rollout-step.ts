import "server-only";
import type { Principal } from "@/lib/domain/auth/auth";
import { healthGate, stepAction } from "@/lib/domain/routing/rollout";
import { sameAction, type RuleAction } from "@/lib/domain/routing/rule-schemas";
import type { ListenerState } from "@/lib/domain/routing/change-types";
import { listenerRefOf, readListenerState, readTargetHealth } from "../../aws/lattice-routing";
import { withAdvisoryLock } from "../../db/advisory-locks";
import type { StoredRollout } from "../../db/rollouts";
import { applyChange, LISTENER_LOCK_WAIT_MS } from "../changes/apply-change";
import { createChange } from "../changes/create-change";
import type { HeldListener } from "../changes/held-listener";
import { serviceNameOf } from "../changes/plan-context";
import type { ServicesContext } from "../context";
import { auditRollout, HEALTH_GATE, stepNote } from "./rollout-audit";
import { withRolloutLock } from "./rollout-lock";

/** Trellis moving a rollout on by itself: completing it, or stopping it when a step cannot be taken. */
const ROLLOUT_RUNNER: Principal = {
  id: "trellis:rollout",
  name: "Rollout runner",
  role: "operator",
  via: "system",
};

/**
 * The change by which this rollout already put `action` in place, if any: a retried step whose first attempt
 * applied it (its outcome possibly recorded by the reconciler after a crash).
 */
async function changeThatPlaced(
  deps: ServicesContext,
  rollout: StoredRollout,
  action: RuleAction,
): Promise<string | undefined> {
  const latest = await deps.changes.latestOfRollout(rollout.id);
  if (!latest || latest.status !== "applied") return undefined;
  const call = latest.plan.calls[0];
  const placed =
    call?.operation === "UpdateListener"
      ? call.defaultAction
      : call?.operation === "UpdateRule"
        ? call.action
        : undefined;
  return sameAction(placed, action) ? latest.id : undefined;
}

/**
 * Applies an action to the rollout's target as one audited change made for the rollout (`note` says which step
 * or abort), every warning confirmed by the rollout. An action already in place is not applied again.
 */
export async function applyRolloutAction(
  deps: ServicesContext,
  actor: Principal,
  rollout: StoredRollout,
  action: RuleAction,
  note: string,
  held?: HeldListener,
): Promise<{ ok: true; changeId: string } | { ok: false; reason: string }> {
  const created = await createChange(
    deps,
    actor,
    { kind: "forward", target: rollout.target, after: { action } },
    { rolloutId: rollout.id, ...(held ? { held } : {}) },
  );
  if (created.status === "invalid") {
    if (created.unchanged)
      return { ok: true, changeId: (await changeThatPlaced(deps, rollout, action)) ?? "" };
    return { ok: false, reason: created.errors.map((e) => `${e.field}: ${e.message}`).join("; ") };
  }
  if (created.status === "aws-error") return { ok: false, reason: created.error.message };
  const confirm = created.change.warnings.map((w) => w.code);
  const applied = await applyChange(
    deps,
    actor,
    created.change.id,
    { confirm },
    { note, ...(held ? { held } : {}) },
  );
  if (applied.status === "applied") return { ok: true, changeId: created.change.id };
  if (applied.status === "conflict")
    return { ok: false, reason: "the action changed while the step was applied" };
  if (applied.status === "aws-error") return { ok: false, reason: applied.error.message };
  return { ok: false, reason: applied.status };
}

/** How early a step's job may run and still take the step (clocks and job timers differ a little). */
const STEP_EARLY_MS = 2_000;

/** The rollout's target rule in a listener as read. */
function targetAction(rollout: StoredRollout, listener: ListenerState): RuleAction | undefined {
  const rule =
    rollout.target === rollout.listener
      ? listener.rules.find((r) => r.isDefault)
      : listener.rules.find((r) => r.arn === rollout.target);
  return rule?.action;
}

/**
 * Runs a step's work holding the listener's lock, with one Lattice client and one read of the listener (made under
 * the lock) that the action check, the plan and the apply's drift check all use. `read` is the read's outcome.
 */
async function withStepListener(
  deps: ServicesContext,
  rollout: StoredRollout,
  work: (read: { held: HeldListener } | { error: string }) => Promise<void>,
): Promise<void> {
  const ref = listenerRefOf(rollout.listener);
  const lattice = ref ? deps.lattice(rollout.accountId, rollout.region) : undefined;
  if (!ref || !lattice) {
    return work({ error: `account ${rollout.accountId} is not in Trellis's configuration` });
  }
  try {
    await withAdvisoryLock(
      deps.db,
      "listener",
      rollout.listener,
      async (lock) => {
        let live: ListenerState;
        try {
          live = await readListenerState(lattice, ref, serviceNameOf(ref, await deps.nodes()));
        } catch (error) {
          return work({ error: error instanceof Error ? error.message : String(error) });
        }
        return work({ held: { lattice, live, lock } });
      },
      { waitMs: LISTENER_LOCK_WAIT_MS, describe: `Listener ${rollout.listener}` },
    );
  } finally {
    lattice.destroy();
  }
}

/**
 * One step of a rollout, run by its job: checks that nobody changed the action since the last step, checks the
 * health gate (after the first step), then applies the next weights, or aborts to the starting ones when the
 * gate fails. Safe to run twice: a step already taken is not taken again.
 */
export async function runRolloutStep(deps: ServicesContext, rolloutId: string): Promise<void> {
  await withRolloutLock(deps.db, rolloutId, async () => {
    const rollout = await deps.rollouts.get(rolloutId);
    if (!rollout || rollout.status !== "running") return;
    // A duplicate job (a retry, or one the reconciler queued) never takes a step before its time.
    if (rollout.nextStepAt && Date.parse(rollout.nextStepAt) > Date.now() + STEP_EARLY_MS) return;
    const done = rollout.stepsDone;
    const actor = rollout.createdBy;
    const fail = async (message: string) => {
      if (
        await deps.rollouts.update(
          rolloutId,
          ["running"],
          { status: "failed", nextStepAt: null, message },
          { message, step: done + 1 },
        )
      ) {
        await auditRollout(deps.db, {
          actor: ROLLOUT_RUNNER,
          operation: "FailRollout",
          result: "conflict",
          rollout,
          message,
        });
      }
    };
    if (done >= rollout.steps.length) {
      if (
        await deps.rollouts.update(
          rolloutId,
          ["running"],
          { status: "completed", nextStepAt: null },
          { message: "Completed" },
        )
      ) {
        await auditRollout(deps.db, {
          actor: ROLLOUT_RUNNER,
          operation: "CompleteRollout",
          result: "applied",
          rollout,
          message: "Completed",
        });
      }
      return;
    }
    await withStepListener(deps, rollout, async (read) => {
      if ("error" in read) {
        await fail(`Could not read the action: ${read.error}`);
        return;
      }
      const { held } = read;
      const current = targetAction(rollout, held.live);
      const expected =
        done === 0
          ? rollout.startAction
          : stepAction(rollout.startAction, rollout.canary, rollout.steps[done - 1]!);
      const next = stepAction(rollout.startAction, rollout.canary, rollout.steps[done]!);
      if (!sameAction(current, expected) && !sameAction(current, next)) {
        await fail("The action was changed outside this rollout; it stopped without touching it.");
        return;
      }
      if (done > 0) {
        const health = await readTargetHealth(held.lattice, [rollout.canary]);
        const gate = healthGate(health.get(rollout.canary), rollout.maxUnhealthy);
        if (!gate.pass) {
          await abortToStart(
            deps,
            HEALTH_GATE,
            rollout,
            `Health gate failed before step ${done + 1}: ${gate.reason}`,
            ["running"],
            held,
          );
          return;
        }
      }
      const applied = sameAction(current, next)
        ? { ok: true as const, changeId: (await changeThatPlaced(deps, rollout, next)) ?? "" }
        : await applyRolloutAction(deps, actor, rollout, next, stepNote(rollout, done + 1), held);
      if (!applied.ok) {
        await fail(`Step ${done + 1} failed: ${applied.reason}`);
        return;
      }
      const last = done + 1 === rollout.steps.length;
      const nextStepAt = last ? null : new Date(Date.now() + rollout.waitSeconds * 1000);
      const moved = await deps.rollouts.update(
        rolloutId,
        ["running"],
        { stepsDone: done + 1, nextStepAt, ...(last ? { status: "completed" as const } : {}) },
        {
          message: `Step ${done + 1}: ${rollout.steps[done]} % to the canary${
            applied.changeId ? "" : " (already in place)"
          }${last ? "; rollout complete" : ""}`,
          step: done + 1,
          ...(applied.changeId ? { changeId: applied.changeId } : {}),
        },
      );
      if (moved && last) {
        await auditRollout(deps.db, {
          actor: ROLLOUT_RUNNER,
          operation: "CompleteRollout",
          result: "applied",
          rollout,
          message: `Completed: ${rollout.steps.at(-1)} % to the canary after ${rollout.steps.length} steps`,
        });
      }
      if (moved && !last) await deps.scheduleStep(rolloutId, rollout.waitSeconds);
    });
  });
}

/**
 * Puts the starting weights back and ends the rollout as aborted (from the statuses given); `actor` is who
 * aborted it (a person, or the health gate), and the abort is audited with `message` as its reason.
 */
export async function abortToStart(
  deps: ServicesContext,
  actor: Principal,
  rollout: StoredRollout,
  message: string,
  from: StoredRollout["status"][],
  /** Within a step: the listener it holds, read once. */
  held?: HeldListener,
): Promise<{ ok: boolean; message: string }> {
  const restored =
    rollout.stepsDone === 0
      ? { ok: true as const, changeId: "" }
      : await applyRolloutAction(
          deps,
          actor,
          rollout,
          rollout.startAction,
          `Rollout ${rollout.id.slice(0, 8)} aborted (${message}): restoring the starting weights`,
          held,
        );
  const text = restored.ok
    ? `${message}. Starting weights restored.`
    : `${message}. Restoring the starting weights failed: ${restored.reason}`;
  const moved = await deps.rollouts.update(
    rollout.id,
    from,
    { status: restored.ok ? "aborted" : "failed", nextStepAt: null, message: text },
    { message: text, ...(restored.ok && restored.changeId ? { changeId: restored.changeId } : {}) },
  );
  if (moved) {
    await auditRollout(deps.db, {
      actor,
      operation: "AbortRollout",
      result: restored.ok ? "applied" : "aws-error",
      rollout,
      message: text,
    });
  }
  return { ok: restored.ok, message: text };
}
