import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@/emulator/server";
import { createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "../../crawl/testing";
import type { Runtime } from "../../runtime";
import { getCrawl } from "./get-crawl";
import { startCrawl } from "./start-crawl";

describe("startCrawl", () => {
  let emulator: Emulator;
  let runtimes: TestRuntimes;
  let runtime: Runtime;

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    runtimes = await createTestRuntimes();
    runtime = await runtimes.add(await testCrawlEnvironment(emulator.url));
  });

  afterAll(async () => {
    await runtimes?.stop();
    await emulator?.close();
  });

  it("queues a manual run of every configured account × region and answers its id at once", async () => {
    const { id } = await startCrawl(runtime);
    const run = await getCrawl(runtime.history, id);
    expect(run).toMatchObject({ id, trigger: "manual", status: "queued", progress: { done: 0, total: 8 } });
    const next = await startCrawl(runtime);
    expect(next.id).toBeGreaterThan(id);
  });
});
