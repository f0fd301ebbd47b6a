import { crawlListQuerySchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { listCrawls } from "@/lib/server/services/crawls/list-crawls";
import { startCrawl } from "@/lib/server/services/crawls/start-crawl";
import { apiRoute, parseQuery } from "../_lib/http";

export const GET = apiRoute(async (request) => {
  const query = parseQuery(crawlListQuerySchema, request);
  const runtime = await getRuntime();
  return Response.json(await listCrawls(runtime.history, query));
});

export const POST = apiRoute(async (request, _params, actor) => {
  const runtime = await getRuntime();
  const started = await startCrawl(runtime, actor);
  return Response.json(started, { status: 202, headers: { location: `/api/crawls/${started.id}` } });
});
