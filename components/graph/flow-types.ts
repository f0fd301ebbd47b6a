import type { Edge, Node } from "@xyflow/react";
import type { MapBox, MapEdge, MapNode } from "./model/build-map-graph";

export type AccountFlowNode = Node<{ box: MapBox; selected: boolean }, "account">;
export type ResourceFlowNode = Node<{ item: MapNode; selected: boolean; region?: string }, "resource">;
export type MapFlowNode = AccountFlowNode | ResourceFlowNode;
/** `highlighted`: touches the selection (true), or a selection exists elsewhere (false); undefined: none. */
export type MapFlowEdgeData = { edge: MapEdge; highlighted?: boolean };
export type MapFlowEdge = Edge<MapFlowEdgeData, "map">;
