import "server-only";
import { parseInput, parseJsonText } from "@/lib/domain/http/api-errors";
import type { Principal } from "@/lib/domain/auth/auth";
import {
  clearLayoutRequestSchema,
  layoutKeySchema,
  layoutPositionsRecord,
} from "@/lib/domain/topology/node-layout";
import { createNodePositionRepository } from "../../db/node-positions";
import { parseOrReject } from "../audit/parse-or-reject";
import { recordAudit } from "../audit/record-audit";
import type { LayoutDeps } from "./get-layout";

/**
 * Forgets saved positions of some nodes, or of the whole layout, so the computed layout applies again; records
 * the forgotten positions in the same transaction. `body` is the request body as sent (blank: everything).
 */
export async function clearLayout(
  deps: LayoutDeps,
  actor: Principal,
  key: unknown,
  body: string,
): Promise<{ cleared: number }> {
  const { layoutKey, nodeIds } = await parseOrReject(deps, { actor, operation: "ClearLayout" }, () => ({
    layoutKey: parseInput(layoutKeySchema, key, "layout key"),
    nodeIds: parseInput(clearLayoutRequestSchema, parseJsonText(body, "body", true) ?? {}, "body").nodeIds,
  }));
  return deps.prisma.$transaction(async (tx) => {
    const cleared = await createNodePositionRepository(tx).clear(layoutKey, nodeIds);
    await recordAudit(
      { prisma: tx },
      {
        actor,
        operation: "ClearLayout",
        before: { layout: layoutKey, positions: layoutPositionsRecord(cleared, cleared) },
        result: "applied",
      },
    );
    return { cleared: cleared.length };
  });
}
