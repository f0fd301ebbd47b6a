import "server-only";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/domain/auth/auth";
import { fieldErrors, type FieldError } from "@/lib/domain/routing/change-types";
import { isActiveRollout, rolloutRequestSchema } from "@/lib/domain/routing/rollout";
import { targetGroupIdOf } from "@/lib/domain/routing/rule-schemas";
import { listenerRefOf, readListenerState } from "../../aws/lattice-routing";
import type { StoredRollout } from "../../db/rollouts";
import { awsFailure, type AwsFailure } from "../changes/aws-failure";
import type { ServicesContext } from "../context";
import { auditRollout } from "./rollout-audit";

export type StartRolloutResult =
  | { status: "started"; rollout: StoredRollout }
  | { status: "invalid"; errors: FieldError[] }
  | { status: "aws-error"; error: AwsFailure };

/**
 * Starts a staged canary: records where the action starts (what abort restores) and queues the first step, which
 * runs at once; each later step waits, checks the canary's health, and is applied and audited on its own. The
 * start, or its refusal, is audited with the plan.
 */
export async function startRollout(
  deps: ServicesContext,
  actor: Principal,
  body: unknown,
): Promise<StartRolloutResult> {
  const result = await startChecked(deps, actor, body);
  const target = (body as { target?: unknown } | null)?.target;
  if (result.status === "started") {
    const { rollout } = result;
    await auditRollout(deps.db, {
      actor,
      operation: "StartRollout",
      result: "applied",
      rollout,
      before: rollout.startAction,
      after: {
        canary: rollout.canary,
        steps: rollout.steps,
        waitSeconds: rollout.waitSeconds,
        maxUnhealthy: rollout.maxUnhealthy,
      },
      message: `Started: ${rollout.steps.join(" → ")} % to the canary, ${rollout.waitSeconds} s between steps`,
    });
  } else {
    await auditRollout(deps.db, {
      actor,
      operation: "StartRollout",
      result: result.status === "invalid" ? "rejected" : "aws-error",
      ...(typeof target === "string" && target.length <= 2048 ? { target } : {}),
      message:
        result.status === "invalid"
          ? `Refused: ${result.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`
          : `Reading the listener failed: ${result.error.message}`,
    });
  }
  return result;
}

async function startChecked(
  deps: ServicesContext,
  actor: Principal,
  body: unknown,
): Promise<StartRolloutResult> {
  const parsed = rolloutRequestSchema.safeParse(body);
  if (!parsed.success) return { status: "invalid", errors: fieldErrors(parsed.error) };
  const request = parsed.data;
  const ref = listenerRefOf(request.target);
  const lattice = ref ? deps.lattice(ref.accountId, ref.region) : undefined;
  if (!ref || !lattice) {
    return {
      status: "invalid",
      errors: [{ field: "target", message: "must be a listener or rule of a configured account" }],
    };
  }
  try {
    const listener = await readListenerState(lattice, ref, "");
    const rule =
      request.target === ref.listenerArn
        ? listener.rules.find((r) => r.isDefault)
        : listener.rules.find((r) => r.arn === request.target);
    if (!rule)
      return {
        status: "invalid",
        errors: [{ field: "target", message: `${request.target} is not a rule of this listener` }],
      };
    if (!("forward" in rule.action)) {
      return {
        status: "invalid",
        errors: [
          { field: "target", message: "the action is a fixed response; a rollout shifts a forward action" },
        ],
      };
    }
    const canaryId = targetGroupIdOf(request.canary);
    if (
      !rule.action.forward.targetGroups.some((g) => targetGroupIdOf(g.targetGroupIdentifier) === canaryId)
    ) {
      return {
        status: "invalid",
        errors: [
          { field: "canary", message: `${canaryId} is not in the action; add it with weight 0 first` },
        ],
      };
    }
    if (rule.action.forward.targetGroups.length < 2) {
      return {
        status: "invalid",
        errors: [
          { field: "target", message: "the action forwards to one target group only: nothing to shift from" },
        ],
      };
    }
    const running = (await deps.rollouts.list({ listener: ref.listenerArn })).find(
      (r) => r.target === request.target && isActiveRollout(r.status),
    );
    if (running) {
      return {
        status: "invalid",
        errors: [
          { field: "target", message: `rollout ${running.id} is already ${running.status} on this action` },
        ],
      };
    }
    const canary = request.canary.startsWith("arn:")
      ? request.canary
      : `arn:aws:vpc-lattice:${ref.region}:${ref.accountId}:targetgroup/${canaryId}`;
    const rollout = await deps.rollouts.create({
      id: randomUUID(),
      createdBy: actor,
      target: request.target,
      listener: ref.listenerArn,
      accountId: ref.accountId,
      region: ref.region,
      canary,
      startAction: rule.action,
      steps: request.steps,
      waitSeconds: request.waitSeconds,
      maxUnhealthy: request.maxUnhealthy,
      status: "running",
    });
    await deps.rollouts.update(
      rollout.id,
      ["running"],
      {},
      { message: `Started by ${actor.name}: ${request.steps.join(" → ")} %` },
    );
    await deps.scheduleStep(rollout.id, 0);
    return { status: "started", rollout: (await deps.rollouts.get(rollout.id)) ?? rollout };
  } catch (error) {
    return { status: "aws-error", error: awsFailure(error) };
  } finally {
    lattice.destroy();
  }
}
