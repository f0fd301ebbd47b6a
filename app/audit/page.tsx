import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { makeQueryClient } from "@/lib/client/query-client";
import { auditLogQuery } from "@/lib/client/query-options";
import { ApiError } from "@/lib/domain/http/api-errors";
import { auditListQuerySchema } from "@/lib/domain/http/api-queries";
import { auditFilterInput } from "@/lib/domain/audit/audit-log";
import { requireRole } from "@/lib/server/auth/principal";
import { getRuntime } from "@/lib/server/runtime";
import { listAudit } from "@/lib/server/services/audit/list-audit";
import { AuditClient } from "./audit-client";

export const metadata: Metadata = { title: "Audit log" };

/** The audit log: the first page for the filters in the URL is read here and handed over in the cache. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const filter = auditFilterInput(await searchParams);
  const queryClient = makeQueryClient();
  const query = auditListQuerySchema.safeParse(filter);
  // Filters the API would refuse are not read here: the client asks and shows the API's explanation.
  if (query.success) {
    try {
      await requireRole(new Request("http://trellis.invalid/audit", { headers: await headers() }), "viewer");
      const runtime = await getRuntime();
      const first = await listAudit(runtime.db, query.data);
      queryClient.setQueryData(auditLogQuery(filter).queryKey, { pages: [first], pageParams: [null] });
    } catch (error) {
      // The client asks the API again and shows what went wrong (a missing role too); the page still renders.
      if (!(error instanceof ApiError)) {
        console.error(
          "[audit] prefetching the audit log failed:",
          error instanceof Error ? error.message : error,
        );
      }
    }
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense>
        <AuditClient />
      </Suspense>
    </HydrationBoundary>
  );
}
