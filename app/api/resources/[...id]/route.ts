import { resourceParamsSchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { getResource } from "@/lib/server/services/resources/get-resource";
import { apiRoute, parseParams } from "../../_lib/http";

export const GET = apiRoute<{ id: string[] }>(async (_request, params) => {
  const { id } = parseParams(resourceParamsSchema, params);
  const runtime = await getRuntime();
  return Response.json(await getResource(runtime.history, id));
});
