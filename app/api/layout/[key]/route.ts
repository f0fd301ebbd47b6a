import { getRuntime } from "@/lib/server/runtime";
import { clearLayout } from "@/lib/server/services/layout/clear-layout";
import { getLayout } from "@/lib/server/services/layout/get-layout";
import { saveLayout } from "@/lib/server/services/layout/save-layout";
import { MAX_LAYOUT_BODY_BYTES } from "@/lib/domain/http/request-body";
import { apiRoute, bodyText } from "../../_lib/http";

export const GET = apiRoute<{ key: string }>(async (_request, params) => {
  const runtime = await getRuntime();
  return Response.json(await getLayout(runtime.db, params.key));
});

// The services parse the body as sent, so that one that is not JSON is recorded as a rejected write too;
// one over the size limit is refused (413) before it is read.
export const PUT = apiRoute<{ key: string }>(async (request, params, actor) => {
  const runtime = await getRuntime();
  return Response.json(
    await saveLayout(runtime.db, actor, params.key, await bodyText(request, MAX_LAYOUT_BODY_BYTES)),
  );
});

export const DELETE = apiRoute<{ key: string }>(async (request, params, actor) => {
  const runtime = await getRuntime();
  return Response.json(
    await clearLayout(runtime.db, actor, params.key, await bodyText(request, MAX_LAYOUT_BODY_BYTES)),
  );
});
