import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator, type Emulator } from "../emulator/server";
import type { Env } from "../lib/env";

const root = fileURLToPath(new URL("..", import.meta.url));
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** Everything `next build` reads; a change to any of these makes the previous build stale. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const TEST_FILE = /\.test\.tsx?$/;

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
let stopping = false;

function log(line: string) {
  console.log(`[trellis] ${line}`);
}

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
  log(`building the console (${reason})…`);
  await runToCompletion([nextBin, "build"], childEnv({}));
}

async function startDemoEmulator(env: Env): Promise<Emulator> {
  // Always loopback: the control endpoint is unauthenticated and can replace the whole emulated organisation.
  const emulator = await startEmulator({
    scenario: { name: "demo" },
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
  return emulator;
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

function startConsole(env: Env, emulatorUrl: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [nextBin, "start", "--port", String(env.PORT), "--hostname", env.HOST],
    { cwd: root, stdio: "inherit", env: childEnv({ EMULATOR_URL: emulatorUrl }) },
  );
  cleanups.push(async () => {
    child.kill("SIGTERM");
    await waitForExit(child, 5_000);
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

function browserUrl(host: string, port: number): string {
  const loopbackOrAny = ["127.0.0.1", "localhost", "0.0.0.0", "::", "::1"].includes(host);
  return `http://${loopbackOrAny ? "localhost" : host}:${port}`;
}

async function shutdown(exitCode: number): Promise<never> {
  stopping = true;
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => console.error(error));
  }
  process.exit(exitCode);
}

function stopOnSignals() {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void shutdown(0);
    });
  }
}

async function main() {
  stopOnSignals();

  // Imported here so a bad variable is reported as one clear message instead of a module-load stack trace.
  const { env } = await import("../lib/env");
  const emulator = await startDemoEmulator(env);
  log(`AWS emulator (demo organisation) on ${emulator.url}`);
  await buildAppIfNeeded();
  startConsole(env, emulator.url);

  const listening = `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`;
  if (await waitUntilServing(listening, 60_000)) {
    log(`console ready: ${browserUrl(env.HOST, env.PORT)}`);
    log(`emulator: ${emulator.url} (aws --endpoint-url ${emulator.url} vpc-lattice list-service-networks)`);
    log("press Ctrl-C to stop");
  }
}

main().catch(async (error: unknown) => {
  if (stopping) return;
  console.error(`[trellis] could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
