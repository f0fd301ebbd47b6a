import { requireRole } from "@/lib/server/auth/principal";
import { getRuntime } from "@/lib/server/runtime";
import { clearLayout } from "@/lib/server/services/layout/clear-layout";
import { getLayout } from "@/lib/server/services/layout/get-layout";
import { saveLayout } from "@/lib/server/services/layout/save-layout";
import { apiRoute } from "../../_lib/http";

export const GET = apiRoute<{ key: string }>(async (_request, params) => {
  const runtime = await getRuntime();
  return Response.json(await getLayout(runtime.db, params.key));
});

// The services read the body as sent, so that one that is not JSON is recorded as a rejected write too.
export const PUT = apiRoute<{ key: string }>(async (request, params) => {
  const actor = await requireRole(request, "operator");
  const runtime = await getRuntime();
  return Response.json(await saveLayout(runtime.db, actor, params.key, await request.text()));
});

export const DELETE = apiRoute<{ key: string }>(async (request, params) => {
  const actor = await requireRole(request, "operator");
  const runtime = await getRuntime();
  return Response.json(await clearLayout(runtime.db, actor, params.key, await request.text()));
});
