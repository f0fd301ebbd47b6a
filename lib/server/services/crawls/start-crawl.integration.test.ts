import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { Principal } from "@/lib/domain/auth/auth";
import { createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "../../crawl/testing";
import { createAuditRepository } from "../../db/audit";
import type { Runtime } from "../../runtime";
import { getCrawl } from "./get-crawl";
import { startCrawl } from "./start-crawl";

const OPERATOR: Principal = { id: "op-1", name: "Olive Operator", role: "operator", via: "proxy" };

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
    const { id } = await startCrawl(runtime, OPERATOR);
    const run = await getCrawl(runtime.history, id);
    expect(run).toMatchObject({ id, trigger: "manual", status: "queued", progress: { done: 0, total: 8 } });
    const next = await startCrawl(runtime, OPERATOR);
    expect(next.id).toBeGreaterThan(id);
  });

  it("records who started each run in the audit log", async () => {
    const { id } = await startCrawl(runtime, OPERATOR);
    const [entry] = await createAuditRepository(runtime.db.prisma).list(
      { operation: "StartCrawl" },
      { limit: 1 },
    );
    expect(entry).toMatchObject({
      actor: OPERATOR,
      operation: "StartCrawl",
      after: { runId: id },
      result: "applied",
    });
    expect(entry?.before).toBeUndefined();
    expect(Date.parse(entry!.at)).not.toBeNaN();
  });
});
