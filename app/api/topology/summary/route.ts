import { topologySummaryQuerySchema } from "@/lib/domain/http/topology-summary";
import { getRuntime } from "@/lib/server/runtime";
import { getTopologySummary } from "@/lib/server/services/topology/get-topology-summary";
import { apiRoute, compressedJson, parseQuery } from "../../_lib/http";

export const GET = apiRoute(async (request) => {
  const query = parseQuery(topologySummaryQuerySchema, request);
  return compressedJson(request, await getTopologySummary(await getRuntime(), query));
});
