import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { CrawlRunDetail } from "@/lib/domain/topology/history";
import type { Runtime } from "../runtime";
import { crawlAccountRegion } from "./crawl-account-region";
import { enqueueCrawl } from "./jobs";
import { createTestRuntimes, testCrawlEnvironment, waitForRun, type TestRuntimes } from "./testing";
import { startCrawlWorker, type CrawlWorker, type ScopeCrawler } from "./worker";

interface Crawl {
  worker: string;
  scope: string;
  start: number;
  end: number;
}

describe("two workers on one database", () => {
  let emu: Emulator;
  let runtimes: TestRuntimes;
  const workers: CrawlWorker[] = [];
  const crawls: Crawl[] = [];
  let runs: CrawlRunDetail[];

  /** The real crawl, timed from just before it starts until it has returned its snapshot. */
  const observed =
    (worker: string): ScopeCrawler =>
    async (env, scope, limits) => {
      const start = performance.now();
      try {
        return await crawlAccountRegion(env, scope, limits);
      } finally {
        crawls.push({ worker, scope: `${scope.accountId}/${scope.region}`, start, end: performance.now() });
      }
    };

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    // Every call takes a while, so a scope's crawl lasts long enough for a second one to overlap it.
    emu.faults.set({ latencyMs: 15 });
    runtimes = await createTestRuntimes();
    const env = await testCrawlEnvironment(emu.url);
    const [a, b] = [await runtimes.add(env), await runtimes.add(env)] as [Runtime, Runtime];
    workers.push(
      await startCrawlWorker(a, {
        name: "a",
        concurrency: 4,
        crawl: observed("a"),
        pollingIntervalSeconds: 0.5,
      }),
    );
    workers.push(
      await startCrawlWorker(b, {
        name: "b",
        concurrency: 4,
        crawl: observed("b"),
        pollingIntervalSeconds: 0.5,
      }),
    );
    // Three runs queued at once: every scope has three jobs waiting, which eight free loops would take together.
    const queued = [
      await enqueueCrawl(a, { trigger: "manual" }),
      await enqueueCrawl(b, { trigger: "manual" }),
    ];
    queued.push(await enqueueCrawl(a, { trigger: "schedule" }));
    runs = await Promise.all(queued.map(({ runId }) => waitForRun(a, runId)));
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await runtimes?.stop();
    await emu?.close();
  });

  it("finishes every run, each scope recorded by one run at a time", () => {
    expect(runs.map((run) => run.status)).toEqual(["ok", "ok", "ok"]);
    for (const run of runs) expect(run.progress).toEqual({ done: 8, total: 8 });
    const recorded = runs.reduce((sum, run) => sum + run.scopes.length, 0);
    // A job that gets its scope's lock after a later run recorded it skips the older crawl.
    expect(crawls).toHaveLength(recorded);
    expect(recorded).toBeGreaterThanOrEqual(8);
  });

  it("never crawls the same account × region twice at the same time", () => {
    const byScope = Map.groupBy(crawls, (crawl) => crawl.scope);
    expect(byScope.size).toBe(8);
    expect(crawls.length).toBeGreaterThan(byScope.size);
    for (const [scope, list] of byScope) {
      const sorted = [...list].sort((x, y) => x.start - y.start);
      for (let i = 1; i < sorted.length; i++) {
        const previous = sorted[i - 1];
        const next = sorted[i];
        if (!previous || !next) continue;
        expect(next.start, `${scope}: ${JSON.stringify(sorted)}`).toBeGreaterThanOrEqual(previous.end);
      }
    }
  });

  it("shares the jobs between both workers", () => {
    const counts = Map.groupBy(crawls, (crawl) => crawl.worker);
    expect(counts.get("a")?.length ?? 0).toBeGreaterThan(0);
    expect(counts.get("b")?.length ?? 0).toBeGreaterThan(0);
  });
});
