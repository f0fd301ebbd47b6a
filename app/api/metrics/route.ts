import { metricSeriesQuerySchema } from "@/lib/domain/metrics/contracts";
import { requireRole } from "@/lib/server/auth/principal";
import { getRuntime } from "@/lib/server/runtime";
import { getMetricSeries } from "@/lib/server/services/metrics/get-metric-series";
import { metricsDeps } from "@/lib/server/services/metrics/runtime-deps";
import { apiRoute, parseQuery } from "../_lib/http";

/** `?arn=<service or target group ARN>&range=5m|1h|6h|24h` (or `&run=N`): its series for the inspector. */
export const GET = apiRoute(async (request) => {
  await requireRole(request, "viewer");
  const query = parseQuery(metricSeriesQuerySchema, request);
  const result = await getMetricSeries(metricsDeps(await getRuntime()), query);
  return Response.json(result, { headers: { "cache-control": "private, no-store" } });
});
