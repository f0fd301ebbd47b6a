"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { FacetGroup, SeverityCounts, type FacetOption } from "@/components/findings/findings-filters";
import {
  applyFindingsFilter,
  facetCounts,
  findingsFilterParams,
  isFiltered,
  parseFindingsFilter,
  toggleValue,
  type FilterField,
  type FindingsFilterState,
} from "@/components/findings/findings-filter";
import { FindingsCaveat } from "@/components/findings/findings-caveat";
import { FindingsList } from "@/components/findings/findings-list";
import { findingsOf } from "@/components/findings/findings-of";
import { RULE_LABELS } from "@/components/findings/rule-labels";
import { kindLabel } from "@/components/inspector/kind-glyph";
import { formatTime } from "@/components/inspector/values";
import { topologyQuery } from "@/lib/client/query-options";
import { FINDING_RULES, SEVERITIES, type Finding, type Severity } from "@/lib/domain/topology/findings";
import type { ResourceKind } from "@/lib/domain/topology/snapshot";

function options(
  all: readonly Finding[],
  state: FindingsFilterState,
  field: FilterField,
  valueOf: (finding: Finding) => string,
  describe: (value: string) => Omit<FacetOption, "value" | "count">,
  order: readonly string[] = [],
): FacetOption[] {
  const counts = facetCounts(all, state, field, valueOf);
  const present = new Set([...all.map(valueOf), ...(state[field] as string[])]);
  const values = [...present].sort((a, b) => {
    const rank = (v: string) => (order.includes(v) ? order.indexOf(v) : order.length);
    return rank(a) - rank(b) || describe(a).label.localeCompare(describe(b).label);
  });
  return values.map((value) => ({ value, count: counts.get(value) ?? 0, ...describe(value) }));
}

/** Every finding of the estate with URL-driven filters by severity, rule, account and kind. */
export function FindingsClient({ run }: { run: number | undefined }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlQuery = searchParams.toString();
  // The filters just chosen, while the URL (updated in a transition) still shows the previous ones.
  const [chosen, setChosen] = useState<{ from: string; state: FindingsFilterState } | null>(null);
  const state =
    chosen && chosen.from === urlQuery ? chosen.state : parseFindingsFilter(new URLSearchParams(urlQuery));
  const topology = useQuery(topologyQuery(run === undefined ? {} : { run }));

  const update = (next: FindingsFilterState) => {
    const query = findingsFilterParams(new URLSearchParams(urlQuery), next).toString();
    setChosen({ from: urlQuery, state: next });
    // The native history API updates useSearchParams without a server round trip for a filter.
    window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
  };

  const all = topology.data ? findingsOf(topology.data) : [];
  const shown = applyFindingsFilter(all, state);
  const severityFacet = facetCounts(all, state, "severities", (f) => f.severity);
  const severityCounts = Object.fromEntries(SEVERITIES.map((s) => [s, severityFacet.get(s) ?? 0])) as Record<
    Severity,
    number
  >;
  const accountNames = new Map(
    (topology.data?.nodes ?? []).filter((n) => n.kind === "account").map((n) => [n.accountId, n.name]),
  );

  return (
    <main className="mx-auto flex min-h-screen max-w-6xl flex-col gap-6 px-6 py-8">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Findings</h1>
        {run !== undefined && (
          <p
            data-testid="findings-run"
            className="flex w-fit flex-wrap items-center gap-2 rounded bg-amber-100 px-2 py-1 text-sm text-amber-950"
          >
            Showing the findings of the estate as of crawl #{run}
            {topology.data?.run
              ? `, finished ${formatTime(topology.data.run.finishedAt ?? topology.data.run.startedAt)}`
              : ""}
            .
            <Link href={pathname} className="font-semibold underline">
              Back to latest
            </Link>
          </p>
        )}
        <p className="text-sm text-neutral-600" data-testid="findings-summary">
          {topology.data?.run
            ? `${all.length} finding${all.length === 1 ? "" : "s"} in crawl run #${topology.data.run.id}, finished ${formatTime(topology.data.run.finishedAt ?? topology.data.run.startedAt)}.${isFiltered(state) ? ` Showing ${shown.length}.` : ""}`
            : topology.isPending
              ? "Loading…"
              : ""}
        </p>
        {topology.data && <FindingsCaveat topology={topology.data} />}
      </header>

      {topology.isError ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-white p-4 text-red-900">
          The estate could not be loaded: {topology.error.message}
        </p>
      ) : topology.data && !topology.data.run ? (
        <p className="rounded-lg border border-dashed border-neutral-300 bg-white p-5 text-neutral-700">
          No crawl has finished yet. Findings appear once Trellis has crawled the estate.
        </p>
      ) : (
        <>
          <SeverityCounts
            counts={severityCounts}
            selected={state.severities}
            onToggle={(severity) => update(toggleValue(state, "severities", severity))}
          />
          <div className="grid grid-cols-1 gap-6 md:grid-cols-[16rem_1fr]">
            <aside aria-label="Filters" className="flex flex-col gap-5">
              <FacetGroup
                legend="Rule"
                name="rule"
                options={options(
                  all,
                  state,
                  "rules",
                  (f) => f.rule,
                  (v) => ({ label: RULE_LABELS[v as keyof typeof RULE_LABELS] ?? v }),
                  FINDING_RULES,
                )}
                selected={state.rules}
                onToggle={(v) =>
                  update(toggleValue(state, "rules", v as FindingsFilterState["rules"][number]))
                }
              />
              <FacetGroup
                legend="Account"
                name="account"
                options={options(
                  all,
                  state,
                  "accountIds",
                  (f) => f.accountId,
                  (v) => {
                    const name = accountNames.get(v);
                    return name && name !== v ? { label: name, hint: v } : { label: v };
                  },
                )}
                selected={state.accountIds}
                onToggle={(v) => update(toggleValue(state, "accountIds", v))}
              />
              <FacetGroup
                legend="Kind"
                name="kind"
                options={options(
                  all,
                  state,
                  "kinds",
                  (f) => f.resourceKind,
                  (v) => ({ label: kindLabel(v as ResourceKind) }),
                )}
                selected={state.kinds}
                onToggle={(v) => update(toggleValue(state, "kinds", v as ResourceKind))}
              />
              {isFiltered(state) && (
                <button
                  type="button"
                  onClick={() => update({ severities: [], rules: [], accountIds: [], kinds: [] })}
                  className="self-start text-sm text-sky-800 hover:underline"
                >
                  Clear filters
                </button>
              )}
            </aside>
            <section aria-label="Findings list">
              {topology.isPending ? (
                <p className="text-neutral-600">Loading findings…</p>
              ) : shown.length === 0 ? (
                <p
                  className="rounded-lg border border-dashed border-neutral-300 bg-white p-5 text-neutral-700"
                  data-testid="findings-empty"
                >
                  {all.length === 0
                    ? "No findings: nothing in this estate matches a rule."
                    : "No findings match these filters."}
                </p>
              ) : (
                <FindingsList findings={shown} accountNames={accountNames} run={run} />
              )}
            </section>
          </div>
        </>
      )}
    </main>
  );
}
