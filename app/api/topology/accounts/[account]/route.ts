import { topologyAccountParamsSchema, topologySummaryQuerySchema } from "@/lib/domain/http/topology-summary";
import { getRuntime } from "@/lib/server/runtime";
import { getTopologyAccount } from "@/lib/server/services/topology/get-topology-summary";
import { apiRoute, compressedJson, parseParams, parseQuery } from "../../../_lib/http";

export const GET = apiRoute<{ account: string }>(async (request, params) => {
  const { account } = parseParams(topologyAccountParamsSchema, params);
  const { run } = parseQuery(topologySummaryQuerySchema, request);
  return compressedJson(request, await getTopologyAccount(await getRuntime(), { run, account }));
});
