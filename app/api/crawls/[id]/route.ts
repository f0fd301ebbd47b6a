import { crawlParamsSchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { getCrawl } from "@/lib/server/services/crawls/get-crawl";
import { apiRoute, parseParams } from "../../_lib/http";

export const GET = apiRoute<{ id: string }>(async (_request, params) => {
  const { id } = parseParams(crawlParamsSchema, params);
  const runtime = await getRuntime();
  return Response.json(await getCrawl(runtime.history, id));
});
