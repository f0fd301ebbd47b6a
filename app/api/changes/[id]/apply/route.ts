import { changeIdSchema } from "@/lib/domain/http/api-queries";
import { notFound } from "@/lib/domain/http/api-errors";
import { getRuntime } from "@/lib/server/runtime";
import { applyChange } from "@/lib/server/services/changes/apply-change";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, awsErrorResponse, jsonBody, parseParams } from "../../../_lib/http";

/** Applies a planned change: 200 `{result}`, 409 `{live, drift, plan}`, 422 `{errors}`, 502 on an AWS error
 * (with `compensation` when a BatchUpdateRule was applied only in part and Trellis put it back). */
export const POST = apiRoute<{ id: string }>(async (request, params, actor) => {
  const { id } = parseParams(changeIdSchema, params);
  const body = await jsonBody(request, true);
  const result = await applyChange(servicesContext(await getRuntime()), actor, id, body);
  switch (result.status) {
    case "applied":
      return Response.json({ result: result.result });
    case "not-found":
      throw notFound(`Change ${id} does not exist`);
    case "invalid":
      return Response.json({ errors: result.errors }, { status: 422 });
    case "settled":
      return Response.json({ error: { code: "conflict", message: result.message } }, { status: 409 });
    case "conflict":
      return Response.json(
        { live: result.live, drift: result.drift, plan: result.plan, cli: result.cli, errors: result.errors },
        { status: 409 },
      );
    case "aws-error":
      // A partly applied BatchUpdateRule says what Trellis put back and the listener as it is now.
      return awsErrorResponse(result.error, result.compensation ? { compensation: result.compensation } : {});
  }
});
