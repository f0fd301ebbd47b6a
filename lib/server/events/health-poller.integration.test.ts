import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { Runtime } from "../runtime";
import { crawlAndWait, createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "../crawl/testing";
import { startCrawlWorker, type CrawlWorker } from "../crawl/worker";
import { createHealthPoller } from "./health-poller";

const CANARY = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";

describe("target health polled between crawls, ListTargets only", () => {
  let emu: Emulator;
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let worker: CrawlWorker;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" } });
    runtimes = await createTestRuntimes();
    runtime = await runtimes.add(await testCrawlEnvironment(emu.url, { intervalSeconds: 0 }));
    worker = await startCrawlWorker(runtime, { concurrency: 4 });
    await crawlAndWait(runtime);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await runtimes?.stop();
    await emu?.close();
  });

  it("costs one ListTargets per group, leaves no run when nothing changed, and records a change in a run of its own", async () => {
    const poller = createHealthPoller(runtime);
    try {
      emu.calls.reset();
      const quiet = await poller.pollOnce();
      expect(quiet.runId).toBeUndefined();
      expect(quiet.targetGroups).toBeGreaterThan(0);
      const calls = emu.calls.snapshot();
      const byOperation = JSON.stringify(calls);
      expect(byOperation).toContain("ListTargets");
      expect(byOperation).not.toContain("GetTargetGroup");
      expect(byOperation).not.toContain("ListTagsForResource");

      const estate = await runtime.history.estateAt("latest");
      const target = estate!.resources.find(
        (r) => r.kind === "target" && r.parentId === CANARY && r.data.status === "UNHEALTHY",
      );
      expect(target).toBeDefined();
      const response = await fetch(`${emu.url}/_emulator/target-health`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          targetGroup: CANARY,
          targetId: target!.data.id,
          port: target!.data.port,
          status: "HEALTHY",
        }),
      });
      expect(response.ok).toBe(true);

      const changed = await poller.pollOnce();
      expect(changed.runId).toBeDefined();
      expect(changed.calls).toBeLessThanOrEqual(changed.targetGroups + 8);
      const after = await runtime.history.estateAt("latest");
      expect(after!.resources.find((r) => r.id === target!.id)?.data.status).toBe("HEALTHY");
      const group = after!.resources.find((r) => r.id === CANARY);
      expect(group?.data.health).toMatchObject({ unhealthy: 0 });
      expect(group?.data.name ?? group?.name).toBeTruthy();
      const { rows } = await runtime.db.pool.query<{ kind: string }>(
        "SELECT DISTINCT kind FROM resource_version WHERE valid_from_run = $1 ORDER BY kind",
        [changed.runId],
      );
      expect(rows.map((r) => r.kind)).toEqual(["target", "target-group"]);
      expect((await runtime.history.getRun(changed.runId!))?.trigger).toBe("health");
      expect((await poller.pollOnce()).runId).toBeUndefined();
    } finally {
      poller.destroy();
    }
  });
});
