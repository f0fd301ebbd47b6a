import { topologyQuerySchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { getTopology } from "@/lib/server/services/topology/get-topology";
import { streamedTopology } from "@/lib/server/services/topology/get-topology-summary";
import { apiRoute, parseQuery, preparedJson, streamedJson } from "../_lib/http";

export const GET = apiRoute(async (request) => {
  const query = parseQuery(topologyQuerySchema, request);
  const runtime = await getRuntime();
  const streamed = await streamedTopology(runtime, query);
  if (streamed) return streamedJson(request, streamed);
  return preparedJson(request, await getTopology(runtime, query));
});
