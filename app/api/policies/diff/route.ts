import { getRuntime } from "@/lib/server/runtime";
import { diffPolicy } from "@/lib/server/services/policies/diff-policy";
import { policyDeps } from "@/lib/server/services/policies/runtime-deps";
import { apiRoute, awsErrorResponse, jsonBody } from "../../_lib/http";

/**
 * Reviews a proposed auth policy: `{textDiff, gains, losses, findings, confirmations, before, after}` (before
 * defaults to the live policy), or 422 `{errors}`. Changes nothing.
 */
export const POST = apiRoute(async (request) => {
  const result = await diffPolicy(policyDeps(await getRuntime()), await jsonBody(request));
  if (result.status === "invalid") return Response.json({ errors: result.errors }, { status: 422 });
  if (result.status === "aws-error") return awsErrorResponse(result.error);
  return Response.json(result.diff);
});
