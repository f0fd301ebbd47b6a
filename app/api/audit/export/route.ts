import { auditFilterSchema } from "@/lib/domain/http/api-queries";
import { getRuntime } from "@/lib/server/runtime";
import { exportAudit } from "@/lib/server/services/audit/export-audit";
import { apiRoute, parseQuery } from "../../_lib/http";

export const GET = apiRoute(async (request, _params) => {
  const filter = parseQuery(auditFilterSchema, request);
  const runtime = await getRuntime();
  const csv = exportAudit(runtime.db, filter);
  return new Response(csv.body, {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${csv.filename}"`,
      "cache-control": "private, no-store",
    },
  });
});
