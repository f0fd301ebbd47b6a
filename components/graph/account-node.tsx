"use client";

import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import type { ResourceKind } from "@/lib/domain/topology/snapshot";
import type { AccountFlowNode } from "./flow-types";
import { HandleFrame } from "./handles";
import { KindIcon } from "./kind-icon";
import { ANCHOR_KINDS, countLabel, KIND_LOOK } from "./model/kinds";
import { useMapActions } from "./map-actions";
import { PartialScopeBadge } from "./partial-marks";
import { AccountRolloutChips } from "./rollout-badge";
import { useLowDetail } from "./use-low-detail";
import { RevealedText } from "@/components/ui/revealed-text";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

const HATCH =
  "repeating-linear-gradient(135deg, rgba(229,229,229,0.9) 0 8px, rgba(245,245,245,0.9) 8px 16px)";

const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "short" });

function when(iso: string | null): string {
  if (!iso) return "never";
  const date = new Date(iso);
  return (date.toDateString() === new Date().toDateString() ? TIME : DATE_TIME).format(date);
}

/** "stale — last crawled 14:02", naming the regions when only some of the account's regions failed. */
export function staleText(
  staleScopes: { region: string; lastSuccessAt: string | null }[],
  regions: readonly string[],
): string {
  const last = staleScopes
    .map((s) => s.lastSuccessAt)
    .filter((t): t is string => t !== null)
    .sort()[0];
  const some = staleScopes.length < regions.length ? ` (${staleScopes.map((s) => s.region).join(", ")})` : "";
  return `stale — last crawled ${when(last ?? null)}${some}`;
}

/** The box's border width (`border-2`), which its edges end on. */
export const BOX_BORDER = 2;

function AccountNodeView({ data }: NodeProps<AccountFlowNode>) {
  const { box, selected } = data;
  const { summary, collapsed } = box;
  const { toggle } = useMapActions();
  const stale = summary.staleScopes.length > 0;
  const partial = summary.partialScopes.length > 0;
  const counts = ANCHOR_KINDS.filter((kind) => (summary.counts[kind] ?? 0) > 0);
  const lowDetail = useLowDetail();
  return (
    <HandleFrame border={BOX_BORDER}>
      <div
        data-id={summary.id}
        data-kind="account"
        data-collapsed={collapsed}
        data-stale={stale || undefined}
        data-partial={partial || undefined}
        title={`Account ${revealInvisible(summary.name)} (${summary.accountId})${collapsed ? " — click to expand" : ""}`}
        className={cx(
          "relative h-full w-full rounded-xl border-2",
          collapsed ? "cursor-pointer bg-white hover:border-neutral-400" : "bg-slate-50/70",
          stale ? "border-dashed border-neutral-400" : "border-slate-300",
          selected && "ring-2 ring-sky-500 ring-offset-2",
        )}
        style={stale ? { backgroundImage: HATCH } : undefined}
      >
        <div className="flex items-start gap-2 px-3 pt-2.5">
          <span className="mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-md bg-slate-700 text-white">
            <KindIcon kind="account" className="h-4 w-4" />
          </span>
          <div className="min-w-0 flex-1 leading-tight">
            <div className="flex min-w-0 items-center gap-2">
              <span className="truncate text-[15px] font-semibold text-neutral-900">
                <RevealedText text={summary.name} />
              </span>
              {summary.issues > 0 && (
                <Badge
                  tone="bad"
                  title="Target groups that receive weight without a healthy target, or failing actions"
                >
                  {summary.issues} {summary.issues === 1 ? "issue" : "issues"}
                </Badge>
              )}
            </div>
            <div className="truncate text-[11px] text-neutral-500">
              <span className="font-mono">{summary.accountId}</span>
              {summary.regions.length > 0 ? ` · ${summary.regions.join(", ")}` : ""}
              {summary.external ? " · not crawled" : ""}
            </div>
          </div>
          <button
            type="button"
            onClick={(event) => {
              event.stopPropagation();
              toggle(summary.id);
            }}
            aria-expanded={!collapsed}
            aria-label={`${collapsed ? "Expand" : "Collapse"} account ${revealInvisible(summary.name)}`}
            className="nodrag flex h-7 shrink-0 items-center gap-1 rounded-md border border-neutral-300 bg-white px-2 text-[11px] font-medium text-neutral-700 hover:bg-neutral-100"
          >
            {collapsed ? "Expand" : "Collapse"}
          </button>
        </div>
        {(stale || partial) && (
          <div className="flex min-w-0 gap-1 px-3 pt-1">
            {stale && (
              <Badge
                tone="stale"
                data-testid="stale-badge"
                className="max-w-full truncate"
                title="The last crawl of this account failed; the map shows what the last successful crawl saw"
              >
                {staleText(summary.staleScopes, summary.regions)}
              </Badge>
            )}
            <PartialScopeBadge summary={summary} />
          </div>
        )}
        {collapsed && <AccountRolloutChips boxId={summary.id} />}
        {collapsed && (
          <ul
            aria-label={`What ${revealInvisible(summary.name)} holds`}
            className="flex flex-wrap gap-x-2.5 gap-y-1 px-3 pt-2"
          >
            {counts.length === 0 && (
              <li className="text-[11px] text-neutral-500">No VPC Lattice resources</li>
            )}
            {counts.map((kind: ResourceKind) => (
              <li
                key={kind}
                className="inline-flex items-center gap-1 text-[11px] text-neutral-700"
                data-testid="account-count"
              >
                {!lowDetail && <KindIcon kind={kind} className="h-3 w-3" />}
                <span style={{ color: KIND_LOOK[kind].accent }} className="font-semibold tabular-nums">
                  {summary.counts[kind]}
                </span>{" "}
                {countLabel(kind, summary.counts[kind] ?? 0).replace(/^\d+ /, "")}
              </li>
            ))}
          </ul>
        )}
      </div>
    </HandleFrame>
  );
}

/** Only `data` is drawn: a box that moves (a new layout, a drag) keeps its body as it is. */
export const AccountNode = memo(AccountNodeView, (before, after) => before.data === after.data);
