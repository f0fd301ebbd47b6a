import { topologyQuerySchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { getTopology } from "@/lib/server/services/topology/get-topology";
import { apiRoute, parseQuery, preparedJson } from "../_lib/http";

export const GET = apiRoute(async (request) => {
  const query = parseQuery(topologyQuerySchema, request);
  const runtime = await getRuntime();
  return preparedJson(request, await getTopology(runtime, query));
});
