import { z } from "zod";

/** Which saved arrangement of the map: "default", or one per view or user later on. */
export const layoutKeySchema = z
  .string()
  .min(1, "layout key is required")
  .max(100, "layout key is too long")
  .regex(/^[A-Za-z0-9._-]+$/, "layout key may hold letters, digits, '.', '_' and '-'");

const coordinate = z.number().finite().min(-1e7).max(1e7);

/** Where a user dropped one node: relative to its parent box when it has one, else absolute. */
export const nodePositionSchema = z.object({
  nodeId: z.string().min(1).max(2048),
  x: coordinate,
  y: coordinate,
});
export type NodePositionInput = z.infer<typeof nodePositionSchema>;

export const saveLayoutRequestSchema = z.object({
  positions: z.array(nodePositionSchema).min(1, "positions must not be empty").max(10_000),
});
export type SaveLayoutRequest = z.infer<typeof saveLayoutRequestSchema>;

export const clearLayoutRequestSchema = z.object({
  /** The nodes to forget; absent forgets the whole layout. */
  nodeIds: z.array(z.string().min(1).max(2048)).max(10_000).optional(),
});
export type ClearLayoutRequest = z.infer<typeof clearLayoutRequestSchema>;

export interface SavedPositionView extends NodePositionInput {
  updatedAt: string;
}

export interface LayoutResponse {
  key: string;
  positions: SavedPositionView[];
}

/**
 * `{nodeId: {x, y}}` for each of `nodes` in id order, null where `positions` holds none: a layout change as the
 * audit log records it, keyed so that before and after line up.
 */
export function layoutPositionsRecord(
  nodes: readonly { nodeId: string }[],
  positions: readonly NodePositionInput[],
): Record<string, { x: number; y: number } | null> {
  const byId = new Map(positions.map((position) => [position.nodeId, position]));
  const ids = [...new Set(nodes.map((node) => node.nodeId))].sort();
  return Object.fromEntries(
    ids.map((id) => {
      const position = byId.get(id);
      return [id, position ? { x: position.x, y: position.y } : null];
    }),
  );
}
