import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";

export interface NodePosition {
  nodeId: string;
  x: number;
  y: number;
}

export interface SavedNodePosition extends NodePosition {
  updatedAt: string;
}

/** Where users dropped graph nodes, per layout key (a view, a user, or "default"). */
export function createNodePositionRepository(prisma: PrismaClient) {
  return {
    async get(layoutKey: string): Promise<SavedNodePosition[]> {
      const rows = await prisma.nodePosition.findMany({ where: { layoutKey }, orderBy: { nodeId: "asc" } });
      return rows.map((row) => ({
        nodeId: row.nodeId,
        x: row.x,
        y: row.y,
        updatedAt: row.updatedAt.toISOString(),
      }));
    },

    async save(layoutKey: string, positions: NodePosition[]): Promise<void> {
      if (positions.length === 0) return;
      await prisma.$executeRaw`
        INSERT INTO node_position (layout_key, node_id, x, y, updated_at)
        SELECT ${layoutKey}, p.node_id, p.x, p.y, now()
        FROM unnest(${positions.map((position) => position.nodeId)}::text[],
                    ${positions.map((position) => position.x)}::float8[],
                    ${positions.map((position) => position.y)}::float8[]) AS p(node_id, x, y)
        ON CONFLICT (layout_key, node_id) DO UPDATE SET x = EXCLUDED.x, y = EXCLUDED.y, updated_at = now()`;
    },

    /** Forgets some nodes' positions, or the whole layout when no ids are given. */
    async clear(layoutKey: string, nodeIds?: string[]): Promise<number> {
      const result = await prisma.nodePosition.deleteMany({
        where: nodeIds === undefined ? { layoutKey } : { layoutKey, nodeId: { in: nodeIds } },
      });
      return result.count;
    },
  };
}

export type NodePositionRepository = ReturnType<typeof createNodePositionRepository>;
