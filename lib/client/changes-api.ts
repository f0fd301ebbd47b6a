import type {
  AppliedChange,
  ApplyChangeAnswers,
  ChangeConflict,
  ChangeView,
  CompensationReport,
  PlanChangeAnswers,
  PlannedChange,
} from "@/lib/domain/routing/change-contract";
import type { FieldError } from "@/lib/domain/routing/change-types";
import type {
  ControlRolloutAnswers,
  RolloutList,
  StartRolloutAnswers,
  StoredRollout,
} from "@/lib/domain/routing/rollout-contract";
import { contract, getJson } from "./api";

// Routing changes and rollouts over the API; their request and answer types are the contracts in lib/domain.

export type { ChangeView, PlannedChange };
/** After AWS applied a BatchUpdateRule only in part: what Trellis put back, and the listener as it is now. */
export type CompensationView = CompensationReport;
/** A rollout as the API answers it. */
export type RolloutView = StoredRollout;

export type PlanResponse =
  { ok: true; change: PlannedChange } | { ok: false; errors: FieldError[]; message?: string };

export type ApplyResponse =
  | { status: "applied"; result: AppliedChange }
  | ({ status: "conflict" } & ChangeConflict)
  | { status: "invalid"; errors: FieldError[] }
  | { status: "error"; message: string; requestId?: string; compensation?: CompensationView };

export async function fetchChange(id: string, signal?: AbortSignal): Promise<ChangeView> {
  return getJson<ChangeView>(`/api/changes/${encodeURIComponent(id)}`, signal);
}

/** `POST /api/changes`: a plan to review, or the fields to fix. */
export async function planRoutingChange(body: unknown): Promise<PlanResponse> {
  const answer = await contract<PlanChangeAnswers>().send(
    "/api/changes",
    { method: "POST", body },
    [201, 422],
  );
  if (answer.status === 201) return { ok: true, change: answer.body };
  if (answer.status === 422) return { ok: false, errors: answer.body.errors };
  return { ok: false, errors: [], message: answer.message };
}

/** `POST /api/changes/{id}/apply` with the warnings the user confirmed. */
export async function applyRoutingChange(id: string, confirm: string[]): Promise<ApplyResponse> {
  const answer = await contract<ApplyChangeAnswers>().send(
    `/api/changes/${id}/apply`,
    { method: "POST", body: { confirm } },
    [200, 409, 422, 502],
  );
  switch (answer.status) {
    case 200:
      return { status: "applied", result: answer.body.result };
    case 409:
      if ("live" in answer.body) return { status: "conflict", ...answer.body };
      return { status: "error", message: answer.body.error.message };
    case 422:
      return { status: "invalid", errors: answer.body.errors };
    case 502: {
      const { error, compensation } = answer.body;
      return {
        status: "error",
        message: error.message,
        ...(error.requestId ? { requestId: error.requestId } : {}),
        ...(compensation ? { compensation } : {}),
      };
    }
    default:
      return {
        status: "error",
        message: answer.message,
        ...(answer.requestId ? { requestId: answer.requestId } : {}),
      };
  }
}

export async function startRolloutRequest(
  body: unknown,
): Promise<{ ok: true; rollout: RolloutView } | { ok: false; errors: FieldError[]; message?: string }> {
  const answer = await contract<StartRolloutAnswers>().send(
    "/api/rollouts",
    { method: "POST", body },
    [201, 422],
  );
  if (answer.status === 201) return { ok: true, rollout: answer.body };
  if (answer.status === 422) return { ok: false, errors: answer.body.errors };
  return { ok: false, errors: [], message: answer.message };
}

export async function controlRolloutRequest(
  id: string,
  action: "pause" | "resume" | "abort",
): Promise<RolloutView> {
  const answer = await contract<ControlRolloutAnswers>().send(
    `/api/rollouts/${id}/${action}`,
    { method: "POST", body: {} },
    [200],
  );
  if (answer.status !== 200) throw new Error(answer.message);
  return answer.body;
}

export async function fetchRollouts(listener?: string, signal?: AbortSignal): Promise<RolloutView[]> {
  const path = `/api/rollouts${listener ? `?listener=${encodeURIComponent(listener)}` : ""}`;
  return (await getJson<RolloutList>(path, signal)).rollouts;
}
