import { topologySearchQuerySchema } from "@/lib/domain/http/topology-summary";
import { getRuntime } from "@/lib/server/runtime";
import { searchTopology } from "@/lib/server/services/topology/get-topology-summary";
import { apiRoute, parseQuery } from "../../_lib/http";

export const GET = apiRoute(async (request) => {
  const query = parseQuery(topologySearchQuerySchema, request);
  return Response.json(await searchTopology(await getRuntime(), query));
});
