import type { FieldError } from "@/lib/domain/routing/change-types";
import type { AuthState } from "@/lib/domain/policy/apply-plan";
import type { AuthType } from "@/lib/domain/policy/evaluate";
import type { PolicyChangeReview, PolicyDiff } from "@/lib/domain/policy/review/contract";
import type { AccessQuery, Simulation } from "@/lib/domain/policy/simulate";
import type { PolicyFinding } from "@/lib/domain/policy/validate";

/** `POST /api/policies/diff`'s answer. */
export type PolicyDiffResponse = PolicyDiff;

export type PolicyApplyResponse =
  | { status: "applied"; result: { steps: { operation: string; requestId?: string }[]; crawlRunId?: number } }
  | ({ status: "conflict"; live: AuthState } & PolicyChangeReview)
  | { status: "invalid"; errors: FieldError[]; findings: PolicyFinding[] }
  | { status: "error"; message: string; requestId?: string };

async function post(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(path, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

function failure(json: unknown, status: number): Error {
  const body = json as { error?: { message?: string }; errors?: FieldError[] } | undefined;
  const message =
    body?.error?.message ??
    body?.errors?.map((e) => `${e.field}: ${e.message}`).join("; ") ??
    `The server answered HTTP ${status}`;
  return new Error(message);
}

export async function diffPolicyRequest(body: {
  scope: { arn: string };
  after: string | null;
  authTypeAfter: AuthType;
}): Promise<PolicyDiffResponse> {
  const { status, json } = await post("/api/policies/diff", body);
  if (status !== 200) throw failure(json, status);
  return json as PolicyDiffResponse;
}

export async function applyPolicyRequest(body: {
  scope: { arn: string };
  base: AuthState;
  after: AuthState;
  confirm: string[];
}): Promise<PolicyApplyResponse> {
  const { status, json } = await post("/api/policies/apply", body);
  if (status === 200) {
    return {
      status: "applied",
      result: (json as Pick<Extract<PolicyApplyResponse, { status: "applied" }>, "result">).result,
    };
  }
  if (status === 409 && json && typeof json === "object" && "live" in json) {
    return {
      status: "conflict",
      ...(json as Omit<Extract<PolicyApplyResponse, { status: "conflict" }>, "status">),
    };
  }
  if (status === 422) {
    const body = json as { errors?: FieldError[]; findings?: PolicyFinding[] };
    return { status: "invalid", errors: body.errors ?? [], findings: body.findings ?? [] };
  }
  const error = (json as { error?: { message?: string; requestId?: string } } | undefined)?.error;
  return {
    status: "error",
    message: error?.message ?? `The server answered HTTP ${status}`,
    ...(error?.requestId ? { requestId: error.requestId } : {}),
  };
}

export async function simulateAccessRequest(query: AccessQuery): Promise<Simulation> {
  const { status, json } = await post("/api/policies/simulate", query);
  if (status !== 200) throw failure(json, status);
  return json as Simulation;
}
