import "server-only";
import type { StartCrawlResponse } from "@/lib/domain/http/api-responses";
import type { Principal } from "@/lib/domain/auth/auth";
import { enqueueCrawl } from "../../crawl/jobs";
import type { Runtime } from "../../runtime";
import { recordAudit } from "../audit/record-audit";

/**
 * Queues a crawl of every configured account × region; it runs in the background. The run and its audit entry
 * are recorded in one transaction.
 */
export async function startCrawl(runtime: Runtime, actor: Principal): Promise<StartCrawlResponse> {
  const { runId } = await enqueueCrawl(runtime, {
    trigger: "manual",
    alongside: async (tx, run) => {
      await recordAudit(
        { prisma: tx },
        { actor, operation: "StartCrawl", after: { runId: run.id }, result: "applied" },
      );
    },
  });
  return { id: runId };
}
