import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { CrawlRunDetail, Estate, StoredRelation, StoredResource } from "@/lib/domain/topology/history";
import { buildTopology } from "@/lib/domain/topology/topology";
import type { Runtime } from "../runtime";
import { crawlAndWait, createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "./testing";
import { startCrawlWorker, type CrawlWorker } from "./worker";

const PAYMENTS = "333344445555";
const ORDERING = "222233334444";

function content(items: (StoredResource | StoredRelation)[]) {
  return items
    .map(({ versionId: _v, validFromRun: _f, validToRun: _t, ...rest }) => rest)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The payments account answers AccessDenied to every call made as that account. Its role can still be assumed
 * (AssumeRole is called by the hub's crawler user), so the scope fails at its first call as the account,
 * GetCallerIdentity: the whole scope is unreadable, which is what "an account that fails" means here.
 */
describe("crawling under throttling, server errors and an account that denies access", () => {
  let emu: Emulator;
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let worker: CrawlWorker;
  let clean: CrawlRunDetail;
  let cleanEstate: Estate;
  let faulty: CrawlRunDetail;
  let latest: Estate;
  let throttledOrFailed: number;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    runtimes = await createTestRuntimes();
    // Adaptive retry stays on, with enough attempts that a 37 % failure rate per attempt is retried through:
    // 0.37^12 ≈ 7e-6 per call, where 6 attempts (0.26 % per call over ~250 calls) left a run partial now and then.
    runtime = await runtimes.add(await testCrawlEnvironment(emu.url, { maxAttempts: 12 }));
    worker = await startCrawlWorker(runtime, { concurrency: 4, pollingIntervalSeconds: 0.5 });
    clean = await crawlAndWait(runtime);
    const estate = await runtime.history.estateAt("latest");
    if (!estate) throw new Error("no estate");
    cleanEstate = estate;

    emu.faults.set({
      throttleRate: 0.3,
      serverErrorRate: 0.1,
      accessDenied: [{ accountId: PAYMENTS }],
      seed: 7,
    });
    emu.calls.reset();
    // Retrying through 40 % failures with backoff takes ~40 s alone, and longer on a busy machine.
    faulty = await crawlAndWait(runtime, 150_000);
    throttledOrFailed = emu.calls.snapshot().total;
    emu.faults.set({});
    const after = await runtime.history.estateAt("latest");
    if (!after) throw new Error("no estate");
    latest = after;
  }, 240_000);

  afterAll(async () => {
    await worker?.stop();
    await runtimes?.stop();
    await emu?.close();
  });

  it("ends the run partial, with the denied account's scopes failed and every other scope read in full", () => {
    expect(clean.status).toBe("ok");
    expect(faulty.status).toBe("partial");
    expect(faulty.progress).toEqual({ done: 8, total: 8 });
    const statuses = Object.fromEntries(faulty.scopes.map((s) => [`${s.accountId}/${s.region}`, s.status]));
    expect(statuses).toEqual({
      "111122223333/us-east-1": "ok",
      "111122223333/eu-west-1": "ok",
      "222233334444/us-east-1": "ok",
      "222233334444/eu-west-1": "ok",
      [`${PAYMENTS}/us-east-1`]: "failed",
      [`${PAYMENTS}/eu-west-1`]: "failed",
      "444455556666/us-east-1": "ok",
      "444455556666/eu-west-1": "ok",
    });
  });

  it("records the denial with account, region, operation and message", () => {
    const denial = (region: string) =>
      expect.objectContaining({
        accountId: PAYMENTS,
        region,
        operation: "sts:GetCallerIdentity",
        code: "AccessDenied",
        message: expect.stringContaining("not authorized"),
      });
    expect(faulty.errors).toHaveLength(2);
    expect(faulty.errors).toEqual(expect.arrayContaining([denial("us-east-1"), denial("eu-west-1")]));
    expect(faulty.errorCount).toBe(2);
  });

  it("retried through the throttling and server errors the emulator injected", () => {
    const paymentsCalls = (run: CrawlRunDetail) =>
      run.scopes.filter((s) => s.accountId === PAYMENTS).reduce((sum, s) => sum + s.calls, 0);
    const retries = faulty.calls - paymentsCalls(faulty) - (clean.calls - paymentsCalls(clean));
    expect(retries).toBeGreaterThan(10);
    expect(faulty.calls).toBe(throttledOrFailed);
  });

  it("captures every reachable resource and relation: the same estate as the clean crawl", () => {
    expect(content(latest.resources)).toEqual(content(cleanEstate.resources));
    expect(content(latest.relations)).toEqual(content(cleanEstate.relations));
    const counts = (run: CrawlRunDetail) =>
      run.scopes
        .filter((s) => s.accountId !== PAYMENTS)
        .map((s) => `${s.accountId}/${s.region}: ${s.resourceCount} resources, ${s.relationCount} relations`);
    expect(counts(faulty)).toEqual(counts(clean));
    const reread = faulty.scopes.filter((s) => s.accountId !== PAYMENTS);
    expect(reread.every((s) => s.versionsAdded === 0 && s.versionsClosed === 0)).toBe(true);
  });

  it("keeps serving the failed account's previous data, marked stale with when it was last crawled", () => {
    const payments = latest.resources.filter((r) => r.accountId === PAYMENTS);
    expect(payments.length).toBeGreaterThan(15);
    expect(payments.every((r) => r.validFromRun === clean.id && r.validToRun === null)).toBe(true);
    for (const region of ["us-east-1", "eu-west-1"]) {
      const scope = latest.scopes.find((s) => s.accountId === PAYMENTS && s.region === region);
      const cleanScope = clean.scopes.find((s) => s.accountId === PAYMENTS && s.region === region);
      expect(scope).toMatchObject({
        status: "failed",
        stale: true,
        lastRunId: faulty.id,
        lastSuccessRunId: clean.id,
        lastSuccessAt: cleanScope?.finishedAt,
      });
    }
    expect(latest.scopes.filter((s) => s.stale).map((s) => s.accountId)).toEqual([PAYMENTS, PAYMENTS]);

    const topology = buildTopology(latest.resources, latest.relations, latest.scopes);
    const paymentService = topology.nodes.find((n) => n.id.endsWith(":service/svc-0payment000000001"));
    expect(paymentService).toMatchObject({ accountId: PAYMENTS, stale: true });
    expect(
      topology.nodes.find((n) => n.id.endsWith(":service/svc-0order00000000001"))?.stale,
    ).toBeUndefined();
  });

  it("never records what it could not read as deleted: unreadable targets and rules keep their versions", async () => {
    emu.faults.set({
      accessDenied: [
        { accountId: ORDERING, operation: "vpc-lattice:ListTargets" },
        { accountId: ORDERING, operation: "vpc-lattice:GetRule" },
      ],
    });
    const denied = await crawlAndWait(runtime);
    emu.faults.set({});
    expect(denied.status).toBe("partial");
    const ordering = denied.scopes.find((s) => s.accountId === ORDERING && s.region === "us-east-1");
    expect(ordering).toMatchObject({ status: "partial", versionsAdded: 0, versionsClosed: 0 });
    expect(new Set(denied.errors.map((e) => `${e.accountId} ${e.operation} ${e.code}`))).toEqual(
      new Set([`${ORDERING} ListTargets AccessDeniedException`, `${ORDERING} GetRule AccessDeniedException`]),
    );
    const after = await runtime.history.estateAt("latest");
    expect(content(after?.resources ?? [])).toEqual(content(cleanEstate.resources));
    expect(content(after?.relations ?? [])).toEqual(content(cleanEstate.relations));
    expect(after?.scopes.find((s) => s.accountId === ORDERING && s.region === "us-east-1")?.stale).toBe(
      false,
    );
  });
});
