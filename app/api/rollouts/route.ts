import type { RolloutList, StartRolloutAnswers } from "@/lib/domain/routing/rollout-contract";
import { rolloutListQuerySchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { servicesContext } from "@/lib/server/services/context";
import { listRollouts } from "@/lib/server/services/rollouts/list-rollouts";
import { startRollout } from "@/lib/server/services/rollouts/start-rollout";
import { apiRoute, awsErrorResponse, jsonBody, parseQuery, replyWith } from "../_lib/http";

const reply = replyWith<StartRolloutAnswers>();

/** `?listener=` one listener's; `?active=1` running and paused ones and those ended in the last 15 minutes. */
export const GET = apiRoute(async (request, _params) => {
  const query = parseQuery(rolloutListQuerySchema, request);
  const result: RolloutList = await listRollouts(servicesContext(await getRuntime()).rollouts, query);
  return Response.json(result, { headers: { "cache-control": "private, no-store" } });
});

/** Starts a staged canary: 201 with the rollout, or 422 `{errors}`. */
export const POST = apiRoute(async (request, _params, actor) => {
  const result = await startRollout(servicesContext(await getRuntime()), actor, await jsonBody(request));
  if (result.status === "invalid") return reply(422, { errors: result.errors });
  if (result.status === "aws-error") return awsErrorResponse(result.error);
  return reply(201, result.rollout, { location: `/api/rollouts/${result.rollout.id}` });
});
