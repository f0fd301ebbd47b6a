import "server-only";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/domain/auth/auth";
import { awsCliCommand } from "@/lib/domain/routing/aws-cli";
import type { PlannedChange } from "@/lib/domain/routing/change-contract";
import { planChange } from "@/lib/domain/routing/change-plan";
import { changeRequestSchema, fieldErrors, type FieldError } from "@/lib/domain/routing/change-types";
import { listenerRefOf } from "../../aws/lattice-routing";
import type { ServicesContext } from "../context";
import type { HeldListener } from "./held-listener";
import { awsFailure, type AwsFailure } from "./aws-failure";
import { livePlanContext } from "./plan-context";

/** A planned change, as POST /api/changes answers it. */
export type CreatedChange = PlannedChange;

export type CreateChangeResult =
  | { status: "planned"; change: CreatedChange }
  | { status: "invalid"; errors: FieldError[]; unchanged?: true }
  | { status: "aws-error"; error: AwsFailure };

export interface CreateChangeOptions {
  /** The rollout the change is a step (or the abort) of. */
  rolloutId?: string;
  /** Plan against this listener, read under its lock by the caller, with the caller's client. */
  held?: HeldListener;
}

/**
 * Validates a routing change and plans it against the listener as AWS has it now. Nothing is written to AWS;
 * the plan is kept for review and for the apply's drift check.
 */
export async function createChange(
  deps: ServicesContext,
  actor: Principal,
  body: unknown,
  options: CreateChangeOptions = {},
): Promise<CreateChangeResult> {
  const parsed = changeRequestSchema.safeParse(body);
  if (!parsed.success) return { status: "invalid", errors: fieldErrors(parsed.error) };
  const request = parsed.data;
  const ref = listenerRefOf(request.target);
  if (!ref)
    return { status: "invalid", errors: [{ field: "target", message: "must be a listener or rule ARN" }] };
  const lattice = options.held?.lattice ?? deps.lattice(ref.accountId, ref.region);
  if (!lattice) {
    return {
      status: "invalid",
      errors: [{ field: "target", message: `account ${ref.accountId} is not in Trellis's configuration` }],
    };
  }
  try {
    const ctx = await livePlanContext(lattice, ref, request, await deps.nodes(), options.held?.live);
    const planned = planChange(request, ctx);
    if (!planned.ok) {
      return { status: "invalid", errors: planned.errors, ...(planned.unchanged ? { unchanged: true } : {}) };
    }
    const stored = await deps.changes.create({
      id: randomUUID(),
      createdBy: actor,
      request,
      listener: ref.listenerArn,
      accountId: ref.accountId,
      region: ref.region,
      base: ctx.listener,
      plan: planned.plan,
      ...(options.rolloutId ? { rolloutId: options.rolloutId } : {}),
    });
    return {
      status: "planned",
      change: {
        id: stored.id,
        plan: planned.plan,
        warnings: planned.plan.warnings,
        cli: planned.plan.calls.map(awsCliCommand),
      },
    };
  } catch (error) {
    const failure = awsFailure(error);
    if (failure.code === "ResourceNotFoundException") {
      return { status: "invalid", errors: [{ field: "target", message: failure.message }] };
    }
    return { status: "aws-error", error: failure };
  } finally {
    if (!options.held) lattice.destroy();
  }
}
