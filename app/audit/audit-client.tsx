"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { auditPageHref } from "@/components/audit/audit-url";
import { Button } from "@/components/ui/button";
import { auditExportHref } from "@/lib/client/api";
import { auditLogQuery } from "@/lib/client/query-options";
import { auditFilterInput, type AuditFilterInput } from "@/lib/domain/audit/audit-log";

/** The audit log: who changed what and how it ended, filtered through the URL, paged with "Load more". */
export function AuditClient() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlQuery = searchParams.toString();
  const filter = auditFilterInput(new URLSearchParams(urlQuery));
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const log = useInfiniteQuery(auditLogQuery(filter));

  const apply = (next: AuditFilterInput) => {
    const href = auditPageHref(next);
    // The native history API updates useSearchParams without a server round trip.
    if (href !== (urlQuery ? `${pathname}?${urlQuery}` : pathname)) window.history.pushState(null, "", href);
    else void log.refetch();
  };
  const toggle = (id: number) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];
  const filtered = Object.keys(filter).length > 0;

  return (
    <div className="mx-auto w-full max-w-screen-2xl space-y-5 px-6 py-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-neutral-900">Audit log</h1>
          <p className="mt-1 max-w-2xl text-sm text-neutral-600">
            Every write made through Trellis: who made it, when, to which resource, what it was before and
            after, and how it ended. Entries are never changed or removed.
          </p>
        </div>
        <a
          href={auditExportHref(filter)}
          download
          data-testid="audit-export"
          className="inline-flex h-9 items-center gap-2 rounded-md border border-neutral-300 bg-white px-3 text-sm font-medium text-neutral-800 hover:bg-neutral-50"
          title={filtered ? "These filters' entries as CSV" : "The whole audit log as CSV"}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" className="h-4 w-4">
            <path
              d="M8 2v8m0 0L5 7m3 3l3-3M3 12.5h10"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          Export CSV
        </a>
      </header>

      <AuditFilters key={urlQuery} filter={filter} onApply={apply} />

      {log.isError && (
        <div role="alert" className="rounded-lg border border-red-200 bg-white p-4 text-sm text-red-800">
          The audit log could not be loaded: {log.error.message}{" "}
          <button type="button" className="font-semibold underline" onClick={() => void log.refetch()}>
            Try again
          </button>
        </div>
      )}

      {log.isPending ? (
        <p role="status" className="text-sm text-neutral-600">
          Loading the audit log…
        </p>
      ) : (
        !log.isError && <AuditTable entries={entries} open={open} onToggle={toggle} />
      )}

      <nav aria-label="More audit entries" className="flex items-center justify-between text-sm">
        <span className="text-neutral-500" data-testid="audit-count">
          {log.data
            ? `${entries.length} entr${entries.length === 1 ? "y" : "ies"}${log.hasNextPage ? " so far" : ""}`
            : ""}
        </span>
        {log.hasNextPage && (
          <Button size="sm" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
            {log.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        )}
      </nav>
    </div>
  );
}
