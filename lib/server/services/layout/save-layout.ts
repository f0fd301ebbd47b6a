import "server-only";
import { parseInput, parseJsonText } from "@/lib/domain/http/api-errors";
import type { Principal } from "@/lib/domain/auth/auth";
import {
  layoutKeySchema,
  layoutPositionsRecord,
  saveLayoutRequestSchema,
} from "@/lib/domain/topology/node-layout";
import { createNodePositionRepository } from "../../db/node-positions";
import { parseOrReject } from "../audit/parse-or-reject";
import { recordAudit } from "../audit/record-audit";
import type { LayoutDeps } from "./get-layout";

/**
 * Stores where a user dropped nodes (a node sent twice keeps the later position) and records it, with the
 * moved nodes' positions before and after, in the same transaction. `body` is the request body as sent.
 */
export async function saveLayout(
  deps: LayoutDeps,
  actor: Principal,
  key: unknown,
  body: string,
): Promise<{ saved: number }> {
  const { layoutKey, positions } = await parseOrReject(deps, { actor, operation: "SaveLayout" }, () => ({
    layoutKey: parseInput(layoutKeySchema, key, "layout key"),
    positions: parseInput(saveLayoutRequestSchema, parseJsonText(body), "body").positions,
  }));
  const moved = [...new Map(positions.map((position) => [position.nodeId, position])).values()];
  return deps.prisma.$transaction(async (tx) => {
    const repository = createNodePositionRepository(tx);
    const before = await repository.lock(
      layoutKey,
      moved.map((position) => position.nodeId),
    );
    await repository.save(layoutKey, moved);
    await recordAudit(
      { prisma: tx },
      {
        actor,
        operation: "SaveLayout",
        before: { layout: layoutKey, positions: layoutPositionsRecord(moved, before) },
        after: { layout: layoutKey, positions: layoutPositionsRecord(moved, moved) },
        result: "applied",
      },
    );
    return { saved: moved.length };
  });
}
