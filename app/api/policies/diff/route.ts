import { ApiError } from "@/lib/domain/http/api-errors";
import { getRuntime } from "@/lib/server/runtime";
import { diffPolicy } from "@/lib/server/services/policies/diff-policy";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, awsErrorResponse, jsonBody } from "../../_lib/http";

/**
 * Reviews a proposed auth policy: `{textDiff, gains, losses, verdict, undecided, findings, confirmations, before,
 * after}` (before defaults to the live policy), or 422 `{errors}` (bad input, a policy over 10,000 characters, a
 * review that took too long), or 503 while too many reviews run. Changes nothing.
 */
export const POST = apiRoute(async (request) => {
  const result = await diffPolicy(servicesContext(await getRuntime()), await jsonBody(request));
  switch (result.status) {
    case "invalid":
      return Response.json({ errors: result.errors }, { status: 422 });
    case "aws-error":
      return awsErrorResponse(result.error);
    case "review-failed":
      if (result.failure.reason === "busy")
        throw new ApiError(503, "unavailable", result.failure.message, undefined, 5);
      if (result.failure.reason === "error")
        throw new Error(`policy review failed: ${result.failure.message}`);
      return Response.json(
        { errors: [{ field: "after", message: result.failure.message }] },
        { status: 422 },
      );
    case "ok":
      return Response.json(result.diff);
  }
});
