import { requireRole } from "@/lib/server/auth/principal";
import { getRuntime } from "@/lib/server/runtime";
import { routingDeps } from "@/lib/server/services/changes/runtime-deps";
import { startRollout } from "@/lib/server/services/rollouts/start-rollout";
import { apiRoute, awsErrorResponse, jsonBody } from "../_lib/http";

export const GET = apiRoute(async (request) => {
  await requireRole(request, "viewer");
  const listener = request.nextUrl.searchParams.get("listener") ?? undefined;
  const rollouts = await routingDeps(await getRuntime()).rollouts.list(listener ? { listener } : {});
  return Response.json({ rollouts });
});

/** Starts a staged canary: 201 with the rollout, or 422 `{errors}`. */
export const POST = apiRoute(async (request) => {
  const actor = await requireRole(request, "operator");
  const result = await startRollout(routingDeps(await getRuntime()), actor, await jsonBody(request));
  if (result.status === "invalid") return Response.json({ errors: result.errors }, { status: 422 });
  if (result.status === "aws-error") return awsErrorResponse(result.error);
  return Response.json(result.rollout, {
    status: 201,
    headers: { location: `/api/rollouts/${result.rollout.id}` },
  });
});
