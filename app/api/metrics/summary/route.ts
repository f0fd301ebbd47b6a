import { metricsSummaryQuerySchema } from "@/lib/domain/metrics/contracts";
import { requireRole } from "@/lib/server/auth/principal";
import { getRuntime } from "@/lib/server/runtime";
import { getMetricsSummary } from "@/lib/server/services/metrics/get-metrics-summary";
import { metricsDeps } from "@/lib/server/services/metrics/runtime-deps";
import { apiRoute, parseQuery } from "../../_lib/http";

/** `?range=5m|1h|6h|24h` (or `&run=N`): every node's and edge's traffic, once per map refresh. */
export const GET = apiRoute(async (request) => {
  await requireRole(request, "viewer");
  const query = parseQuery(metricsSummaryQuerySchema, request);
  const result = await getMetricsSummary(metricsDeps(await getRuntime()), query);
  return Response.json(result, { headers: { "cache-control": "private, no-store" } });
});
