import "server-only";
import { parseInput } from "@/lib/domain/api-errors";
import { layoutKeySchema, saveLayoutRequestSchema } from "@/lib/domain/node-layout";
import type { LayoutDeps } from "./get-layout";

/** Stores where a user dropped nodes; a node saved twice keeps the later position. */
export async function saveLayout(deps: LayoutDeps, key: unknown, body: unknown): Promise<{ saved: number }> {
  const layoutKey = parseInput(layoutKeySchema, key, "layout key");
  const { positions } = parseInput(saveLayoutRequestSchema, body, "body");
  const latest = new Map(positions.map((position) => [position.nodeId, position]));
  await deps.positions.save(layoutKey, [...latest.values()]);
  return { saved: latest.size };
}
