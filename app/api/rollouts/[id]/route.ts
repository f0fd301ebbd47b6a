import { changeIdSchema } from "@/lib/domain/http/api-queries";
import { notFound } from "@/lib/domain/http/api-errors";
import { getRuntime } from "@/lib/server/runtime";
import { servicesContext } from "@/lib/server/services/context";
import { apiRoute, parseParams } from "../../_lib/http";

export const GET = apiRoute<{ id: string }>(async (request, params) => {
  const { id } = parseParams(changeIdSchema, params);
  const rollout = await servicesContext(await getRuntime()).rollouts.get(id);
  if (!rollout) throw notFound(`Rollout ${id} does not exist`);
  return Response.json(rollout);
});
