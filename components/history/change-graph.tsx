"use client";

import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  Controls,
  MarkerType,
  ReactFlow,
  type Edge,
  type NodeMouseHandler,
  type NodeTypes,
} from "@xyflow/react";
import { LEFT_HANDLE, RIGHT_HANDLE } from "@/components/graph/handles";
import type { LayoutResponse } from "@/components/graph/model/layout-protocol";
import { useGraphLayout } from "@/components/graph/use-graph-layout";
import type { TopologyEdge } from "@/lib/domain/topology/topology";
import {
  buildChangeGraph,
  changeGraphLayoutRequest,
  NODE_HEIGHT,
  NODE_WIDTH,
  type ChangeGraph as ChangeGraphData,
} from "./change-graph-model";
import { CHANGE_LOOK, CONTEXT_STROKE } from "./change-look";
import {
  ChangeAccountNode,
  ChangeNode,
  type ChangeAccountFlowNode,
  type ChangeFlowNode,
} from "./change-nodes";
import type { DiffModel } from "./diff-model";

const nodeTypes = { change: ChangeNode, changeAccount: ChangeAccountNode } satisfies NodeTypes;
const FIT = { padding: 0.06, maxZoom: 1 };
const MIN_HEIGHT = 200;
const MAX_HEIGHT = 560;

/** Tall enough to show the laid-out graph at full size when it is small, capped for large ones. */
function graphHeight(layout: LayoutResponse): number {
  const bottom = Math.max(0, ...Object.values(layout.boxes).map((box) => box.position.y + box.size.height));
  return Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.round(bottom * 0.9) + 90));
}

function toFlow(graph: ChangeGraphData, layout: LayoutResponse) {
  const nodes: (ChangeFlowNode | ChangeAccountFlowNode)[] = [];
  for (const box of graph.boxes) {
    const placed = layout.boxes[box.id];
    if (!placed) continue;
    nodes.push({
      id: box.id,
      type: "changeAccount",
      position: placed.position,
      data: { box },
      style: { width: placed.size.width, height: placed.size.height },
      selectable: false,
      draggable: false,
    });
    for (const node of graph.nodes) {
      const position = node.box === box.id ? placed.children[node.id] : undefined;
      if (!position) continue;
      nodes.push({
        id: node.id,
        type: "change",
        parentId: box.id,
        position,
        data: { node },
        style: { width: NODE_WIDTH, height: NODE_HEIGHT },
        draggable: false,
      });
    }
  }
  const edges: Edge[] = graph.edges.map((edge) => {
    const stroke = edge.state ? CHANGE_LOOK[edge.state].stroke : CONTEXT_STROKE;
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: RIGHT_HANDLE,
      targetHandle: LEFT_HANDLE,
      label: edge.label,
      labelStyle: { fontSize: 11, fontWeight: 600, fill: edge.state ? stroke : "#525252" },
      labelBgStyle: { fill: "#ffffff" },
      labelBgPadding: [4, 2] as [number, number],
      style: {
        stroke,
        strokeWidth: edge.state ? 2.25 : 1.25,
        strokeDasharray: edge.state === "removed" ? "6 4" : undefined,
      },
      markerEnd: { type: MarkerType.ArrowClosed, color: stroke, width: 16, height: 16 },
      zIndex: edge.state ? 2 : 1,
    };
  });
  return { nodes, edges };
}

/**
 * The changed part of the estate as a small map: changed resources ringed amber, added green, removed red and
 * dashed, with their parents and the resources their changed relations reach drawn plainly for context.
 */
export function ChangeGraph({
  model,
  edges,
  onOpen,
}: {
  model: DiffModel;
  edges: readonly TopologyEdge[];
  onOpen: (id: string) => void;
}) {
  const graph = useMemo(() => buildChangeGraph(model, edges), [model, edges]);
  const request = useMemo(
    () => (graph.nodes.length > 0 ? changeGraphLayoutRequest(graph) : undefined),
    [graph],
  );
  const { layout, pending, error } = useGraphLayout(request);
  const flow = useMemo(
    () => (layout && !pending ? toFlow(graph, layout) : undefined),
    [graph, layout, pending],
  );
  const height = layout ? graphHeight(layout) : MIN_HEIGHT;
  const onNodeClick: NodeMouseHandler = (_event, node) => {
    if (node.type === "change") onOpen(node.id);
  };

  if (graph.nodes.length === 0) return null;
  return (
    <div
      className="relative overflow-hidden rounded-xl border border-neutral-200 bg-neutral-100"
      style={{ height }}
    >
      {error && (
        <p role="alert" className="p-4 text-sm text-red-700">
          The change graph could not be laid out: {error}
        </p>
      )}
      {!flow && !error && (
        <p role="status" className="p-4 text-sm text-neutral-500">
          Laying out the changes…
        </p>
      )}
      {flow && (
        <ReactFlow
          key={layout?.id}
          aria-label="Changed resources"
          nodes={flow.nodes}
          edges={flow.edges}
          nodeTypes={nodeTypes}
          onNodeClick={onNodeClick}
          fitView
          fitViewOptions={FIT}
          minZoom={0.15}
          maxZoom={1.5}
          nodesDraggable={false}
          nodesConnectable={false}
          connectionMode={ConnectionMode.Loose}
          elementsSelectable={false}
          zoomOnScroll={false}
          preventScrolling={false}
          proOptions={{ hideAttribution: false }}
        >
          <Background variant={BackgroundVariant.Dots} gap={18} size={1} color="#d4d4d4" />
          <Controls showInteractive={false} position="bottom-right" />
        </ReactFlow>
      )}
      {graph.omitted > 0 && (
        <p className="absolute top-2 left-2 rounded bg-white/90 px-2 py-1 text-xs text-neutral-600 shadow-sm">
          {graph.omitted} more changed resources are in the list below.
        </p>
      )}
    </div>
  );
}
