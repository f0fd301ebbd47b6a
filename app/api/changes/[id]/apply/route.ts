import type { ApplyChangeAnswers } from "@/lib/domain/routing/change-contract";
import { changeIdSchema } from "@/lib/domain/http/api-queries";
import { notFound } from "@/lib/domain/http/api-errors";
import { getRuntime } from "@/lib/server/runtime";
import { applyChange } from "@/lib/server/services/changes/apply-change";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, awsErrorResponse, jsonBody, parseParams, replyWith } from "../../../_lib/http";

const reply = replyWith<ApplyChangeAnswers>();

/** Applies a planned change: 200 `{result}`, 409 `{live, drift, plan}`, 422 `{errors}`, 502 on an AWS error
 * (with `compensation` when a BatchUpdateRule was applied only in part and Trellis put it back). */
export const POST = apiRoute<{ id: string }>(async (request, params, actor) => {
  const { id } = parseParams(changeIdSchema, params);
  const body = await jsonBody(request, true);
  const result = await applyChange(servicesContext(await getRuntime()), actor, id, body);
  switch (result.status) {
    case "applied":
      return reply(200, { result: result.result });
    case "not-found":
      throw notFound(`Change ${id} does not exist`);
    case "invalid":
      return reply(422, { errors: result.errors });
    case "settled":
      return reply(409, { error: { code: "conflict", message: result.message } });
    case "conflict":
      return reply(409, {
        live: result.live,
        drift: result.drift,
        plan: result.plan,
        cli: result.cli,
        errors: result.errors,
      });
    case "aws-error":
      // A partly applied BatchUpdateRule says what Trellis put back and the listener as it is now.
      return awsErrorResponse(result.error, result.compensation ? { compensation: result.compensation } : {});
  }
});
