import { getRuntime } from "@/lib/server/runtime";
import { applyPolicy } from "@/lib/server/services/policies/apply-policy";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, awsErrorResponse, jsonBody } from "../../_lib/http";

/**
 * Applies an auth policy and/or auth type: 200 `{result}`, 409 `{live, textDiff, gains, losses}` when AWS no
 * longer has the reviewed base, 422 `{errors}` or `{findings}`, 502 on an AWS error.
 */
export const POST = apiRoute(async (request, _params, actor) => {
  const result = await applyPolicy(servicesContext(await getRuntime()), actor, await jsonBody(request));
  switch (result.status) {
    case "applied":
      return Response.json({ result: result.result });
    case "invalid":
      return Response.json({ errors: result.errors }, { status: 422 });
    case "rejected":
      return Response.json({ findings: result.findings }, { status: 422 });
    case "conflict": {
      const { status: _status, ...conflict } = result;
      return Response.json(conflict, { status: 409 });
    }
    case "aws-error":
      return awsErrorResponse(result.error);
  }
});
