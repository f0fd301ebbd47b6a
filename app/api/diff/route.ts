import { diffQuerySchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { diffRuns } from "@/lib/server/services/history/diff-runs";
import { apiRoute, parseQuery } from "../_lib/http";

export const GET = apiRoute(async (request) => {
  const query = parseQuery(diffQuerySchema, request);
  const runtime = await getRuntime();
  return Response.json(await diffRuns(runtime.history, query));
});
