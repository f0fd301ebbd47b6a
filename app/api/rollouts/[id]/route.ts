import { changeIdSchema } from "@/lib/domain/http/api-queries";
import { notFound } from "@/lib/domain/http/api-errors";
import { getRuntime } from "@/lib/server/runtime";
import { routingDeps } from "@/lib/server/services/changes/runtime-deps";
import { apiRoute, parseParams } from "../../_lib/http";

export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const { id } = parseParams(changeIdSchema, params);
  const rollout = await routingDeps(await getRuntime()).rollouts.get(id);
  if (!rollout) throw notFound(`Rollout ${id} does not exist`);
  return Response.json(rollout);
});
