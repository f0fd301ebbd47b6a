import { getRuntime } from "@/lib/server/runtime";
import { createChange } from "@/lib/server/services/changes/create-change";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, awsErrorResponse, jsonBody } from "../_lib/http";

/** Plans a routing change against the live listener: `{id, plan, warnings, cli}`, or 422 `{errors}`. */
export const POST = apiRoute(async (request, _params, actor) => {
  const body = await jsonBody(request);
  const result = await createChange(servicesContext(await getRuntime()), actor, body);
  if (result.status === "invalid") return Response.json({ errors: result.errors }, { status: 422 });
  if (result.status === "aws-error") return awsErrorResponse(result.error);
  return Response.json(result.change, {
    status: 201,
    headers: { location: `/api/changes/${result.change.id}` },
  });
});
