import type { PlanChangeAnswers } from "@/lib/domain/routing/change-contract";
import { getRuntime } from "@/lib/server/runtime";
import { createChange } from "@/lib/server/services/changes/create-change";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, awsErrorResponse, jsonBody, replyWith } from "../_lib/http";

const reply = replyWith<PlanChangeAnswers>();

/** Plans a routing change against the live listener: `{id, plan, warnings, cli}`, or 422 `{errors}`. */
export const POST = apiRoute(async (request, _params, actor) => {
  const body = await jsonBody(request);
  const result = await createChange(servicesContext(await getRuntime()), actor, body);
  if (result.status === "invalid") return reply(422, { errors: result.errors });
  if (result.status === "aws-error") return awsErrorResponse(result.error);
  return reply(201, result.change, { location: `/api/changes/${result.change.id}` });
});
