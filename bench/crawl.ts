/**
 * npm run bench:crawl — a generated estate (20 accounts × 100 services by default) served by the emulator at
 * 50 ms per call, crawled through the real pipeline (pg-boss job per scope, worker, history store). Prints the
 * wall time against the lower bound set by the dependency chain and the concurrency limit, rows written per
 * second, and /api/topology latency for that estate over HTTP.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  bin,
  children,
  cleanups,
  emulatorControl,
  freePort,
  shutdown,
  startGeneratedEmulator,
  waitFor,
} from "./support";
import { demoEnvironment } from "@/lib/server/config/load-config";
import { openDatabase } from "@/lib/server/db/database";
import { createHistoryRepository } from "@/lib/server/db/history";
import { createRuntime } from "@/lib/server/runtime";
import { enqueueCrawl } from "@/lib/server/crawl/jobs";
import { startCrawlWorker } from "@/lib/server/crawl/worker";
import { crawlAccountRegion } from "@/lib/server/crawl/crawl-account-region";
import { CallLimits } from "@/lib/server/crawl/limits";
import { crawlScopes } from "@/lib/domain/config/config";
import { buildWorld } from "@trellis/aws-emulator";
import { writeFile } from "node:fs/promises";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "20" },
    services: { type: "string", default: "100" },
    latency: { type: "string", default: "50" },
    concurrency: { type: "string", default: "64" },
    "per-account": { type: "string", default: "16" },
    requests: { type: "string", default: "100" },
    workers: { type: "string", default: "2" },
    "skip-http": { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false },
  },
});
const accounts = Number(values.accounts);
const servicesPerAccount = Number(values.services);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);
const perAccount = Number(values["per-account"]);
const workerCount = Math.max(1, Number(values.workers));

interface WorldShape {
  accounts: { id: string }[];
}

/** User + system CPU seconds a child process has used so far (Linux /proc). */
async function childCpuSeconds(child: ChildProcess | undefined): Promise<number> {
  if (!child?.pid) return 0;
  try {
    const stat = await readFile(`/proc/${child.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  console.log(
    `bench:crawl — ${accounts} accounts × ${servicesPerAccount} services, ${latencyMs} ms per AWS call, concurrency ${concurrency} (≤ ${perAccount} per account)`,
  );
  const emulatorUrl = await startGeneratedEmulator(accounts, servicesPerAccount);
  const world = (await emulatorControl(emulatorUrl, "GET", "/scenario")) as unknown as WorldShape;

  const dataDir = await mkdtemp(path.join(tmpdir(), "trellis-bench-"));
  await chmod(dataDir, 0o755);
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const db = await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL, dataDir, poolSize: 10 });
  const baseEnv = await demoEnvironment(emulatorUrl);
  const crawlEnv = {
    ...baseEnv,
    config: {
      ...baseEnv.config,
      crawl: {
        ...baseEnv.config.crawl,
        concurrency,
        perAccountConcurrency: perAccount,
        maxAttempts: 3,
        intervalSeconds: 0,
      },
    },
  };
  const runtime = await createRuntime({ db, crawlEnv });
  cleanups.push(() => runtime.stop());
  const scopes = crawlScopes(crawlEnv.config);
  // Every worker may take every scope: the cluster-wide limits, not the number of jobs, bound the calls.
  const perWorker = Math.ceil(scopes.length / workerCount);
  const worker = await startCrawlWorker(runtime, { concurrency: perWorker, pollingIntervalSeconds: 0.5 });
  cleanups.push(() => worker.stop());
  for (let i = 1; i < workerCount; i++)
    await startWorkerProcess(db.url, dataDir, crawlEnv, emulatorUrl, perWorker);

  await emulatorControl(emulatorUrl, "PUT", "/faults", { latencyMs });
  await emulatorControl(emulatorUrl, "DELETE", "/calls");
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const emulatorCpuStart = await childCpuSeconds(children[0]);
  const { runId } = await enqueueCrawl(runtime, { trigger: "manual" });
  let run = await runtime.history.getRun(runId);
  while (run && (run.status === "queued" || run.status === "running")) {
    await new Promise((r) => setTimeout(r, 100));
    run = await runtime.history.getRun(runId);
  }
  const wallMs = performance.now() - started;
  const calls = (await emulatorControl(emulatorUrl, "GET", "/calls")) as {
    total: number;
    byOperation: Record<string, number>;
  };
  if (!run) throw new Error("the run disappeared");

  const resources = Object.values(run.counts as Record<string, number>).reduce((a, b) => a + b, 0);
  const chainLength = await estimateChain(calls.byOperation, world.accounts.length);
  const effectiveConcurrency = Math.min(concurrency, perAccount * world.accounts.length);
  const throughputBoundMs = (calls.total * latencyMs) / effectiveConcurrency;
  const chainBoundMs = chainLength * latencyMs;
  const lowerBoundMs = Math.max(throughputBoundMs, chainBoundMs);

  console.log(`run ${runId}: ${run.status}, ${run.errorCount} errors`);
  console.log(`resources:            ${resources}`);
  console.log(`AWS calls:            ${calls.total} (crawler counted ${run.calls})`);
  console.log(`wall time:            ${(wallMs / 1000).toFixed(2)} s`);
  console.log(
    `lower bound:          ${(lowerBoundMs / 1000).toFixed(2)} s = max(calls × latency / concurrency ${(throughputBoundMs / 1000).toFixed(2)} s, dependency chain ${chainLength} × latency ${(chainBoundMs / 1000).toFixed(2)} s)`,
  );
  console.log(`ratio:                ${(wallMs / lowerBoundMs).toFixed(2)}× (goal ≤ 1.2×)`);
  const inFlight = (calls as unknown as { inFlight: { max: number; maxByAccount: Record<string, number> } })
    .inFlight;
  const perAccountMax = Math.max(0, ...Object.values(inFlight.maxByAccount));
  console.log(
    `in flight (emulator): at most ${perAccountMax} per account (limit ${perAccount}: ${perAccountMax <= perAccount ? "held" : "EXCEEDED"}), ${inFlight.max} in all (limit ${concurrency}: ${inFlight.max <= concurrency ? "held" : "EXCEEDED"}), ${workerCount} worker process${workerCount === 1 ? "" : "es"}`,
  );
  const cpu = process.cpuUsage(cpuStart);
  const emulatorCpu = (await childCpuSeconds(children[0])) - emulatorCpuStart;
  console.log(
    `CPU during the crawl: crawler process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, emulator process ${emulatorCpu.toFixed(1)} s (${cpus().length} cores)`,
  );

  if (!values["skip-build"]) measureWorldBuild();
  await measureWrites(db.url, dataDir, crawlEnv, scopes, emulatorUrl);
  if (!values["skip-http"]) await measureTopology(db.url, emulatorUrl);
  await shutdown(0);
}

/** `npm run worker` processes beside the benchmark's own worker, on the same database and estate. */
async function startWorkerProcess(
  databaseUrl: string,
  dataDir: string,
  crawlEnv: Awaited<ReturnType<typeof demoEnvironment>>,
  emulatorUrl: string,
  perWorker: number,
) {
  const configPath = path.join(dataDir, "bench-workers.json");
  const { crawl, accounts, regions } = crawlEnv.config;
  await writeFile(configPath, JSON.stringify({ accounts, regions, crawl }));
  const credentials = crawlEnv.credentials as { accessKeyId: string; secretAccessKey: string };
  const child = spawn(bin("node"), ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TRELLIS_CONFIG: configPath,
      TRELLIS_WORKER_CONCURRENCY: String(perWorker),
      TRELLIS_LOG_FORMAT: "json",
      TRELLIS_METRICS_LISTEN: "",
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL: emulatorUrl,
    },
  });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!/worker \S+ started/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`worker did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The emulator's generated estate builds in time linear in its size: the build at 1× and 3× this estate. */
function measureWorldBuild() {
  const time = (accountCount: number) => {
    const started = performance.now();
    const world = buildWorld({
      name: "generate",
      accounts: accountCount,
      services: servicesPerAccount,
      seed: 1,
    });
    let resources = 0;
    for (const state of world.regions.values()) resources += state.services.size + state.targetGroups.size;
    return { ms: performance.now() - started, services: resources };
  };
  time(2); // warm up
  const one = time(accounts);
  const three = time(accounts * 3);
  console.log(
    `emulator world build: ${accounts} × ${servicesPerAccount} in ${one.ms.toFixed(0)} ms, ${accounts * 3} × ${servicesPerAccount} in ${three.ms.toFixed(0)} ms → ${(three.ms / one.ms).toFixed(2)}× for 3× the estate (linear: 3×)`,
  );
}

/**
 * A per-account chain: identity check (AssumeRole + GetCallerIdentity), ListServices pages, then per service
 * ListListeners → ListRules → GetRule. Pages are counted from the calls actually made.
 */
async function estimateChain(byOperation: Record<string, number>, accountCount: number): Promise<number> {
  const pages = (op: string) =>
    Math.max(1, Math.ceil((byOperation[`vpc-lattice:${op}`] ?? accountCount) / accountCount));
  const serviceChain = pages("ListServices") + 3;
  const targetChain = pages("ListTargetGroups") + 1;
  return 2 + Math.max(serviceChain, targetChain);
}

/** Rows written per second: every snapshot of the estate recorded into an empty history, then once more unchanged. */
async function measureWrites(
  databaseUrl: string,
  dataDir: string,
  crawlEnv: Awaited<ReturnType<typeof demoEnvironment>>,
  scopes: { accountId: string; region: string }[],
  emulatorUrl: string,
) {
  await emulatorControl(emulatorUrl, "PUT", "/faults", { latencyMs: 0 });
  const limits = new CallLimits(concurrency, perAccount);
  const snapshots = await Promise.all(scopes.map((scope) => crawlAccountRegion(crawlEnv, scope, limits)));
  const url = new URL(databaseUrl);
  url.pathname = `/trellis_bench_writes_${process.pid}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir, poolSize: 4 });
  const history = createHistoryRepository(db);
  const record = async () => {
    const run = await history.startRun({ trigger: "bench" });
    const started = performance.now();
    let written = 0;
    for (const snapshot of snapshots) {
      const result = await history.recordScopeSnapshot(run.id, snapshot);
      written += result.versionsAdded + result.versionsClosed;
    }
    const ms = performance.now() - started;
    await history.finishRun(run.id);
    return { written, ms };
  };
  const first = await record();
  const again = await record();
  const rows = snapshots.reduce((n, s) => n + s.resources.length + s.relations.length, 0);
  console.log(
    `store, first crawl:   ${first.written} versions written in ${(first.ms / 1000).toFixed(2)} s → ${Math.round(first.written / (first.ms / 1000))} rows written/s`,
  );
  console.log(
    `store, re-crawl:      ${again.written} versions written for ${rows} unchanged rows in ${(again.ms / 1000).toFixed(2)} s`,
  );
  await db.stop();
}

async function measureTopology(databaseUrl: string, emulatorUrl: string) {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.log("/api/topology:        skipped (no production build; run `npm run build` first)");
    return;
  }
  const port = await freePort();
  const child = spawn(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      EMULATOR_URL: emulatorUrl,
      TRELLIS_WORKER: "off",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}/api/topology`;
  await waitFor(url, 120_000);
  const first = await fetch(url);
  const body = (await first.json()) as { nodes: unknown[]; edges: unknown[] };
  const times: number[] = [];
  for (let i = 0; i < Number(values.requests); i++) {
    const t = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const scale =
    body.nodes.length > 12_000
      ? ` [the goal is set at 10k nodes; this estate has ${Math.round(body.nodes.length / 1000)}k: \`--accounts 6\` gives ~10k]`
      : "";
  console.log(
    `/api/topology:        ${body.nodes.length} nodes, ${body.edges.length} edges — p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms over ${times.length} requests (goal p95 < 100 ms at 10k nodes)${scale}`,
  );
}

main().catch(async (error: unknown) => {
  console.error(error);
  await shutdown(1);
});
