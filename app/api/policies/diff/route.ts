import type { DiffPolicyAnswers } from "@/lib/domain/policy/policy-contract";
import { ApiError } from "@/lib/domain/http/api-errors";
import { getRuntime } from "@/lib/server/runtime";
import { diffPolicy } from "@/lib/server/services/policies/diff-policy";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, awsErrorResponse, jsonBody, replyWith } from "../../_lib/http";

const reply = replyWith<DiffPolicyAnswers>();

/**
 * Reviews a proposed auth policy: `{textDiff, gains, losses, verdict, undecided, findings, confirmations, before,
 * after}` (before defaults to the live policy), or 422 `{errors}` (bad input, a policy over 10,000 characters, a
 * review that took too long), or 503 while too many reviews run. Changes nothing.
 */
export const POST = apiRoute(async (request) => {
  const result = await diffPolicy(servicesContext(await getRuntime()), await jsonBody(request));
  switch (result.status) {
    case "invalid":
      return reply(422, { errors: result.errors });
    case "aws-error":
      return awsErrorResponse(result.error);
    case "review-failed":
      if (result.failure.reason === "busy")
        throw new ApiError(503, "unavailable", result.failure.message, undefined, 5);
      if (result.failure.reason === "error")
        throw new Error(`policy review failed: ${result.failure.message}`);
      return reply(422, { errors: [{ field: "after", message: result.failure.message }] });
    case "ok":
      return reply(200, result.diff);
  }
});
