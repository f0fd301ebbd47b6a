import "server-only";
import type { DbClient } from "./database";

export interface NodePosition {
  nodeId: string;
  x: number;
  y: number;
}

export interface SavedNodePosition extends NodePosition {
  updatedAt: string;
}

interface PositionRow {
  node_id: string;
  x: number;
  y: number;
}

function toPosition(row: PositionRow): NodePosition {
  return { nodeId: row.node_id, x: row.x, y: row.y };
}

/** Where users dropped graph nodes, per layout key (a view, a user, or "default"). */
export function createNodePositionRepository(prisma: DbClient) {
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

    /** The saved positions of these nodes, locked until the transaction ends so that what is read stays true. */
    async lock(layoutKey: string, nodeIds: string[]): Promise<NodePosition[]> {
      const rows = await prisma.$queryRaw<PositionRow[]>`
        SELECT node_id, x, y FROM node_position
        WHERE layout_key = ${layoutKey} AND node_id = ANY(${nodeIds}::text[])
        ORDER BY node_id
        FOR UPDATE`;
      return rows.map(toPosition);
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

    /** Forgets some nodes' positions, or the whole layout when no ids are given; answers what it forgot. */
    async clear(layoutKey: string, nodeIds?: string[]): Promise<NodePosition[]> {
      const rows =
        nodeIds === undefined
          ? await prisma.$queryRaw<PositionRow[]>`
              DELETE FROM node_position WHERE layout_key = ${layoutKey} RETURNING node_id, x, y`
          : await prisma.$queryRaw<PositionRow[]>`
              DELETE FROM node_position WHERE layout_key = ${layoutKey} AND node_id = ANY(${nodeIds}::text[])
              RETURNING node_id, x, y`;
      return rows.map(toPosition).sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
    },
  };
}

export type NodePositionRepository = ReturnType<typeof createNodePositionRepository>;
