import "server-only";
import type { StartCrawlResponse } from "@/lib/domain/api-responses";
import { enqueueCrawl } from "../../crawl/jobs";
import type { Runtime } from "../../runtime";

/** Queues a crawl of every configured account × region; it runs in the background. */
export async function startCrawl(runtime: Runtime): Promise<StartCrawlResponse> {
  const { runId } = await enqueueCrawl(runtime, { trigger: "manual" });
  return { id: runId };
}
