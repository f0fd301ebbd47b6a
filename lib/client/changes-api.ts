import { getJson } from "./api";
import type { ChangePlan, FieldError, ListenerState } from "@/lib/domain/routing/change-types";
import type { Drift } from "@/lib/domain/routing/change-drift";
import type { RolloutStatus } from "@/lib/domain/routing/rollout";
import type { MetricGate } from "@/lib/domain/metrics/gate";
import type { RuleAction } from "@/lib/domain/routing/rule-schemas";

export interface PlannedChange {
  id: string;
  plan: ChangePlan;
  warnings: ChangePlan["warnings"];
  cli: string[];
}

export type PlanResponse =
  { ok: true; change: PlannedChange } | { ok: false; errors: FieldError[]; message?: string };

export type ApplyResponse =
  | { status: "applied"; result: { calls: { operation: string; requestId?: string }[]; crawlRunId?: number } }
  | {
      status: "conflict";
      live: ListenerState;
      drift: Drift;
      plan: ChangePlan | null;
      cli: string[];
      errors: FieldError[];
    }
  | { status: "invalid"; errors: FieldError[] }
  | { status: "error"; message: string; requestId?: string; compensation?: CompensationView };

/** After AWS applied a BatchUpdateRule only in part: what Trellis put back, and the listener as it is now. */
export interface CompensationView {
  restored: boolean;
  calls: { operation: string; requestId?: string }[];
  live?: ListenerState;
  crawlRunId?: number;
}

export interface RolloutView {
  id: string;
  createdAt: string;
  createdBy: { name: string };
  target: string;
  listener: string;
  canary: string;
  startAction: RuleAction;
  steps: number[];
  waitSeconds: number;
  maxUnhealthy: number;
  metricGate?: MetricGate | null;
  status: RolloutStatus;
  stepsDone: number;
  nextStepAt: string | null;
  message: string | null;
  events: { at: string; message: string; step?: number }[];
}

/** `GET /api/changes/{id}`: a planned routing change and what became of it. */
export interface ChangeView {
  id: string;
  createdAt: string;
  createdBy: { name: string };
  listener: string;
  request: { target: string; kind: string };
  plan: ChangePlan;
  status: "planned" | "applied" | "conflict" | "failed";
  appliedAt: string | null;
  appliedBy: { name: string } | null;
  rolloutId: string | null;
  cli: string[];
}

export async function fetchChange(id: string, signal?: AbortSignal): Promise<ChangeView> {
  return getJson<ChangeView>(`/api/changes/${encodeURIComponent(id)}`, signal);
}

async function post(path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(path, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

function errorMessage(json: unknown, status: number): { message: string; requestId?: string } {
  const error = (json as { error?: { message?: string; requestId?: string } } | undefined)?.error;
  return {
    message: error?.message ?? `The server answered HTTP ${status}`,
    ...(error?.requestId ? { requestId: error.requestId } : {}),
  };
}

/** `POST /api/changes`: a plan to review, or the fields to fix. */
export async function planRoutingChange(body: unknown): Promise<PlanResponse> {
  const { status, json } = await post("/api/changes", body);
  if (status === 201) return { ok: true, change: json as PlannedChange };
  if (status === 422) return { ok: false, errors: (json as { errors: FieldError[] }).errors };
  return { ok: false, errors: [], message: errorMessage(json, status).message };
}

/** `POST /api/changes/{id}/apply` with the warnings the user confirmed. */
export async function applyRoutingChange(id: string, confirm: string[]): Promise<ApplyResponse> {
  const { status, json } = await post(`/api/changes/${id}/apply`, { confirm });
  if (status === 200)
    return {
      status: "applied",
      result: (json as Pick<Extract<ApplyResponse, { status: "applied" }>, "result">).result,
    };
  if (status === 409 && json && typeof json === "object" && "live" in json) {
    return {
      status: "conflict",
      ...(json as Omit<Extract<ApplyResponse, { status: "conflict" }>, "status">),
    };
  }
  if (status === 422) return { status: "invalid", errors: (json as { errors: FieldError[] }).errors };
  const compensation = (json as { compensation?: CompensationView } | undefined)?.compensation;
  return { status: "error", ...errorMessage(json, status), ...(compensation ? { compensation } : {}) };
}

export async function startRolloutRequest(
  body: unknown,
): Promise<{ ok: true; rollout: RolloutView } | { ok: false; errors: FieldError[]; message?: string }> {
  const { status, json } = await post("/api/rollouts", body);
  if (status === 201) return { ok: true, rollout: json as RolloutView };
  if (status === 422) return { ok: false, errors: (json as { errors: FieldError[] }).errors };
  return { ok: false, errors: [], message: errorMessage(json, status).message };
}

export async function controlRolloutRequest(
  id: string,
  action: "pause" | "resume" | "abort",
): Promise<RolloutView> {
  const { status, json } = await post(`/api/rollouts/${id}/${action}`);
  if (status !== 200) throw new Error(errorMessage(json, status).message);
  return json as RolloutView;
}

export async function fetchRollouts(listener?: string, signal?: AbortSignal): Promise<RolloutView[]> {
  const path = `/api/rollouts${listener ? `?listener=${encodeURIComponent(listener)}` : ""}`;
  return (await getJson<{ rollouts: RolloutView[] }>(path, signal)).rollouts;
}
