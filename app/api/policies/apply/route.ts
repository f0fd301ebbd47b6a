import type { ApplyPolicyAnswers } from "@/lib/domain/policy/policy-contract";
import { getRuntime } from "@/lib/server/runtime";
import { applyPolicy } from "@/lib/server/services/policies/apply-policy";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, awsErrorResponse, jsonBody, replyWith } from "../../_lib/http";

const reply = replyWith<ApplyPolicyAnswers>();

/**
 * Applies an auth policy and/or auth type: 200 `{result}`, 409 `{live, textDiff, gains, losses}` when AWS no
 * longer has the reviewed base, 422 `{errors}` or `{findings}`, 502 on an AWS error.
 */
export const POST = apiRoute(async (request, _params, actor) => {
  const result = await applyPolicy(servicesContext(await getRuntime()), actor, await jsonBody(request));
  switch (result.status) {
    case "applied":
      return reply(200, { result: result.result });
    case "invalid":
      return reply(422, { errors: result.errors });
    case "rejected":
      return reply(422, { findings: result.findings });
    case "conflict": {
      const { status: _status, ...conflict } = result;
      return reply(409, conflict);
    }
    case "aws-error":
      return awsErrorResponse(result.error);
  }
});
