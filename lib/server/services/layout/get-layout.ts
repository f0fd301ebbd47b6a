import "server-only";
import { parseInput } from "@/lib/domain/http/api-errors";
import { layoutKeySchema, type LayoutResponse } from "@/lib/domain/topology/node-layout";
import type { Database } from "../../db/database";
import { createNodePositionRepository } from "../../db/node-positions";

export type LayoutDeps = Pick<Database, "prisma">;

/** The positions users saved for one layout of the map. */
export async function getLayout(deps: LayoutDeps, key: unknown): Promise<LayoutResponse> {
  const layoutKey = parseInput(layoutKeySchema, key, "layout key");
  return { key: layoutKey, positions: await createNodePositionRepository(deps.prisma).get(layoutKey) };
}
