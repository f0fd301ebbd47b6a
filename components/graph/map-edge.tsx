"use client";

import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, Position, type EdgeProps } from "@xyflow/react";
import { useMapActions } from "./map-actions";
import { cx } from "@/components/ui/cx";
import type { MapEdge, MapEdgeTone } from "./model/build-map-graph";
import type { MapFlowEdge } from "./flow-types";
import { useEdgeLabels } from "./use-low-detail";
import { useRolloutEdgeMark } from "./use-rollout-marks";
import type { RolloutStatus } from "@/lib/domain/routing/rollout";

/** RAM shares in their own colour and dash-dot: red is kept for trouble (a forward with no healthy target). */
export const SHARE_COLOR = "#c026d3";

const STROKE: Record<MapEdgeTone, { color: string; dash?: string; width: number }> = {
  forward: { color: "#334155", width: 1.5 },
  "forward-dead": { color: "#dc2626", dash: "6 4", width: 1.5 },
  association: { color: "#8b5cf6", width: 1.5 },
  share: { color: SHARE_COLOR, dash: "10 3 2 3", width: 1.75 },
  pending: { color: "#a3a3a3", dash: "3 5", width: 1.5 },
  contains: { color: "#cbd5e1", width: 1.25 },
  gateway: { color: "#0d9488", width: 1.5 },
};

const LABEL: Record<MapEdgeTone, string> = {
  forward: "border-slate-300 bg-white text-slate-900",
  "forward-dead": "border-red-400 bg-red-50 text-red-800",
  association: "border-violet-200 bg-violet-50 text-violet-900",
  share: "border-fuchsia-200 bg-fuchsia-50 text-fuchsia-900",
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
  // The same reach as sameSideBulge, which the view's fit makes room for.
  const bulge = side * (48 + Math.min(120, Math.abs(ty - sy) / 6));
  const x = (side > 0 ? Math.max(sx, tx) : Math.min(sx, tx)) + bulge;
  const path = `M ${sx},${sy} C ${x},${sy} ${x},${ty} ${tx},${ty}`;
  return [path, sx + (x - sx) * 0.75, (sy + ty) / 2];
}

/** Where along a forward edge its label sits: past the middle, towards the target group, so a fan's labels part. */
const FORWARD_LABEL_AT = 0.55;

/** React Flow's control offset for a bezier between a left or right handle (curvature 0.25). */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
}

/** The point at `t` of the bezier React Flow draws from a right or left source handle to a left or right one. */
function bezierAt(
  t: number,
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  sourceRight: boolean,
  targetLeft: boolean,
): [number, number] {
  const c1 = sourceRight ? sx + controlOffset(tx - sx) : sx - controlOffset(sx - tx);
  const c2 = targetLeft ? tx - controlOffset(tx - sx) : tx + controlOffset(sx - tx);
  const u = 1 - t;
  const x = u * u * u * sx + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * tx;
  const y = u * u * u * sy + 3 * u * u * t * sy + 3 * u * t * t * ty + t * t * t * ty;
  return [x, y];
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
  const labels = useEdgeLabels();
  if (!data) return null;
  const { edge, highlighted } = data;
  const forward = edge.tone === "forward" || edge.tone === "forward-dead";
  const [x, y] =
    forward && sourcePosition !== targetPosition
      ? bezierAt(
          FORWARD_LABEL_AT,
          sourceX,
          sourceY,
          targetX,
          targetY,
          sourcePosition === Position.Right,
          targetPosition === Position.Left,
        )
      : [labelX, labelY];
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
      {edge.label && labels && (
        <EdgeLabelRenderer>
          <EdgeLabel
            id={id}
            edge={edge}
            source={source}
            target={target}
            x={x}
            y={y}
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
      // Centred on (x, y) and grown from its centre when a small map is zoomed out (see LowDetailProvider).
      transform: `translate(${x}px, ${y}px) scale(var(--map-label-scale, 1)) translate(-50%, -50%)`,
      transformOrigin: "0 0",
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
