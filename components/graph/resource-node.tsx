"use client";

import { memo } from "react";
import type { NodeProps } from "@xyflow/react";
import { cx } from "@/components/ui/cx";
import type { MapNode } from "./model/build-map-graph";
import type { ResourceFlowNode } from "./flow-types";
import { HealthSummary } from "./health-summary";
import { HandleFrame } from "./handles";
import { kindGlyphImage } from "./kind-icon";
import { KIND_LOOK } from "./model/kinds";
import { useMapActions } from "./map-actions";
import { nodeDetail } from "./model/node-details";
import { IncompleteMarker } from "./partial-marks";
import { NodeRolloutBadge } from "./rollout-badge";
import { SplitBar } from "./split-bar";
import { useLowDetail } from "./use-low-detail";
import { RevealedText } from "@/components/ui/revealed-text";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

const HATCH = "repeating-linear-gradient(135deg, #f5f5f5 0 6px, #e5e5e5 6px 12px)";

/** Nodes a rollout's badge can sit on. */
const ROLLOUT_KINDS = new Set<string>(["service", "listener", "rule"]);

function ResourceNodeView({ data }: NodeProps<ResourceFlowNode>) {
  const { item, selected, region } = data;
  const { node, kind, health } = item;
  const look = KIND_LOOK[kind];
  const { toggle } = useMapActions();
  const lowDetail = useLowDetail();
  const detail = nodeDetail(node);
  const noHealthy = health === "no-healthy" || health === "failing";
  const showHealth = kind === "service" || kind === "target-group";
  const targetStatus = kind === "target" ? detail : undefined;
  return (
    <HandleFrame>
      <div
        data-id={node.id}
        data-kind={kind}
        data-health={health}
        data-incomplete={node.incomplete ? true : undefined}
        data-selected={selected || undefined}
        title={revealInvisible(`${look.label} ${node.name}\n${node.id}`, { lines: true })}
        className={cx(
          "group flex h-full w-full flex-col justify-center gap-1 overflow-hidden rounded-lg border bg-white pr-2 pl-2.5 text-left",
          noHealthy ? "border-2 border-red-600 bg-red-50" : "border-neutral-300",
          selected && "ring-2 ring-sky-500 ring-offset-1",
          node.external && "border-dashed",
          node.stale && "opacity-70",
        )}
        style={{
          borderLeftColor: noHealthy ? undefined : look.accent,
          borderLeftWidth: noHealthy ? undefined : 4,
          ...(node.stale ? { backgroundImage: HATCH } : {}),
        }}
      >
        <div className="flex min-w-0 items-center gap-2">
          <span
            className="h-6 w-6 shrink-0 rounded-md bg-size-[16px] bg-center bg-no-repeat"
            style={{ backgroundColor: look.tint, backgroundImage: kindGlyphImage(kind, look.accent) }}
          />
          <div className="min-w-0 flex-1 leading-tight">
            <div
              className={cx(
                "truncate font-semibold text-neutral-900",
                lowDetail ? "text-[15px]" : "text-[13px]",
              )}
            >
              <RevealedText text={node.name} />
            </div>
            {!lowDetail && (
              <div className="truncate text-[11px] text-neutral-500">
                {targetStatus ? (
                  <TargetStatus status={targetStatus} />
                ) : (
                  <>
                    {look.label}
                    {detail ? ` · ${revealInvisible(detail)}` : ""}
                  </>
                )}
                {region ? ` · ${region}` : ""}
                {node.external ? " · not crawled" : ""}
              </div>
            )}
          </div>
          <IncompleteMarker node={node} />
          {item.expandable && !lowDetail && <ExpandButton item={item} onToggle={toggle} />}
        </div>
        {lowDetail ? null : showHealth ? (
          <HealthSummary
            health={node.health}
            state={health}
            kind={kind === "service" ? "service" : "target-group"}
          />
        ) : item.childSummary ? (
          <div className="line-clamp-2 text-[11px] leading-snug text-neutral-600">{item.childSummary}</div>
        ) : null}
        {item.split && <SplitBar split={item.split} large={lowDetail} />}
      </div>
      {ROLLOUT_KINDS.has(kind) && <NodeRolloutBadge nodeId={node.id} compact={kind !== "service"} />}
    </HandleFrame>
  );
}

function ExpandButton({ item, onToggle }: { item: MapNode; onToggle: (id: string) => void }) {
  return (
    <button
      type="button"
      onClick={(event) => {
        event.stopPropagation();
        onToggle(item.id);
      }}
      aria-expanded={item.expanded}
      aria-label={`${item.expanded ? "Collapse" : "Expand"} ${revealInvisible(item.node.name)}`}
      disabled={item.lockedOpen}
      title={
        item.lockedOpen
          ? "Open while it is selected"
          : item.expanded
            ? "Hide what it holds"
            : `Show ${item.childSummary ?? "what it holds"}`
      }
      className="nodrag flex h-6 w-6 shrink-0 items-center justify-center rounded text-neutral-500 hover:bg-neutral-100 hover:text-neutral-900 disabled:opacity-40"
    >
      <svg viewBox="0 0 16 16" aria-hidden="true" className={cx("h-3.5 w-3.5", item.expanded && "rotate-90")}>
        <path d="M6 3l5 5-5 5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
    </button>
  );
}

const STATUS_COLOR: Record<string, string> = {
  HEALTHY: "#10b981",
  UNHEALTHY: "#ef4444",
  UNAVAILABLE: "#a3a3a3",
};

function TargetStatus({ status }: { status: string }) {
  return (
    <span
      className={cx("inline-flex items-center gap-1", status === "UNHEALTHY" && "font-semibold text-red-700")}
    >
      <span
        aria-hidden="true"
        className="h-2 w-2 rounded-full"
        style={{ backgroundColor: STATUS_COLOR[status] ?? "#f59e0b" }}
      />
      {status.toLowerCase()}
    </span>
  );
}

/** Only `data` is drawn: a node that moves (a new layout, a drag) keeps its body as it is. */
export const ResourceNode = memo(ResourceNodeView, (before, after) => before.data === after.data);
