import { describe, expect, it } from "vitest";
import { relationId, type CrawledRelation, type CrawledResource } from "@/lib/domain/topology/snapshot";
import { buildTopology } from "@/lib/domain/topology/topology";
import { BOX_BORDER } from "./account-node";
import { buildMapGraph } from "./model/build-map-graph";
import { columnLayout } from "./model/column-layout";
import type { LayoutResponse } from "./model/layout-protocol";
import { NO_FILTERS } from "./model/map-filters";
import { toFlowData, toFlowElements, toLayoutRequest } from "./to-flow";
import { buildTopologyIndex } from "./model/topology-index";

const ACCOUNT = "222233334444";
const region = "us-east-1";
const SVC = `arn:aws:vpc-lattice:${region}:${ACCOUNT}:service/svc-00000000000000001`;
const LISTENER = `${SVC}/listener/listener-00000000000000001`;
const RULE = `${LISTENER}/rule/rule-default0000000001`;
const TG = `arn:aws:vpc-lattice:${region}:${ACCOUNT}:targetgroup/tg-00000000000000001`;

function res(
  id: string,
  kind: CrawledResource["kind"],
  name: string,
  parentId?: string,
  data: Record<string, unknown> = {},
): CrawledResource {
  return {
    id,
    kind,
    accountId: ACCOUNT,
    region: kind === "account" ? "global" : region,
    name,
    data,
    ...(parentId ? { parentId } : {}),
  };
}

function rel(kind: CrawledRelation["kind"], source: string, target: string, data?: Record<string, unknown>) {
  return { id: relationId(kind, source, target), kind, source, target, accountId: ACCOUNT, region, data };
}

/** One open account: a service whose default rule forwards to a target group. */
function graph() {
  const topology = buildTopology(
    [
      res(`account:${ACCOUNT}`, "account", "team"),
      res(SVC, "service", "order", `account:${ACCOUNT}`),
      res(LISTENER, "listener", "https-443", SVC, { protocol: "HTTPS", port: 443 }),
      res(RULE, "rule", "default", LISTENER, { isDefault: true }),
      res(TG, "target-group", "stable", `account:${ACCOUNT}`),
    ],
    [
      rel("service-listener", SVC, LISTENER),
      rel("listener-rule", LISTENER, RULE),
      rel("forward", RULE, TG, { weight: 100, isDefault: true }),
    ],
  );
  const index = buildTopologyIndex({
    run: { id: 1, status: "ok", startedAt: null, finishedAt: null },
    demo: false,
    scopes: [],
    ...topology,
  });
  return buildMapGraph(index, {
    expanded: new Set([`account:${ACCOUNT}`, SVC]),
    selected: undefined,
    filters: NO_FILTERS,
  });
}

/** The column layout of every box, with each child moved right by `shift`. */
function layout(id: number, shift: number, map = graph()): LayoutResponse {
  const boxes: LayoutResponse["boxes"] = {};
  for (const box of toLayoutRequest(map).boxes) {
    const { size, children } = columnLayout(box);
    const moved = Object.fromEntries(
      Object.entries(children).map(([child, p]) => [child, { x: p.x + shift, y: p.y }]),
    );
    boxes[box.id] = { size, children: moved, position: { x: 0, y: 0 } };
  }
  return { id, final: true, boxes };
}

describe("toFlowElements", () => {
  it("moves nodes to a new layout of the same graph while keeping what each node and edge shows", () => {
    const map = graph();
    const data = toFlowData(map, undefined);
    const first = toFlowElements(map, layout(1, 0, map), new Map(), data);
    const second = toFlowElements(map, layout(2, 40, map), new Map(), data);

    const rule = second.nodes.find((n) => n.id === RULE);
    expect(rule?.position.x).toBe((first.nodes.find((n) => n.id === RULE)?.position.x ?? 0) + 40);
    for (const node of second.nodes) {
      expect(node.data).toBe(first.nodes.find((n) => n.id === node.id)?.data);
    }
    expect(second.edges.length).toBeGreaterThan(0);
    for (const edge of second.edges) {
      expect(edge.data).toBe(first.edges.find((e) => e.id === edge.id)?.data);
    }
  });

  it("gives every node its size and side handles, and joins edges at handles the nodes have", () => {
    const map = graph();
    const { nodes, edges } = toFlowElements(map, layout(1, 0, map), new Map(), toFlowData(map, undefined));

    for (const node of nodes) {
      expect(node.measured).toEqual({ width: node.width, height: node.height });
      // Edges end on a resource's outer edge and on the inner edge of an account box's border.
      const inset = node.type === "account" ? BOX_BORDER : 0;
      const middle = (node.height ?? 0) / 2;
      const handles = node.handles ?? [];
      expect(handles.map((h) => [h.position, h.x + (h.width ?? 0) / 2, h.y + (h.height ?? 0) / 2])).toEqual([
        ["left", inset, middle],
        ["right", (node.width ?? 0) - inset, middle],
      ]);
    }
    const handleIds = (id: string) => nodes.find((n) => n.id === id)?.handles?.map((h) => h.id) ?? [];
    const forward = edges.find((e) => e.source === RULE && e.target === TG);
    expect(forward).toMatchObject({ sourceHandle: "r", targetHandle: "l" });
    for (const edge of edges) {
      expect(handleIds(edge.source)).toContain(edge.sourceHandle);
      expect(handleIds(edge.target)).toContain(edge.targetHandle);
    }
  });
});
