import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The packaged Trellis's one command (`trellis [console|worker|migrate]`, see scripts/package.ts and the
// Dockerfile). Bundled into <package>/server/launch.mjs beside Next's standalone server.js; it runs from any
// working directory, which keeps the data folder and the configuration file, and needs only DATABASE_URL.

const serverDir = path.dirname(fileURLToPath(import.meta.url));
const usage = "usage: trellis [console|worker|migrate]";

/** Paths given relative to where Trellis was started, made absolute before the server moves to its own folder. */
function pinPaths(cwd: string) {
  process.env.TRELLIS_DATA_DIR = path.resolve(cwd, process.env.TRELLIS_DATA_DIR || ".data");
  const config = process.env.TRELLIS_CONFIG;
  if (config) process.env.TRELLIS_CONFIG = path.resolve(cwd, config);
  else if (existsSync(path.join(cwd, "trellis.config.yaml"))) {
    process.env.TRELLIS_CONFIG = path.join(cwd, "trellis.config.yaml");
  }
}

function fail(message: string): never {
  console.error(`trellis: ${message}`);
  process.exit(2);
}

async function startDemoEmulator(port: number) {
  const { startEmulator } = await import("@trellis/aws-emulator");
  return startEmulator({ scenario: { name: "demo" }, port, host: "127.0.0.1" });
}

async function runConsole() {
  const { env } = await import("../lib/env");
  const { lineLogger } = await import("../lib/server/observability/logger");
  const log = lineLogger("launch");
  const { loadAuthSettings } = await import("../lib/server/auth/settings");
  const { isLoopbackHost } = await import("../lib/domain/auth/auth-config");
  const auth = loadAuthSettings();
  if (auth.mode === "none" && !isLoopbackHost(env.HOST.replace(/^\[(.*)\]$/, "$1"))) {
    fail(
      `HOST=${env.HOST}: sign-in is off (auth.mode none), where everyone is an administrator, so Trellis listens ` +
        `on loopback only. Set auth.mode to oidc or trusted-header in the configuration file (TRELLIS_CONFIG).`,
    );
  }
  const { readConfigFile } = await import("../lib/server/config/load-config");
  const configured = env.TRELLIS_CONFIG ? readConfigFile(env.TRELLIS_CONFIG).accounts.length : 0;
  if (configured === 0) {
    const emulator = await startDemoEmulator(env.EMULATOR_PORT);
    process.env.EMULATOR_URL = emulator.url;
    log(`no accounts configured: demo mode, against the built-in AWS emulator on ${emulator.url}`);
  }
  process.env.PORT = String(env.PORT);
  process.env.HOSTNAME = env.HOST;
  // The console's own handler stops its work gracefully (observability/shutdown); Next's would exit at once.
  process.env.NEXT_MANUAL_SIG_HANDLE = "1";
  log(`console on http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`);
  await import(path.join(serverDir, "server.js"));
}

async function runMigrate() {
  const { env } = await import("../lib/env");
  if (!env.DATABASE_URL) fail("DATABASE_URL is not set");
  const { migrate } = await import("../lib/server/db/migrate");
  const result = await migrate(env.DATABASE_URL, path.join(serverDir, "prisma", "migrations"));
  console.log(
    `applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied`,
  );
}

async function main() {
  const command = process.argv[2] ?? "console";
  if (!["console", "worker", "migrate"].includes(command)) fail(usage);
  if (!process.env.DATABASE_URL) {
    fail(
      "DATABASE_URL is not set. The packaged Trellis keeps its history in a PostgreSQL of yours: " +
        "DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE (the embedded database is for npm start).",
    );
  }
  pinPaths(process.cwd());
  Object.assign(process.env, {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  });
  // Migrations and the Next build are found from the server's folder, as Next's server.js does for itself.
  process.chdir(serverDir);
  if (command === "migrate") await runMigrate();
  else if (command === "worker") await import("./worker");
  else await runConsole();
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
