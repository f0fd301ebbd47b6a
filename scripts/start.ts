import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { forgetSavedWorld, startEmulator, type Emulator } from "@trellis/aws-emulator";
import { isLoopbackHost, type AuthSettings } from "../lib/domain/auth/auth-config";
import type { Env } from "../lib/env";
import {
  loadCrawlEnvironment,
  readConfigFile,
  type CrawlEnvironment,
} from "../lib/server/config/load-config";
import { loadAuthSettings } from "../lib/server/auth/settings";
import { enqueueCrawl } from "../lib/server/crawl/jobs";
import { startCrawlWorker } from "../lib/server/crawl/worker";
import { DATA_DIR } from "../lib/server/db/client";
import { openDatabase, type Database } from "../lib/server/db/database";
import { createHistoryRepository } from "../lib/server/db/history";
import { lineLogger } from "../lib/server/observability/logger";
import { createRuntime } from "../lib/server/runtime";

const root = fileURLToPath(new URL("..", import.meta.url));
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
/** Answers TRACE and the other methods a fetch Request cannot carry 405, where Next would answer 500. */
const methodGuard = new URL("./refuse-forbidden-methods.mjs", import.meta.url).href;

/** Everything `next build` reads; a change to any of these makes the previous build stale. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "instrumentation.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const TEST_FILE = /\.test\.tsx?$/;
/** Set in the process that does the work, which runs in a process group of its own (see runInOwnProcessGroup). */
const IN_OWN_GROUP = "TRELLIS_START_IN_OWN_GROUP";
/** How long the console gets to finish its work and exit after Ctrl-C (its own bound, 20 s by default, and closing). */
const CONSOLE_STOP_TIMEOUT_MS = 30_000;

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
let stopping = false;

const log = lineLogger("start");

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    ...extra,
  };
}

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return TEST_FILE.test(entry) ? 0 : stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) {
    if (name === "node_modules") continue;
    newest = Math.max(newest, newestChange(path.join(entry, name)));
  }
  return newest;
}

/** Why the app must be (re)built, or undefined when the existing build is current. */
function buildReason(): string | undefined {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return "no production build yet";
  const builtAt = statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.some((input) => newestChange(path.join(root, input)) > builtAt);
  return changed ? "sources changed since the last build" : undefined;
}

function runToCompletion(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env });
  const stop = async () => void child.kill("SIGTERM");
  cleanups.push(stop);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      cleanups.splice(cleanups.indexOf(stop), 1);
      if (code === 0) resolve();
      else reject(new Error(`${args.slice(1).join(" ")} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

async function buildAppIfNeeded(): Promise<void> {
  const reason = buildReason();
  if (!reason) return;
  log(`building the console (${reason}): about a minute on a small machine, once; later starts reuse it…`);
  await runToCompletion([nextBin, "build"], childEnv({}));
}

/** DATABASE_URL, or the embedded PostgreSQL in .data/ (stopped last, with a fast shutdown), migrated. */
async function startDatabase(env: Env): Promise<Database> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: DATA_DIR });
  cleanups.push(async () => {
    await db.stop();
    if (db.embedded) log("embedded PostgreSQL stopped");
  });
  const where = new URL(db.url);
  log(
    db.embedded
      ? `database: embedded PostgreSQL in ${path.relative(root, DATA_DIR) || "."}/postgres (127.0.0.1:${where.port})`
      : `database: PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}`,
  );
  if (db.migrations.applied.length > 0) log(`applied ${db.migrations.applied.length} database migration(s)`);
  return db;
}

/** Where the demo emulator keeps its world between starts, beside the embedded database. */
const DEMO_WORLD = path.join(DATA_DIR, "emulator", "demo-world.json");

async function startDemoEmulator(env: Env, resetDemo: boolean): Promise<Emulator> {
  if (resetDemo) forgetSavedWorld(DEMO_WORLD);
  // Always loopback: the control endpoint is unauthenticated and can replace the whole emulated organisation.
  const emulator = await startEmulator({
    scenario: { name: "demo" },
    persistFile: DEMO_WORLD,
    port: env.EMULATOR_PORT,
    host: "127.0.0.1",
    log: (line) => {
      if (line.startsWith("emulator:")) console.error(line);
    },
  }).catch((error: unknown) => {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      throw new Error(`port ${env.EMULATOR_PORT} is already in use; set EMULATOR_PORT to another port`);
    }
    throw error;
  });
  cleanups.push(() => emulator.close());
  // The demo runs with events on, as a deployment with the central stack does (README: "Events"): every write,
  // through Trellis, the SDK or the aws CLI, reaches Trellis's queue about a second later.
  emulator.events.set({
    queueArn: `arn:aws:sqs:us-east-1:${emulator.world.defaultAccountId}:trellis-events`,
    delayMs: DEMO_EVENT_DELAY_MS,
  });
  return emulator;
}

const DEMO_EVENT_DELAY_MS = 1_000;

/** The accounts to crawl: the configuration's, or the emulator's demo organisation when it names none. */
async function crawlEnvironment(
  env: Env,
  resetDemo: boolean,
): Promise<{ crawlEnv: CrawlEnvironment; emulator?: Emulator }> {
  const configPath =
    env.TRELLIS_CONFIG ?? (existsSync("trellis.config.yaml") ? "trellis.config.yaml" : undefined);
  if (configPath && readConfigFile(configPath).accounts.length > 0) {
    const crawlEnv = await loadCrawlEnvironment({ configPath, emulatorUrl: env.EMULATOR_URL });
    log(`crawling ${crawlEnv.config.accounts.length} account(s) configured in ${crawlEnv.source}`);
    if (resetDemo) log("--reset-demo: ignored, the configuration names real accounts (no demo to reset)");
    return { crawlEnv };
  }
  const emulator = await startDemoEmulator(env, resetDemo);
  const where = path.relative(root, DEMO_WORLD) || DEMO_WORLD;
  log(
    emulator.restored
      ? `AWS emulator (demo organisation) on ${emulator.url}, as you left it (${where}; \`npm start -- --reset-demo\` starts it afresh)`
      : `AWS emulator (demo organisation) on ${emulator.url}, ${resetDemo ? "reset to" : "starting from"} the demo as written; your changes to it are kept in ${where}`,
  );
  return { crawlEnv: await loadCrawlEnvironment({ configPath, emulatorUrl: emulator.url }), emulator };
}

interface FirstCrawl {
  runId: number;
  /** Stops crawling in this process once the console's own worker has started. */
  handOver(): Promise<void>;
}

/**
 * Queues the first crawl and, unless crawling is left to separate workers, crawls it here while the console is
 * built and started, so the map has the whole estate as soon as the console answers.
 */
async function startFirstCrawl(env: Env, db: Database, crawlEnv: CrawlEnvironment): Promise<FirstCrawl> {
  const runtime = await createRuntime({ db, crawlEnv, log });
  const { runId } = await enqueueCrawl(runtime, { trigger: "startup" });
  const worker =
    env.TRELLIS_WORKER === "in-process"
      ? await startCrawlWorker(runtime, { concurrency: env.TRELLIS_WORKER_CONCURRENCY, log })
      : undefined;
  let handedOver: Promise<void> | undefined;
  const handOver = () => {
    handedOver ??= (async () => {
      await worker?.stop();
      await runtime.boss.stop({ graceful: true, timeout: 10_000 });
    })();
    return handedOver;
  };
  cleanups.push(handOver);
  return { runId, handOver };
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function startConsole(env: Env, extra: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--import", methodGuard, nextBin, "start", "--port", String(env.PORT), "--hostname", env.HOST],
    // The console's own signal handler stops its crawl worker before exiting; Next's would exit at once.
    { cwd: root, stdio: "inherit", env: childEnv({ ...extra, NEXT_MANUAL_SIG_HANDLE: "1" }) },
  );
  cleanups.push(async () => {
    child.kill("SIGTERM");
    await waitForExit(child, CONSOLE_STOP_TIMEOUT_MS);
  });
  child.once("exit", (code, signal) => {
    if (stopping) return;
    log(`the console stopped on its own (${signal ?? `exit code ${code}`})`);
    void shutdown(code === 0 ? 1 : (code ?? 1));
  });
  return child;
}

async function waitUntilServing(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return false;
}

/**
 * Reports the first crawl once it has finished, without holding up the console, with the time it really
 * finished (the run's own end), which is often during the build, long before this notices it.
 */
async function reportFirstCrawl(db: Database, runId: number, startedAt: number): Promise<void> {
  const history = createHistoryRepository(db);
  const deadline = Date.now() + 10 * 60_000;
  while (!stopping && Date.now() < deadline) {
    const run = await history.getRun(runId).catch(() => null);
    if (run && run.status !== "queued" && run.status !== "running") {
      const resources = Object.values(run.counts).reduce((sum, n) => sum + n, 0);
      const finished = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
      const took = run.startedAt && run.finishedAt ? finished - Date.parse(run.startedAt) : undefined;
      log(
        `first crawl (run ${runId}) finished ${((finished - startedAt) / 1000).toFixed(1)} s after start` +
          `${took === undefined ? "" : `, in ${(took / 1000).toFixed(1)} s`}: ${run.status}, ${resources} resources, ` +
          `${run.calls} AWS calls, ${run.errorCount} errors`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The sign-in mode, refusing `none` (everyone is admin) on anything but a loopback interface. */
function checkAuth(env: Env): AuthSettings {
  const auth = loadAuthSettings();
  const host = env.HOST.replace(/^\[(.*)\]$/, "$1");
  if (auth.mode === "none" && !isLoopbackHost(host)) {
    throw new Error(
      `HOST=${env.HOST}: sign-in is off (auth.mode none), where everyone is an administrator, so Trellis listens ` +
        `on 127.0.0.1 only. Unset HOST, or set auth.mode to oidc or trusted-header in the configuration file ` +
        `(README, "Sign-in and roles") to serve other machines.`,
    );
  }
  const how = {
    none: "off (auth.mode none): everyone on this computer is an administrator",
    oidc: "OpenID Connect (auth.mode oidc)",
    "trusted-header": "by the load balancer or proxy in front (auth.mode trusted-header)",
  } satisfies Record<AuthSettings["mode"], string>;
  log(`sign-in: ${how[auth.mode]}`);
  return auth;
}

function browserUrl(host: string, port: number): string {
  const loopbackOrAny = ["127.0.0.1", "localhost", "0.0.0.0", "::", "::1"].includes(host);
  return `http://${loopbackOrAny ? "localhost" : host}:${port}`;
}

let shuttingDown: Promise<never> | undefined;

/** Runs the cleanups once, newest first (the console, then the emulator, then the database), and exits. */
function shutdown(exitCode: number): Promise<never> {
  stopping = true;
  shuttingDown ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => console.error(error));
    }
    process.exit(exitCode);
  })();
  return shuttingDown;
}

const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function stopOnSignals() {
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      if (!stopping) log(`${signal}: stopping`);
      void shutdown(0);
    });
  }
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group: PostgreSQL would get it too and stop while the
 * console's worker is still recording a crawl. So the work runs in a process group of its own and this process
 * only forwards signals to it, which then stops everything in order: the console, the emulator, the database.
 */
function runInOwnProcessGroup(): void {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    cwd: process.cwd(),
    detached: true,
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: { ...process.env, [IN_OWN_GROUP]: "1" },
  });
  for (const signal of STOP_SIGNALS) process.on(signal, () => child.kill(signal));
  child.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main() {
  if (process.env[IN_OWN_GROUP] !== "1" && process.platform !== "win32") {
    runInOwnProcessGroup();
    return;
  }
  stopOnSignals();
  const { values: args } = parseArgs({ options: { "reset-demo": { type: "boolean", default: false } } });
  // The forwarding parent went away (killed outright): stop rather than keep a database running unattended.
  process.once("disconnect", () => {
    if (!stopping) void shutdown(1);
  });
  const startedAt = Date.now();

  // Imported here so a bad variable is reported as one clear message instead of a module-load stack trace.
  const { env } = await import("../lib/env");
  checkAuth(env);
  const db = await startDatabase(env);
  const { crawlEnv, emulator } = await crawlEnvironment(env, args["reset-demo"]);
  const firstCrawl = await startFirstCrawl(env, db, crawlEnv);
  log(
    `first crawl queued (run ${firstCrawl.runId}): ${crawlEnv.config.accounts.length} accounts × their regions`,
  );
  await buildAppIfNeeded();
  startConsole(env, {
    DATABASE_URL: db.url,
    ...(emulator ? { EMULATOR_URL: emulator.url } : {}),
  });
  if (env.TRELLIS_WORKER === "off") log("TRELLIS_WORKER=off: start `npm run worker` to crawl");
  void reportFirstCrawl(db, firstCrawl.runId, startedAt);

  const listening = `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`;
  if (await waitUntilServing(listening, 60_000)) {
    await firstCrawl.handOver();
    log(`console ready: ${browserUrl(env.HOST, env.PORT)}`);
    if (emulator) {
      log(`emulator: ${emulator.url} (aws --endpoint-url ${emulator.url} vpc-lattice list-service-networks)`);
    }
    log("press Ctrl-C to stop");
  }
}

main().catch(async (error: unknown) => {
  if (stopping) return;
  console.error(`[trellis] could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
