import { getRuntime } from "@/lib/server/runtime";
import { getFreshness } from "@/lib/server/services/freshness/get-freshness";
import { apiRoute } from "../_lib/http";

export const GET = apiRoute(async () => {
  const runtime = await getRuntime();
  return Response.json(await getFreshness(runtime.db), { headers: { "cache-control": "no-store" } });
});
