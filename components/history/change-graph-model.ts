import type { RelationKind } from "@/lib/domain/topology/snapshot";
import { KIND_COLUMN } from "@/components/graph/model/kinds";
import type { TopologyEdge } from "@/lib/domain/topology/topology";
import type { LayoutRequest } from "@/components/graph/model/layout-protocol";
import type { ChangeState, DiffModel, KnownResource } from "./diff-model";

export interface ChangeGraphNode {
  id: string;
  resource: KnownResource;
  /** Undefined for a resource drawn only as context (a parent, or the other end of a changed relation). */
  state: ChangeState | undefined;
  context: string[];
  box: string;
}

export interface ChangeGraphEdge {
  id: string;
  source: string;
  target: string;
  kind: RelationKind;
  state: ChangeState | undefined;
  label: string | undefined;
}

export interface ChangeGraphBox {
  id: string;
  accountId: string;
  name: string;
}

export interface ChangeGraph {
  boxes: ChangeGraphBox[];
  nodes: ChangeGraphNode[];
  edges: ChangeGraphEdge[];
  /** Changed resources left out to keep the graph readable; the list below has them all. */
  omitted: number;
}

export const NODE_WIDTH = 212;
export const NODE_HEIGHT = 58;
/** Each node's slot is wider than the node, leaving room between columns for the weight labels on edges. */
const SLOT_WIDTH = NODE_WIDTH + 56;
const BOX_HEADER = 46;
const BOX_MIN_WIDTH = 260;
const BOX_MIN_HEIGHT = 96;

function boxId(accountId: string): string {
  return `box:${accountId}`;
}

function weightText(value: unknown): string | undefined {
  return typeof value === "number" ? String(value) : undefined;
}

/**
 * The changed part of the estate: every changed resource with its parents (service › listener › rule) and the
 * resources its changed relations reach, in account boxes, with the relations among them. At most `limit`
 * nodes: a diff of thousands of resources is read in the list, not drawn.
 */
export function buildChangeGraph(model: DiffModel, edges: readonly TopologyEdge[], limit = 80): ChangeGraph {
  const nodes = new Map<string, ChangeGraphNode>();
  const add = (resource: KnownResource, state: ChangeState | undefined, context: string[]) => {
    const existing = nodes.get(resource.id);
    if (existing) {
      if (state && !existing.state) existing.state = state;
      return;
    }
    nodes.set(resource.id, { id: resource.id, resource, state, context, box: boxId(resource.accountId) });
  };
  const ancestors = (resource: KnownResource): KnownResource[] => {
    const chain: KnownResource[] = [];
    const seen = new Set([resource.id]);
    let parentId = resource.parentId ?? undefined;
    while (parentId && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = model.lookup.get(parentId);
      if (!parent || parent.kind === "account") break;
      chain.unshift(parent);
      parentId = parent.parentId ?? undefined;
    }
    return chain;
  };

  let omitted = 0;
  for (const account of model.accounts) {
    for (const group of account.kinds) {
      for (const entry of group.entries) {
        if (entry.resource.kind === "account") continue;
        if (nodes.size >= limit) {
          omitted++;
          continue;
        }
        const chain = ancestors(entry.resource);
        chain.forEach((parent, index) =>
          add(
            parent,
            model.highlight[parent.id],
            chain.slice(0, index).map((p) => p.name),
          ),
        );
        add(entry.resource, model.highlight[entry.resource.id], entry.context);
        for (const relation of entry.relations) {
          if (relation.other.kind === "account") continue;
          add(
            relation.other,
            model.highlight[relation.other.id],
            ancestors(relation.other).map((p) => p.name),
          );
        }
      }
    }
  }

  const changedWeights = new Map<string, string>();
  for (const account of model.accounts) {
    for (const group of account.kinds) {
      for (const entry of group.entries) {
        for (const relation of entry.relations) {
          const weight = relation.changes.find((change) => change.path === "data.weight");
          if (weight) {
            changedWeights.set(
              relation.id,
              `weight ${weightText(weight.before) ?? "—"} → ${weightText(weight.after) ?? "—"}`,
            );
          }
        }
      }
    }
  }

  const graphEdges: ChangeGraphEdge[] = [];
  const seen = new Set<string>();
  const pushEdge = (edge: {
    id: string;
    source: string;
    target: string;
    kind: RelationKind;
    weight: unknown;
  }) => {
    if (seen.has(edge.id) || !nodes.has(edge.source) || !nodes.has(edge.target)) return;
    seen.add(edge.id);
    const state = model.relationStates[edge.id];
    const weight = weightText(edge.weight);
    graphEdges.push({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      kind: edge.kind,
      state,
      label:
        changedWeights.get(edge.id) ?? (edge.kind === "forward" && weight ? `weight ${weight}` : undefined),
    });
  };
  for (const edge of edges) pushEdge({ ...edge, weight: edge.weight ?? edge.data?.weight });
  for (const relation of model.removedRelations) pushEdge({ ...relation, weight: relation.data.weight });

  const boxes = [...new Set([...nodes.values()].map((node) => node.resource.accountId))].map((accountId) => ({
    id: boxId(accountId),
    accountId,
    name: model.lookup.get(`account:${accountId}`)?.name ?? accountId,
  }));
  return { boxes, nodes: [...nodes.values()], edges: graphEdges, omitted };
}

/** What the layout worker needs: one box per account, node sizes and columns, the edges inside each box. */
export function changeGraphLayoutRequest(graph: ChangeGraph): Omit<LayoutRequest, "id"> {
  const boxOf = new Map(graph.nodes.map((node) => [node.id, node.box]));
  return {
    boxes: graph.boxes.map((box) => ({
      id: box.id,
      header: BOX_HEADER,
      minWidth: BOX_MIN_WIDTH,
      minHeight: BOX_MIN_HEIGHT,
      children: graph.nodes
        .filter((node) => node.box === box.id)
        .map((node) => ({
          id: node.id,
          width: SLOT_WIDTH,
          height: NODE_HEIGHT,
          column: KIND_COLUMN[node.resource.kind],
        })),
      edges: graph.edges
        .filter((edge) => boxOf.get(edge.source) === box.id && boxOf.get(edge.target) === box.id)
        .map((edge) => ({ id: edge.id, source: edge.source, target: edge.target })),
    })),
    hubs: [],
  };
}
