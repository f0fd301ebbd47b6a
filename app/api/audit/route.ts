import { auditListQuerySchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { listAudit } from "@/lib/server/services/audit/list-audit";
import { apiRoute, parseQuery } from "../_lib/http";

export const GET = apiRoute(async (request, _params) => {
  const query = parseQuery(auditListQuerySchema, request);
  const runtime = await getRuntime();
  return Response.json(await listAudit(runtime.db, query), {
    headers: { "cache-control": "private, no-store" },
  });
});
