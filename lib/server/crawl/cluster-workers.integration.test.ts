import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { CrawlRunDetail } from "@/lib/domain/topology/history";
import { loadCrawlEnvironment } from "../config/load-config";
import { openDatabase } from "../db/database";
import { createTestDatabase, type TestDatabase } from "../db/testing";
import { createRuntime, type Runtime } from "../runtime";
import { enqueueCrawl } from "./jobs";
import { waitForRun } from "./testing";

const REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-south-1"];
const PER_ACCOUNT = 3;

interface InFlight {
  now: number;
  max: number;
  maxByAccount: Record<string, number>;
}

/**
 * Two `npm run worker` processes on one database crawl the four regions of one account, each allowed three scopes
 * at a time: alone, either would send up to 3 × 16 calls at once to the account. The emulator counts the calls it
 * is answering at once for that account, which must never exceed the configured per-account limit.
 */
describe("two worker processes crawling one account", () => {
  let testDb: TestDatabase;
  let emulator: Emulator;
  let runtime: Runtime;
  let dir: string;
  let run: CrawlRunDetail;
  let accountId: string;
  const workers: { child: ChildProcess; output: () => string }[] = [];

  async function startWorker(configPath: string) {
    const settings = {
      DATABASE_URL: testDb.url,
      TRELLIS_CONFIG: configPath,
      TRELLIS_WORKER_CONCURRENCY: "3",
      TRELLIS_LOG_FORMAT: "json",
      TRELLIS_METRICS_LISTEN: "",
      AWS_ACCESS_KEY_ID: "AKIAGEN0000000000001",
      AWS_SECRET_ACCESS_KEY: "generated-secret",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL: emulator.url,
    };
    const child = spawn(
      "/usr/bin/env",
      [
        ...Object.entries(settings).map(([name, value]) => `${name}=${value}`),
        process.execPath,
        "--conditions=react-server",
        "--import",
        "tsx",
        "scripts/worker.ts",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const worker = { child, output: () => out };
    workers.push(worker);
    const deadline = Date.now() + 60_000;
    while (!/worker \S+ started/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`worker did not start:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return worker;
  }

  beforeAll(async () => {
    emulator = await startEmulator({
      scenario: { name: "generate", accounts: 2, services: 40, regions: REGIONS, seed: 3 },
      port: 0,
    });
    accountId = [...emulator.world.accounts.values()].find((a) => a.name === "team-001")!.id;
    // Slow calls, so that many are in flight at once whenever the limits let them.
    emulator.faults.set({ latencyMs: 40 });
    dir = await mkdtemp(path.join(tmpdir(), "trellis-cluster-"));
    const configPath = path.join(dir, "trellis.config.yaml");
    await writeFile(
      configPath,
      [
        "accounts:",
        `  - id: "${accountId}"`,
        "    name: team-001",
        `regions: [${REGIONS.join(", ")}]`,
        "crawl:",
        "  intervalSeconds: 0",
        "  concurrency: 64",
        `  perAccountConcurrency: ${PER_ACCOUNT}`,
        "  maxAttempts: 2",
        "",
      ].join("\n"),
    );
    testDb = await createTestDatabase("trellis_cluster_workers");
    const db = await openDatabase({ databaseUrl: testDb.url, dataDir: dir, poolSize: 4 });
    const crawlEnv = await loadCrawlEnvironment({ configPath, emulatorUrl: emulator.url });
    runtime = await createRuntime({ db, crawlEnv });
    await startWorker(configPath);
    await startWorker(configPath);
    emulator.calls.reset();
    const { runId } = await enqueueCrawl(runtime, { trigger: "manual" });
    run = await waitForRun(runtime, runId, 120_000);
  }, 240_000);

  afterAll(async () => {
    for (const { child } of workers) child.kill("SIGKILL");
    await runtime?.stop();
    await emulator?.close();
    await testDb?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("crawls every region of the account, with both workers taking scopes", () => {
    expect(run.status, JSON.stringify(run.errors)).toBe("ok");
    expect(run.scopes.map((scope) => scope.region).sort()).toEqual([...REGIONS].sort());
    for (const worker of workers) expect(worker.output()).toMatch(/crawled \d+ \S+ for run/);
  });

  it("never has more calls in flight to the account than its limit, counted by the emulator", () => {
    const inFlight: InFlight = emulator.calls.snapshot().inFlight;
    expect(inFlight.maxByAccount[accountId]).toBeLessThanOrEqual(PER_ACCOUNT);
    // The limit was reached, so the bound above is the limiter's doing and not a slow crawl's.
    expect(inFlight.maxByAccount[accountId]).toBe(PER_ACCOUNT);
  });
});
