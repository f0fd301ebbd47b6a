"use client";

import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, Position, type EdgeProps } from "@xyflow/react";
import { useMapActions } from "./map-actions";
import { cx } from "@/components/ui/cx";
import type { MapEdge, MapEdgeTone } from "./build-map-graph";
import type { MapFlowEdge } from "./flow-types";
import { useLowDetail } from "./use-low-detail";
import { useRolloutEdgeMark } from "./use-rollout-marks";
import type { RolloutStatus } from "@/lib/domain/rollout";

const STROKE: Record<MapEdgeTone, { color: string; dash?: string; width: number }> = {
  forward: { color: "#334155", width: 1.5 },
  "forward-dead": { color: "#dc2626", dash: "6 4", width: 1.5 },
  association: { color: "#8b5cf6", width: 1.5 },
  share: { color: "#e11d48", dash: "7 5", width: 1.75 },
  pending: { color: "#a3a3a3", dash: "3 5", width: 1.5 },
  contains: { color: "#cbd5e1", width: 1.25 },
  gateway: { color: "#0d9488", width: 1.5 },
};

const LABEL: Record<MapEdgeTone, string> = {
  forward: "border-slate-300 bg-white text-slate-900",
  "forward-dead": "border-red-400 bg-red-50 text-red-800",
  association: "border-violet-200 bg-violet-50 text-violet-900",
  share: "border-rose-200 bg-rose-50 text-rose-900",
  pending: "border-neutral-300 bg-white text-neutral-500",
  contains: "border-neutral-200 bg-white text-neutral-500",
  gateway: "border-teal-200 bg-teal-50 text-teal-900",
};

/** Between boxes stacked in one column both ends face the same way: bulge out sideways, away from the boxes. */
function sameSidePath(
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  side: 1 | -1,
): [string, number, number] {
  const bulge = side * (48 + Math.min(120, Math.abs(ty - sy) / 6));
  const x = (side > 0 ? Math.max(sx, tx) : Math.min(sx, tx)) + bulge;
  const path = `M ${sx},${sy} C ${x},${sy} ${x},${ty} ${tx},${ty}`;
  return [path, sx + (x - sx) * 0.75, (sy + ty) / 2];
}

function MapEdgeView({
  id,
  source,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  markerEnd,
}: EdgeProps<MapFlowEdge>) {
  const [path, labelX, labelY] =
    sourcePosition === targetPosition
      ? sameSidePath(sourceX, sourceY, targetX, targetY, sourcePosition === Position.Left ? -1 : 1)
      : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const lowDetail = useLowDetail();
  if (!data) return null;
  const { edge, highlighted } = data;
  const stroke = STROKE[edge.tone];
  const width = (edge.share !== undefined ? 1.25 + 3 * edge.share : stroke.width) + (highlighted ? 1 : 0);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        // No wide invisible twin of the path for the pointer: nothing on the map listens to edges themselves.
        interactionWidth={0}
        style={{
          stroke: stroke.color,
          strokeWidth: width,
          strokeDasharray: stroke.dash,
          opacity: highlighted === false ? 0.45 : 1,
        }}
      />
      {edge.label && !lowDetail && (
        <EdgeLabelRenderer>
          <EdgeLabel
            id={id}
            edge={edge}
            source={source}
            target={target}
            x={labelX}
            y={labelY}
            dimmed={highlighted === false}
          />
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** A label carrying a rollout's canary: a ring in the rollout's colour (the tone's own colours stay). */
const ROLLOUT_MARK: Record<RolloutStatus, string> = {
  running: "!border-sky-600 ring-2 ring-sky-500 ring-offset-1",
  paused: "!border-amber-500 ring-2 ring-amber-400 ring-offset-1",
  completed: "!border-emerald-600 ring-2 ring-emerald-500 ring-offset-1",
  aborted: "!border-red-600 ring-2 ring-red-500 ring-offset-1",
  failed: "!border-red-600 ring-2 ring-red-500 ring-offset-1",
};

/** A rule's own forward edge, not one standing for several relations: its weights can be edited. */
const RULE_ID = /\/listener\/[^/]+\/rule\/[^/]+$/;

function EdgeLabel({
  id,
  edge,
  source,
  target,
  x,
  y,
  dimmed,
}: {
  id: string;
  edge: MapEdge;
  source: string;
  target: string;
  x: number;
  y: number;
  dimmed: boolean;
}) {
  const { editForward } = useMapActions();
  const mark = useRolloutEdgeMark(source, target);
  const editable = editForward && edge.share !== undefined && !edge.aggregate && RULE_ID.test(edge.source);
  const baseTitle = editable
    ? `${edge.title ?? ""}${edge.title ? " — " : ""}click to edit the weights`
    : edge.title;
  const props = {
    "data-testid": "edge-label",
    "data-edge-id": id,
    "data-edge-tone": edge.tone,
    "data-source": source,
    "data-target": target,
    "data-rollout": mark?.status,
    title: mark ? `${mark.title}${baseTitle ? `\n${baseTitle}` : ""}` : baseTitle,
    className: cx(
      "nodrag nopan pointer-events-auto absolute rounded-full border px-1.5 py-px text-[11px] leading-4 font-semibold whitespace-nowrap tabular-nums",
      LABEL[edge.tone],
      mark && ROLLOUT_MARK[mark.status],
      editable && "cursor-pointer hover:ring-2 hover:ring-sky-500",
    ),
    style: {
      transform: `translate(-50%, -50%) translate(${x}px, ${y}px)`,
      zIndex: 1000,
      opacity: dimmed ? 0.75 : 1,
    },
  };
  if (!editable) return <div {...props}>{edge.label}</div>;
  return (
    <button
      type="button"
      {...props}
      aria-label={`Edit weights: ${edge.label}${mark ? `; ${mark.title}` : ""}`}
      onClick={() => editForward(edge.source)}
    >
      {edge.label}
    </button>
  );
}

export const MapEdgeComponent = memo(MapEdgeView);
