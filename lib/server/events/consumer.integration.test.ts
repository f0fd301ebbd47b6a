import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpdateListenerCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { Runtime } from "../runtime";
import { crawlAndWait, createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "../crawl/testing";
import { startCrawlWorker, type CrawlWorker } from "../crawl/worker";
import { startEventConsumer, type EventBatchResult, type EventConsumer } from "./consumer";

const ORDERING = "222233334444";
const ORDER_SERVICE = "svc-0order00000000001";
const ORDER_LISTENER = "listener-0orderhttps000001";
const DEPLOYER = `arn:aws:sts::${ORDERING}:assumed-role/Deployer/ci`;
const DELAY_MS = 300;

describe("event-driven refresh: SQS events re-read only what changed", () => {
  let emu: Emulator;
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let worker: CrawlWorker;
  let deployer: VPCLatticeClient;
  let listenerArn: string;
  let groups: string[];

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" } });
    const acct = emu.world.defaultAccountId;
    emu.events.set({ queueArn: `arn:aws:sqs:us-east-1:${acct}:trellis-events`, delayMs: DELAY_MS });
    emu.world.identities.set("DEPLOYERKEY", {
      accessKeyId: "DEPLOYERKEY",
      secretAccessKey: "x",
      accountId: ORDERING,
      arn: DEPLOYER,
      userId: "AROADEPLOYER:ci",
    });
    deployer = new VPCLatticeClient({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: { accessKeyId: "DEPLOYERKEY", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    runtimes = await createTestRuntimes();
    const env = await testCrawlEnvironment(emu.url, { intervalSeconds: 0 });
    expect(env.config.events?.queueUrl).toBe(`${emu.url}/${acct}/trellis-events`);
    runtime = await runtimes.add({
      ...env,
      config: {
        ...env.config,
        events: { ...env.config.events!, visibilityTimeoutSeconds: 5, batchWindowMs: 100 },
      },
    });
    worker = await startCrawlWorker(runtime, { concurrency: 4 });
    await crawlAndWait(runtime);
    const listener = emu.world.region("us-east-1").listeners.get(ORDER_LISTENER)!;
    listenerArn = listener.arn;
    const action = listener.defaultAction;
    if (!("forward" in action)) throw new Error("the demo's order listener forwards");
    groups = action.forward.targetGroups.map((g) => g.targetGroupIdentifier);
    expect(groups.length).toBe(2);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    deployer?.destroy();
    await runtimes?.stop();
    await emu?.close();
  });

  async function setWeights(a: number, b: number) {
    return deployer.send(
      new UpdateListenerCommand({
        serviceIdentifier: ORDER_SERVICE,
        listenerIdentifier: ORDER_LISTENER,
        defaultAction: {
          forward: {
            targetGroups: [
              { targetGroupIdentifier: groups[0], weight: a },
              { targetGroupIdentifier: groups[1], weight: b },
            ],
          },
        },
      }),
    );
  }

  async function storedWeights(): Promise<number[]> {
    const estate = await runtime.history.estateAt("latest");
    const defaultRule = estate!.resources.find(
      (r) => r.kind === "rule" && r.parentId === listenerArn && r.name === "default",
    );
    return groups.map((g) => {
      const edge = estate!.relations.find(
        (r) => r.kind === "forward" && r.source === defaultRule?.id && r.target.endsWith(`/${g}`),
      );
      return Number(edge?.data.weight);
    });
  }

  async function consume(
    until: (batches: EventBatchResult[]) => boolean,
    options: { beforeRecord?: () => Promise<void>; timeoutMs?: number } = {},
  ): Promise<EventBatchResult[]> {
    const batches: EventBatchResult[] = [];
    let consumer: EventConsumer | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no such batch within ${options.timeoutMs ?? 20_000} ms: ${JSON.stringify(batches)}`),
            ),
          options.timeoutMs ?? 20_000,
        );
        consumer = startEventConsumer(runtime, runtime.crawlEnv.config.events!, {
          ...(options.beforeRecord ? { beforeRecord: options.beforeRecord } : {}),
          onBatch: (result) => {
            batches.push(result);
            if (until(batches)) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer?.stop();
    }
    return batches;
  }

  it("records an UpdateListener made as another identity, attributed, touching only that listener's rows", async () => {
    const before = await storedWeights();
    expect(before).not.toEqual([30, 70]);
    await setWeights(30, 70);
    const started = Date.now();
    const batches = await consume((b) => b.some((r) => r.versions > 0));
    const elapsed = Date.now() - started;
    const batch = batches.find((r) => r.versions > 0)!;
    expect(await storedWeights()).toEqual([30, 70]);
    expect(batch.crawls).toBe(0);
    // GetListener and ListRules (and the role session, once): the listener's other rules are not re-read.
    expect(batch.calls).toBeLessThanOrEqual(5);
    expect(elapsed).toBeLessThan(DELAY_MS + 20_000);

    const { rows: opened } = await runtime.db.pool.query<{ id: string }>(
      `SELECT resource_id AS id FROM resource_version WHERE valid_from_run = $1 OR valid_to_run = $1
       UNION ALL SELECT source_id FROM relation_version WHERE valid_from_run = $1 OR valid_to_run = $1`,
      [batch.runId],
    );
    expect(opened.length).toBeGreaterThan(0);
    for (const row of opened) expect(row.id.startsWith(listenerArn)).toBe(true);

    const { rows: causes } = await runtime.db.pool.query<{
      actor_arn: string;
      event_name: string;
      audit_id: string | null;
    }>("SELECT actor_arn, event_name, audit_id FROM change_cause WHERE run_id = $1", [batch.runId]);
    expect(causes.length).toBe(batch.attributed);
    expect(causes.length).toBeGreaterThan(0);
    for (const cause of causes) {
      expect(cause).toEqual({ actor_arn: DEPLOYER, event_name: "UpdateListener", audit_id: null });
    }
    const run = await runtime.history.getRun(batch.runId!);
    expect(run?.trigger).toBe("event");
  });

  it("ends in the same state with duplicated and reordered events, and writes nothing for a repeat", async () => {
    emu.events.set({
      queueArn: emu.events.config.queueArn,
      delayMs: DELAY_MS,
      duplicateRate: 1,
      reorderRate: 0.5,
      reorderDelayMs: 400,
      seed: 3,
    });
    await setWeights(10, 90);
    await setWeights(60, 40);
    await setWeights(45, 55);
    const produced = emu.events.snapshot().produced;
    const batches = await consume((b) => b.reduce((n, r) => n + r.messages, 0) >= 6);
    expect(await storedWeights()).toEqual([45, 55]);
    expect(batches.reduce((n, r) => n + r.events, 0)).toBe(6);
    expect(emu.events.snapshot().produced).toBe(produced);
    const { rows } = await runtime.db.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM relation_version WHERE valid_to_run IS NULL GROUP BY relation_id HAVING count(*) > 1",
    );
    expect(rows).toEqual([]);
    emu.events.set({ queueArn: emu.events.config.queueArn, delayMs: DELAY_MS });
    // An event delivered again later (or one whose change an earlier re-read already saw) writes nothing.
    const queue = emu.sqs.byArn(emu.events.config.queueArn!)!;
    const again = {
      version: "0",
      id: "4c1d0b0e-0000-4000-8000-000000000001",
      "detail-type": "AWS API Call via CloudTrail",
      source: "aws.vpc-lattice",
      account: ORDERING,
      time: new Date().toISOString(),
      region: "us-east-1",
      resources: [],
      detail: {
        eventSource: "vpc-lattice.amazonaws.com",
        eventName: "UpdateListener",
        awsRegion: "us-east-1",
        recipientAccountId: ORDERING,
        userIdentity: { type: "AssumedRole", arn: DEPLOYER },
        requestParameters: { serviceIdentifier: ORDER_SERVICE, listenerIdentifier: ORDER_LISTENER },
      },
    };
    emu.sqs.send(queue, JSON.stringify(again));
    const repeat = await consume((b) => b.some((r) => r.events > 0));
    expect(repeat.reduce((n, r) => n + r.versions, 0)).toBe(0);
    expect(await storedWeights()).toEqual([45, 55]);
  });

  it("gives a version a crawl recorded first the event's cause, and names the audit entry of Trellis's own call", async () => {
    const written = await setWeights(35, 65);
    const { rows: audit } = await runtime.db.pool.query<{ id: string }>(
      `INSERT INTO audit_log (actor_id, actor_name, actor_role, actor_via, operation, resource_arn, result, aws_request_id)
       VALUES ('system', 'Trellis', 'admin', 'system', 'UpdateListener', $1, 'applied', $2) RETURNING id`,
      [listenerArn, written.$metadata.requestId],
    );
    // The re-crawl after an apply usually records the change before its event arrives.
    const crawl = await crawlAndWait(runtime);
    expect(await storedWeights()).toEqual([35, 65]);
    const batches = await consume((b) => b.some((r) => r.events > 0));
    expect(batches.reduce((n, r) => n + r.versions, 0)).toBe(0);
    const { rows: causes } = await runtime.db.pool.query<{
      run_id: string;
      audit_id: string;
      actor_arn: string;
    }>("SELECT run_id, audit_id, actor_arn FROM change_cause WHERE run_id = $1", [crawl.id]);
    expect(causes.length).toBeGreaterThan(0);
    for (const cause of causes) {
      expect(cause).toEqual({ run_id: String(crawl.id), audit_id: audit[0]!.id, actor_arn: DEPLOYER });
    }
  });

  it("loses nothing when it dies between receiving and recording: the message comes back", async () => {
    await setWeights(20, 80);
    let crashes = 0;
    const batches = await consume((b) => b.some((r) => r.versions > 0), {
      beforeRecord: async () => {
        if (crashes++ === 0) throw new Error("the worker died here");
      },
      timeoutMs: 30_000,
    });
    expect(crashes).toBeGreaterThanOrEqual(2);
    expect(batches.some((r) => r.versions > 0)).toBe(true);
    expect(await storedWeights()).toEqual([20, 80]);
  });
});
