import type { Principal } from "../auth/auth";
import type { AwsErrorBody } from "../http/api-errors";
import type { FieldErrorsBody } from "./change-types";
import type { RolloutStatus } from "./rollout";
import type { RuleAction } from "./rule-schemas";

// The write path of staged rollouts, declared once: what the services return, the routes answer and lib/client
// reads. The request of a start is rolloutRequestSchema (rollout.ts).

/** What happened at a step: its message, and the change it applied. */
export interface RolloutEvent {
  at: string;
  message: string;
  step?: number;
  changeId?: string;
}

/** A staged canary rollout: its plan, where it is, and what happened at each step. */
export interface StoredRollout {
  id: string;
  createdAt: string;
  updatedAt: string;
  createdBy: Principal;
  target: string;
  listener: string;
  accountId: string;
  region: string;
  canary: string;
  startAction: RuleAction;
  steps: number[];
  waitSeconds: number;
  maxUnhealthy: number;
  status: RolloutStatus;
  stepsDone: number;
  nextStepAt: string | null;
  message: string | null;
  events: RolloutEvent[];
}

export interface StartRolloutAnswers {
  201: StoredRollout;
  422: FieldErrorsBody;
  502: AwsErrorBody;
}

/** `POST /api/rollouts/{id}/pause|resume|abort`. */
export interface ControlRolloutAnswers {
  200: StoredRollout;
}

/** `GET /api/rollouts`. */
export interface RolloutList {
  rollouts: StoredRollout[];
}
