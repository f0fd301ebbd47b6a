import type { ControlRolloutAnswers } from "@/lib/domain/routing/rollout-contract";
import { z } from "zod";
import { changeIdSchema } from "@/lib/domain/http/api-queries";
import { invalidRequest, notFound } from "@/lib/domain/http/api-errors";
import { getRuntime } from "@/lib/server/runtime";
import { servicesContext } from "@/lib/server/services/context";
import { controlRollout } from "@/lib/server/services/rollouts/control-rollout";
import { apiRoute, parseParams, replyWith } from "../../../_lib/http";

const paramsSchema = changeIdSchema.extend({
  action: z.enum(["pause", "resume", "abort"], { error: "must be pause, resume or abort" }),
});

/** `POST /api/rollouts/{id}/pause|resume|abort`. */
export const POST = apiRoute<{ id: string; action: string }>(async (request, params, actor) => {
  const { id, action } = parseParams(paramsSchema, params);
  const result = await controlRollout(servicesContext(await getRuntime()), actor, id, action);
  if (result.status === "not-found") throw notFound(`Rollout ${id} does not exist`);
  if (result.status === "invalid") throw invalidRequest(result.message);
  return replyWith<ControlRolloutAnswers>()(200, result.rollout);
});
