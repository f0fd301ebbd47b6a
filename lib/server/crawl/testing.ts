import "server-only";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CrawlSettings } from "@/lib/domain/config/config";
import type { CrawlRunDetail } from "@/lib/domain/topology/history";
import { demoEnvironment, type CrawlEnvironment } from "../config/load-config";
import { openDatabase } from "../db/database";
import { createTestDatabase, type TestDatabase } from "../db/testing";
import { createRuntime, type Runtime } from "../runtime";
import { enqueueCrawl } from "./jobs";

/** Demo mode against an emulator, with crawl settings for tests. */
export async function testCrawlEnvironment(
  emulatorUrl: string,
  crawl: Partial<CrawlSettings> = {},
): Promise<CrawlEnvironment> {
  const env = await demoEnvironment(emulatorUrl);
  return { ...env, config: { ...env.config, crawl: { ...env.config.crawl, ...crawl } } };
}

export interface TestRuntimes {
  database: TestDatabase;
  /** One more runtime (own pg-boss and connections) on the same database, as another worker process. */
  add(crawlEnv: CrawlEnvironment): Promise<Runtime>;
  stop(): Promise<void>;
}

/** A fresh database for one suite, and runtimes on it with quick pg-boss polling. */
export async function createTestRuntimes(): Promise<TestRuntimes> {
  const database = await createTestDatabase("trellis_crawl");
  const dataDir = await mkdtemp(path.join(tmpdir(), "trellis-crawl-"));
  const runtimes: Runtime[] = [];
  return {
    database,
    async add(crawlEnv) {
      const db = await openDatabase({ databaseUrl: database.url, dataDir, poolSize: 5 });
      const runtime = await createRuntime({ db, crawlEnv, boss: { superviseIntervalSeconds: 1 } });
      runtimes.push(runtime);
      return runtime;
    },
    async stop() {
      await Promise.all(runtimes.map((runtime) => runtime.stop()));
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the run has finished (ok, partial or failed) and returns it. */
export async function waitForRun(
  runtime: Runtime,
  runId: number,
  timeoutMs = 45_000,
): Promise<CrawlRunDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runtime.history.getRun(runId);
    if (run && run.status !== "queued" && run.status !== "running") return run;
    if (Date.now() > deadline)
      throw new Error(`Crawl run ${runId} did not finish (${run?.status ?? "missing"})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function crawlAndWait(runtime: Runtime, timeoutMs?: number): Promise<CrawlRunDetail> {
  const { runId } = await enqueueCrawl(runtime, { trigger: "manual" });
  return waitForRun(runtime, runId, timeoutMs);
}
