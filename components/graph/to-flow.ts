import { MarkerType } from "@xyflow/react";
import type { MapEdgeTone, MapGraph } from "./model/build-map-graph";
import { BOX_BORDER } from "./account-node";
import { frameHandles, LEFT_HANDLE, RIGHT_HANDLE } from "./handles";
import { ANCHOR_KINDS, countLabel, KIND_COLUMN, KIND_LOOK } from "./model/kinds";
import type {
  AccountFlowNode,
  MapFlowEdge,
  MapFlowEdgeData,
  MapFlowNode,
  ResourceFlowNode,
} from "./flow-types";
import type { LayoutRequest, LayoutResponse, Point } from "./model/layout-protocol";
import { SPARSE_NODES } from "./use-low-detail";

/** How much wider than a label the gap for it is on a sparse map (see LowDetailProvider's label scale). */
const SPARSE_LABEL_ROOM = 1.6;
const TITLE = 56;
const STALE_BADGE = 24;
const COUNT_ROW = 18;
const BOX_MIN_WIDTH = 340;
const PADDING = 16;

/** Rows the collapsed box's count chips wrap into (11px text, an icon and a gap each). */
function countRows(box: MapGraph["boxes"][number]): number {
  const width = BOX_MIN_WIDTH - 24;
  let rows = 1;
  let used = 0;
  for (const kind of ANCHOR_KINDS) {
    const count = box.summary.counts[kind] ?? 0;
    if (count === 0) continue;
    const chip = 26 + countLabel(kind, count).length * 6.3;
    if (used > 0 && used + chip > width) {
      rows++;
      used = 0;
    }
    used += chip;
  }
  return rows;
}

/** Room above an account box's children for its name, badges and (collapsed) counts. */
function header(box: MapGraph["boxes"][number]): number {
  const { staleScopes, partialScopes } = box.summary;
  const stale = staleScopes.length > 0 || partialScopes.length > 0 ? STALE_BADGE : 0;
  return TITLE + stale + (box.collapsed ? countRows(box) * COUNT_ROW + 14 : 0);
}

/** What the layout worker needs: box headers, child sizes and the edges inside each box. */
export function toLayoutRequest(graph: MapGraph): Omit<LayoutRequest, "id"> {
  const byBox = new Map(
    graph.boxes.map((box) => [
      box.id,
      {
        children: [] as LayoutRequest["boxes"][0]["children"],
        edges: [] as LayoutRequest["boxes"][0]["edges"],
      },
    ]),
  );
  for (const node of graph.nodes) {
    const child = { id: node.id, width: node.width, height: node.height, column: KIND_COLUMN[node.kind] };
    byBox.get(node.box)?.children.push(child);
  }
  const boxOf = new Map(graph.nodes.map((n) => [n.id, n.box]));
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const labelRoom = new Map<string, number>();
  for (const edge of graph.edges) {
    if (!edge.internal) continue;
    const box = boxOf.get(edge.source);
    if (box) byBox.get(box)?.edges.push({ id: edge.id, source: edge.source, target: edge.target });
    const forward = edge.tone === "forward" || edge.tone === "forward-dead";
    if (box && forward && edge.aggregate && kindOf.get(edge.source) === "service") {
      labelRoom.set(box, Math.max(labelRoom.get(box) ?? 0, labelWidth(edge.label)));
    }
  }
  // Room for the labels of collapsed services' edges to their target groups ("default 10 % · canary-header
  // 100 %"): an empty child in the rules' column, which widens the gap those edges cross. A sparse map keeps its
  // labels when zoomed out, drawn larger than the map: it needs more room.
  const grow = graph.nodes.length + graph.boxes.length <= SPARSE_NODES ? SPARSE_LABEL_ROOM : 1;
  for (const [box, width] of labelRoom) {
    byBox
      .get(box)
      ?.children.push({ id: `${box}|labels`, width: width * grow, height: 1, column: KIND_COLUMN.rule });
  }
  return {
    boxes: graph.boxes.map((box) => {
      const h = header(box);
      const content = byBox.get(box.id) ?? { children: [], edges: [] };
      return {
        id: box.id,
        header: h,
        minWidth: BOX_MIN_WIDTH,
        minHeight: h + (content.children.length === 0 ? 8 : PADDING),
        children: content.children,
        edges: content.edges,
      };
    }),
    hubs: graph.boxes.filter((box) => box.hubScore > 0).map((box) => box.id),
  };
}

const ARROW: Partial<Record<MapEdgeTone, string>> = { "forward-dead": "#dc2626", share: "#c026d3" };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlowElements {
  nodes: MapFlowNode[];
  edges: MapFlowEdge[];
  /** Where every placed node is, in flow coordinates, for moving the view to one. */
  rects: ReadonlyMap<string, Rect>;
  /** Everything drawn: the nodes, and the edges that curve out beside them with their labels. */
  bounds: Rect | undefined;
}

/** How far an edge between two nodes stacked in one column bulges out to the right (see map-edge's sameSidePath). */
export function sameSideBulge(s: Rect, t: Rect): number {
  return 48 + Math.min(120, Math.abs(t.y + t.height / 2 - (s.y + s.height / 2)) / 6);
}

/** A label's width at zoom 1: 11 px semibold text with its padding and border. */
function labelWidth(label: string | undefined): number {
  return label ? label.length * 6.6 + 16 : 0;
}

function union(a: Rect | undefined, b: Rect): Rect {
  if (!a) return b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/**
 * What each node and edge shows, apart from where it is. Built once per graph and selection and reused by every
 * layout of it, so that a new layout (ELK's answer after the quick one) moves nodes without drawing them again.
 */
export interface FlowData {
  boxes: ReadonlyMap<string, AccountFlowNode["data"]>;
  nodes: ReadonlyMap<string, ResourceFlowNode["data"]>;
  edges: ReadonlyMap<string, MapFlowEdgeData>;
}

export function toFlowData(graph: MapGraph, selected: string | undefined): FlowData {
  const boxes = new Map<string, AccountFlowNode["data"]>();
  const multiRegion = new Set<string>();
  for (const box of graph.boxes) {
    boxes.set(box.id, { box, selected: selected === box.id });
    if (box.summary.regions.length > 1) multiRegion.add(box.id);
  }
  const nodes = new Map<string, ResourceFlowNode["data"]>();
  for (const child of graph.nodes) {
    nodes.set(child.id, {
      item: child,
      selected: selected === child.id,
      ...(multiRegion.has(child.box) && child.anchor === child.id && child.node.region !== "global"
        ? { region: child.node.region }
        : {}),
    });
  }
  const selectedNode = selected ? graph.nodes.find((n) => n.id === selected) : undefined;
  const focus = selected
    ? new Set([
        selected,
        ...graph.nodes.filter((n) => selectedNode && n.anchor === selectedNode.anchor).map((n) => n.id),
      ])
    : undefined;
  const edges = new Map<string, MapFlowEdgeData>();
  for (const edge of graph.edges) {
    edges.set(edge.id, {
      edge,
      ...(focus ? { highlighted: focus.has(edge.source) || focus.has(edge.target) } : {}),
    });
  }
  return { boxes, nodes, edges };
}

/**
 * React Flow nodes and edges for a laid-out graph: saved positions win over computed ones (a box grows to hold
 * children dragged past its edge), and each edge uses the pair of sides that face each other. Nodes come with
 * their size and handles, which React Flow would otherwise measure in the DOM every time it is given them.
 */
export function toFlowElements(
  graph: MapGraph,
  layout: LayoutResponse,
  saved: ReadonlyMap<string, Point>,
  data: FlowData,
): FlowElements {
  const nodes: MapFlowNode[] = [];
  const rects = new Map<string, Rect>();
  const childrenByBox = new Map<string, MapGraph["nodes"]>();
  for (const node of graph.nodes) {
    const list = childrenByBox.get(node.box) ?? [];
    list.push(node);
    childrenByBox.set(node.box, list);
  }
  for (const box of graph.boxes) {
    const boxLayout = layout.boxes[box.id];
    const boxData = data.boxes.get(box.id);
    if (!boxLayout || !boxData) continue;
    const position = saved.get(box.id) ?? boxLayout.position;
    // Whole pixels, as React Flow measures them: a fraction would read as a resize every time the box mounts.
    let width = Math.ceil(boxLayout.size.width);
    let height = Math.ceil(boxLayout.size.height);
    const children = childrenByBox.get(box.id) ?? [];
    const childPositions = children.map((child) => {
      const p = saved.get(child.id) ?? boxLayout.children[child.id];
      if (p) {
        width = Math.max(width, Math.ceil(p.x + child.width + PADDING));
        height = Math.max(height, Math.ceil(p.y + child.height + PADDING));
      }
      return p;
    });
    nodes.push({
      id: box.id,
      type: "account",
      position,
      width,
      height,
      measured: { width, height },
      handles: frameHandles(width, height, BOX_BORDER),
      data: boxData,
      ariaLabel: `Account ${box.summary.name}${box.collapsed ? ", collapsed" : ""}`,
      ariaRole: "button",
      zIndex: 0,
    });
    rects.set(box.id, { x: position.x, y: position.y, width, height });
    children.forEach((child, i) => {
      const p = childPositions[i];
      const childData = data.nodes.get(child.id);
      if (!p || !childData) return;
      nodes.push({
        id: child.id,
        type: "resource",
        parentId: box.id,
        position: p,
        width: child.width,
        height: child.height,
        measured: { width: child.width, height: child.height },
        handles: frameHandles(child.width, child.height),
        expandParent: true,
        data: childData,
        ariaLabel: `${KIND_LOOK[child.kind].label} ${child.node.name}`,
        ariaRole: "button",
      });
      rects.set(child.id, {
        x: position.x + p.x,
        y: position.y + p.y,
        width: child.width,
        height: child.height,
      });
    });
  }

  let bounds: Rect | undefined;
  for (const node of nodes) if (node.type === "account") bounds = union(bounds, rects.get(node.id)!);
  const edges: MapFlowEdge[] = [];
  for (const edge of graph.edges) {
    const s = rects.get(edge.source);
    const t = rects.get(edge.target);
    const edgeData = data.edges.get(edge.id);
    if (!s || !t || !edgeData) continue;
    const stacked = s.x < t.x + t.width && t.x < s.x + s.width;
    if (stacked) {
      const right = Math.max(s.x + s.width, t.x + t.width);
      // The whole label's width, not half: zoomed out, a small map draws its labels larger.
      const reach = 0.75 * sameSideBulge(s, t) + labelWidth(edge.label);
      bounds = union(bounds, { x: right, y: Math.min(s.y, t.y), width: reach, height: 1 });
    }
    const rightward = s.x + s.width / 2 <= t.x + t.width / 2;
    const arrow = edge.tone === "forward" || edge.tone === "forward-dead" || edge.tone === "share";
    edges.push({
      id: edge.id,
      type: "map",
      source: edge.source,
      target: edge.target,
      sourceHandle: stacked || rightward ? RIGHT_HANDLE : LEFT_HANDLE,
      targetHandle: stacked ? RIGHT_HANDLE : rightward ? LEFT_HANDLE : RIGHT_HANDLE,
      selectable: false,
      focusable: false,
      ...(arrow
        ? {
            markerEnd: {
              type: MarkerType.ArrowClosed,
              width: 14,
              height: 14,
              markerUnits: "userSpaceOnUse",
              color: ARROW[edge.tone] ?? "#334155",
            },
          }
        : {}),
      data: edgeData,
    });
  }
  return { nodes, edges, rects, bounds };
}
