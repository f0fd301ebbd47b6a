import type { ELK, ElkNode } from "elkjs/lib/elk-api";
import { BOX_PADDING, columnLayout } from "./column-layout";
import type { BoxLayout, LayoutBoxInput, LayoutRequest, LayoutResponse, Point } from "./layout-protocol";
import { packBoxes } from "./pack-boxes";

let elk: Promise<ELK> | undefined;

/**
 * elkjs is large and takes a while to evaluate, during which the worker answers nothing: it is loaded when first
 * needed, after the quick column layout has been sent.
 */
function loadElk(): Promise<ELK> {
  elk ??= import("elkjs/lib/elk.bundled.js").then(({ default: ElkConstructor }) => new ElkConstructor());
  return elk;
}

const OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.spacing.nodeNode": "16",
  "elk.layered.spacing.nodeNodeBetweenLayers": "104",
  "elk.spacing.componentComponent": "32",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  // React Flow draws the edges: ELK only places nodes, so its cheapest routing and a single sweep will do.
  "elk.edgeRouting": "POLYLINE",
  "elk.layered.thoroughness": "1",
  "elk.separateConnectedComponents": "false",
  "elk.partitioning.activate": "true",
};

function internalEdges(box: LayoutBoxInput) {
  const ids = new Set(box.children.map((c) => c.id));
  return box.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
}

async function elkLayout(box: LayoutBoxInput): Promise<BoxLayout> {
  const graph: ElkNode = {
    id: box.id,
    layoutOptions: {
      ...OPTIONS,
      "elk.padding": `[top=${box.header},left=${BOX_PADDING},bottom=${BOX_PADDING},right=${BOX_PADDING}]`,
    },
    children: box.children.map((c) => ({
      id: c.id,
      width: c.width,
      height: c.height,
      layoutOptions: { "elk.partitioning.partition": String(c.column) },
    })),
    edges: internalEdges(box).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const result = await (await loadElk()).layout(graph);
  const children: Record<string, Point> = {};
  for (const child of result.children ?? []) children[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return {
    size: {
      width: Math.max(box.minWidth, result.width ?? 0),
      height: Math.max(box.minHeight, result.height ?? 0),
    },
    children,
  };
}

/** Final layouts by their input, so expanding one account lays out only that account again. */
const cache = new Map<string, BoxLayout>();
const CACHE_LIMIT = 400;

function remember(key: string, layout: BoxLayout) {
  cache.delete(key);
  cache.set(key, layout);
  for (const oldest of cache.keys()) {
    if (cache.size <= CACHE_LIMIT) break;
    cache.delete(oldest);
  }
}

function respond(request: LayoutRequest, layouts: BoxLayout[], final: boolean): LayoutResponse {
  const sized = request.boxes.map((box, i) => ({
    id: box.id,
    size: layouts[i]?.size ?? { width: 0, height: 0 },
  }));
  const positions = packBoxes(sized, new Set(request.hubs));
  const boxes: LayoutResponse["boxes"] = {};
  request.boxes.forEach((box, i) => {
    const layout = layouts[i];
    if (layout) boxes[box.id] = { ...layout, position: positions.get(box.id) ?? { x: 0, y: 0 } };
  });
  return { id: request.id, boxes, final };
}

/**
 * Answers at once from the cache and the column layout; when some box needs ELK, that first answer is provisional
 * and the ELK layout follows, so opening a large account shows its resources without waiting for ELK.
 */
async function handle(request: LayoutRequest, post: (response: LayoutResponse) => void): Promise<void> {
  const keys = request.boxes.map((box) => JSON.stringify(box));
  const pending: number[] = [];
  const layouts = request.boxes.map((box, i) => {
    const key = keys[i] ?? "";
    const cached = cache.get(key);
    if (cached) return cached;
    const layout = columnLayout(box);
    if (box.children.length === 0 || internalEdges(box).length === 0) remember(key, layout);
    else pending.push(i);
    return layout;
  });
  if (pending.length === 0) {
    post(respond(request, layouts, true));
    return;
  }
  post(respond(request, layouts, false));
  for (const i of pending) {
    const box = request.boxes[i];
    if (!box) continue;
    const layout = await elkLayout(box);
    remember(keys[i] ?? "", layout);
    layouts[i] = layout;
  }
  post(respond(request, layouts, true));
}

/** The worker's global scope; the DOM lib types `self` as a Window, whose postMessage differs from a worker's. */
const scope = self as unknown as {
  addEventListener(type: "message", listener: (event: MessageEvent<LayoutRequest>) => void): void;
  postMessage(message: LayoutResponse): void;
};

// A listener rather than `onmessage`: elk.bundled.js sets `self.onmessage` for its own protocol when it loads.
scope.addEventListener("message", (event) => {
  const request = event.data;
  if (typeof request?.id !== "number" || !Array.isArray(request.boxes)) return;
  handle(request, (response) => scope.postMessage(response)).catch((error: unknown) =>
    scope.postMessage({
      id: request.id,
      boxes: {},
      final: true,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
});
