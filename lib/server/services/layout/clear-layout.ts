import "server-only";
import { parseInput } from "@/lib/domain/api-errors";
import { clearLayoutRequestSchema, layoutKeySchema } from "@/lib/domain/node-layout";
import type { LayoutDeps } from "./get-layout";

/** Forgets saved positions of some nodes, or of the whole layout, so the computed layout applies again. */
export async function clearLayout(
  deps: LayoutDeps,
  key: unknown,
  body: unknown,
): Promise<{ cleared: number }> {
  const layoutKey = parseInput(layoutKeySchema, key, "layout key");
  const { nodeIds } = parseInput(clearLayoutRequestSchema, body ?? {}, "body");
  return { cleared: await deps.positions.clear(layoutKey, nodeIds) };
}
