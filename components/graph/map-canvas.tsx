"use client";

import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import {
  ConnectionMode,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  applyNodeChanges,
  useReactFlow,
  useStore,
  type EdgeTypes,
  type NodeChange,
  type EdgeMouseHandler,
  type NodeMouseHandler,
  type NodeTypes,
} from "@xyflow/react";
import type { NodePositionInput } from "@/lib/domain/topology/node-layout";
import { AccountNode } from "./account-node";
import type { MapGraph } from "./model/build-map-graph";
import type { MapFlowEdge, MapFlowNode } from "./flow-types";
import { KIND_LOOK } from "./model/kinds";
import type { Point } from "./model/layout-protocol";
import { MapActionsContext, type MapActions } from "./map-actions";
import { MapEdgeComponent } from "./map-edge";
import { ResourceNode } from "./resource-node";
import type { RolloutStore } from "./model/rollout-store";
import { toFlowData, toFlowElements, toLayoutRequest, type Rect } from "./to-flow";
import { useGraphLayout } from "./use-graph-layout";
import { LowDetailProvider, SPARSE_NODES } from "./use-low-detail";
import { useRestingLayout } from "./use-resting-layout";
import { RolloutStoreContext } from "./use-rollout-marks";

const nodeTypes = { account: AccountNode, resource: ResourceNode } satisfies NodeTypes;
const edgeTypes = { map: MapEdgeComponent } satisfies EdgeTypes;

export interface MapFocus {
  /** The node to take in; none: the whole map (after collapsing or filtering). */
  id?: string;
  /** Changes on every request, so asking twice for the same node moves the view again. */
  nonce: number;
  /**
   * An account box or service that must be open first: the URL that opens it takes a moment to arrive here.
   * The view then takes in what the node holds and where it forwards to.
   */
  opens?: string;
  /** Glide there rather than jump. */
  animate?: boolean;
  /**
   * The map URL's search string the request was made for: the view moves once the map shows that state, not on
   * the layout of the state before it.
   */
  awaits?: string;
}

export interface MapCanvasProps {
  graph: MapGraph;
  selected: string | undefined;
  saved: ReadonlyMap<string, Point>;
  focus: MapFocus | undefined;
  onSelect(id: string): void;
  onToggle(id: string): void;
  /** A rule's forward edge was clicked: open the editor of that rule's weights (operators only). */
  onEditForward?(ruleId: string): void;
  /** Saves dragged positions; without it nodes cannot be dragged (the viewer role cannot save them). */
  onMoved?(positions: NodePositionInput[]): void;
  /** Rollout badges and marks, read per node and edge outside the nodes' data. */
  rollouts?: RolloutStore | undefined;
  /** A rollout badge was clicked. */
  onOpenRollout?(service: string, rolloutId: string): void;
}

/** Room around the map when the view takes all of it in. */
const FIT_PADDING = 0.06;
/** How long the view glides to a focus or a re-fit. */
const FOCUS_MS = 300;

const FIRST_VIEW: MapFocus = { nonce: -1 };

function FitIcon() {
  return (
    <svg viewBox="0 0 32 30" aria-hidden="true">
      <path d="M3.7 4.6c0-.5.4-.9.9-.9h5.2V0H4.7C2.1 0 0 2.1 0 4.6v5.2h3.7V4.6zM27.4 0h-5.2v3.7h5.2c.5 0 1 .4 1 .9v5.2H32V4.6A4.6 4.6 0 0027.4 0zm.9 24.8c0 .5-.4.9-.9.9h-5.2v3.8h5.2c2.6 0 4.6-2.1 4.6-4.7v-5.1h-3.7v5.1zm-23.7.9c-.5 0-.9-.4-.9-.9v-5.1H0v5.1C0 27.4 2.1 29.5 4.7 29.5h5.1v-3.8H4.6z" />
    </svg>
  );
}

function sameSize(a: { width: number; height: number }, b: { width: number; height: number }): boolean {
  return a.width === b.width && a.height === b.height;
}

function minimapColor(node: MapFlowNode): string {
  if (node.type === "account") return "#e2e8f0";
  if (node.data.item.health === "no-healthy" || node.data.item.health === "failing") return "#dc2626";
  return KIND_LOOK[node.data.item.kind].accent;
}

function boundsOf(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** The rect grown around its centre to a minimum size, so focusing a small node doesn't zoom in too far. */
function atLeast(rect: Rect, width: number, height: number): Rect {
  const w = Math.max(rect.width, width);
  const h = Math.max(rect.height, height);
  return { x: rect.x + rect.width / 2 - w / 2, y: rect.y + rect.height / 2 - h / 2, width: w, height: h };
}

function isOpen(graph: MapGraph, id: string): boolean {
  const box = graph.boxes.find((b) => b.id === id);
  if (box) return !box.collapsed;
  const node = graph.nodes.find((n) => n.id === id);
  return node !== undefined && (node.expanded || !node.expandable);
}

/** A node, what hangs below it (listeners and rules, targets) and the nodes those forward to. */
function focusRects(graph: MapGraph, id: string): string[] {
  const subtree = new Set([id, ...graph.nodes.filter((n) => n.anchor === id).map((n) => n.id)]);
  const ids = new Set(subtree);
  for (const edge of graph.edges) if (subtree.has(edge.source) && edge.internal) ids.add(edge.target);
  return [...ids];
}

function Canvas({
  graph,
  selected,
  saved,
  focus,
  onSelect,
  onToggle,
  onMoved,
  onEditForward,
  rollouts,
  onOpenRollout,
}: MapCanvasProps) {
  const { fitBounds } = useReactFlow();
  const request = useMemo(() => toLayoutRequest(graph), [graph]);
  const latest = useGraphLayout(request);
  const { pending, error } = latest;
  const { layout, onMoveStart, onMoveEnd } = useRestingLayout(latest.layout);
  const data = useMemo(() => toFlowData(graph, selected), [graph, selected]);
  const elements = useMemo(
    () => (layout ? toFlowElements(graph, layout, saved, data) : undefined),
    [graph, layout, saved, data],
  );

  const [nodes, setNodes] = useState<MapFlowNode[]>([]);
  const [shown, setShown] = useState(elements);
  if (shown !== elements) {
    setShown(elements);
    setNodes(elements?.nodes ?? []);
  }
  const onNodesChange = useCallback(
    (changes: NodeChange<MapFlowNode>[]) => setNodes((current) => applyNodeChanges(changes, current)),
    [],
  );

  useEffect(() => {
    // For benchmarks and the Performance panel: when a laid-out map (or a change to it) reached the screen.
    if (elements) performance.mark("trellis:map-rendered", { detail: { nodes: elements.nodes.length } });
  }, [elements]);

  const { getViewport } = useReactFlow();
  // Never closer than the first view of a small map: one box left by a filter is not blown up to twice its size.
  const fitAll = useCallback(
    (bounds: Rect, duration: number) =>
      void fitBounds(atLeast(bounds, 1100, 600), { padding: FIT_PADDING, duration }),
    [fitBounds],
  );
  // Pans and zooms by the user: a focus is not redone under them.
  const moves = useRef(0);
  const onMoveStarted = useCallback(
    (event: MouseEvent | TouchEvent | null) => {
      if (event) moves.current++;
      onMoveStart();
    },
    [onMoveStart],
  );

  // The first view takes in the whole map, unless it opens on a selected node. A focus is done once the layout
  // of its request arrives; done on a quick layout, it is redone on the final one unless the user moved since.
  const view = focus ?? FIRST_VIEW;
  const lastFocus = useRef<{ nonce: number; final: boolean; moves: number } | undefined>(undefined);
  useEffect(() => {
    if (!elements?.bounds || !layout || pending) return;
    const done = lastFocus.current;
    if (done?.nonce === view.nonce && (done.final || !layout.final || done.moves !== moves.current)) return;
    if (view.opens && !isOpen(graph, view.opens)) return;
    const duration = view.animate && done ? FOCUS_MS : 0;
    const rects =
      view.id === undefined ? [] : focusRects(graph, view.id).flatMap((id) => elements.rects.get(id) ?? []);
    lastFocus.current = { nonce: view.nonce, final: layout.final, moves: moves.current };
    if (rects.length === 0) fitAll(elements.bounds, duration);
    else void fitBounds(atLeast(boundsOf(rects), 960, 600), { padding: 0.1, duration });
  }, [view, elements, layout, pending, fitBounds, fitAll, graph]);

  // The view's buttons are the user's moves too: a focus still waiting on its final layout is not redone over them.
  const fitEverything = useCallback(() => {
    moves.current++;
    if (elements?.bounds) fitAll(elements.bounds, FOCUS_MS);
  }, [elements, fitAll]);
  const zoomed = useCallback(() => void moves.current++, []);

  // Whatever changed the map (a collapse, a filter, a box closing under the view), it never leaves the view empty.
  const container = useStore((state) => ({ width: state.width, height: state.height }), sameSize);
  useEffect(() => {
    if (!elements?.bounds || pending || !lastFocus.current || container.width === 0) return;
    const { x, y, zoom } = getViewport();
    const area = {
      x: -x / zoom,
      y: -y / zoom,
      width: container.width / zoom,
      height: container.height / zoom,
    };
    const seen = [...elements.rects.values()].some(
      (r) =>
        r.x < area.x + area.width &&
        area.x < r.x + r.width &&
        r.y < area.y + area.height &&
        area.y < r.y + r.height,
    );
    if (!seen) fitAll(elements.bounds, FOCUS_MS);
  }, [elements, pending, getViewport, fitAll, container]);

  const boxes = useMemo(() => new Map(graph.boxes.map((box) => [box.id, box])), [graph]);
  const activate = useCallback(
    (id: string) => {
      if (boxes.get(id)?.collapsed) onToggle(id);
      else onSelect(id);
    },
    [boxes, onSelect, onToggle],
  );
  const onEdgeClick: EdgeMouseHandler<MapFlowEdge> = useCallback(
    (_event, edge) => {
      const mapEdge = edge.data?.edge;
      // A rule's own forward edge (not one standing for several): its weights are what the editor changes.
      if (!onEditForward || !mapEdge || mapEdge.share === undefined || mapEdge.aggregate) return;
      if (/\/listener\/[^/]+\/rule\/[^/]+$/.test(mapEdge.source)) onEditForward(mapEdge.source);
    },
    [onEditForward],
  );
  const onNodeClick: NodeMouseHandler<MapFlowNode> = useCallback(
    (_event, node) => activate(node.id),
    [activate],
  );
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (event.key !== "Enter" || !(event.target instanceof HTMLElement)) return;
      if (!event.target.classList.contains("react-flow__node")) return;
      const id = event.target.getAttribute("data-id");
      if (id) activate(id);
    },
    [activate],
  );
  const onNodeDragStop = useCallback(
    (_event: unknown, _node: MapFlowNode, dragged: MapFlowNode[]) =>
      onMoved?.(
        dragged.map((n) => ({ nodeId: n.id, x: Math.round(n.position.x), y: Math.round(n.position.y) })),
      ),
    [onMoved],
  );
  const actions = useMemo<MapActions>(
    () => ({ toggle: onToggle, editForward: onEditForward, select: onSelect, openRollout: onOpenRollout }),
    [onToggle, onEditForward, onSelect, onOpenRollout],
  );

  return (
    <MapActionsContext value={actions}>
      <RolloutStoreContext value={rollouts}>
        <LowDetailProvider sparse={graph.nodes.length + graph.boxes.length <= SPARSE_NODES}>
          <ReactFlow<MapFlowNode, MapFlowEdge>
            nodes={nodes}
            edges={elements?.edges ?? []}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onNodeClick={onNodeClick}
            onEdgeClick={onEdgeClick}
            onNodeDragStop={onNodeDragStop}
            nodesDraggable={onMoved !== undefined}
            onMoveStart={onMoveStarted}
            onMoveEnd={onMoveEnd}
            onlyRenderVisibleElements
            nodesConnectable={false}
            connectionMode={ConnectionMode.Loose}
            elementsSelectable={false}
            edgesFocusable={false}
            minZoom={0.05}
            maxZoom={2}
            attributionPosition="top-right"
            onKeyDown={onKeyDown}
          >
            <Controls
              showInteractive={false}
              showFitView={false}
              position="bottom-left"
              onZoomIn={zoomed}
              onZoomOut={zoomed}
            >
              {/* React Flow's own fit takes in the nodes only; this one the edges curving out beside them too. */}
              <ControlButton
                onClick={fitEverything}
                title="Fit view"
                aria-label="Fit View"
                className="react-flow__controls-fitview"
              >
                <FitIcon />
              </ControlButton>
            </Controls>
            <MiniMap<MapFlowNode>
              pannable
              zoomable
              position="bottom-right"
              nodeColor={minimapColor}
              nodeStrokeWidth={0}
              // The SVG takes its size from style (React Flow's default is 200 × 150); a class alone clipped it.
              style={{ width: 128, height: 80 }}
              className="overflow-hidden rounded-md border border-neutral-200 opacity-70 transition-opacity hover:opacity-100 max-xl:!hidden"
            />
          </ReactFlow>
        </LowDetailProvider>
      </RolloutStoreContext>
      {(error || (pending && !layout)) && (
        <div
          role={error ? "alert" : "status"}
          className="pointer-events-none absolute inset-x-0 top-16 mx-auto w-fit rounded-md border border-neutral-200 bg-white px-3 py-1.5 text-sm text-neutral-700 shadow"
        >
          {error ? `The map could not be laid out: ${error}` : "Laying out the map…"}
        </div>
      )}
    </MapActionsContext>
  );
}

/** The map: account boxes with their resources, laid out off the main thread, pannable and zoomable. */
export function MapCanvas(props: MapCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}
