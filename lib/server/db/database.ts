import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "../../generated/prisma/client";
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { DEFAULT_MIGRATIONS_DIR, migrate, type MigrateResult } from "./migrate";

export interface OpenDatabaseOptions {
  /** An existing PostgreSQL; without it Trellis starts its embedded one in `<dataDir>/postgres`. */
  databaseUrl?: string;
  dataDir: string;
  /** Port of the embedded server; a free one when omitted. */
  embeddedPort?: number;
  migrationsDir?: string;
  poolSize?: number;
  /** Longest statement of the request pool (PostgreSQL statement_timeout; the client gives up a little later). */
  statementTimeoutMs?: number;
  /** Longest wait for a connection, new or pooled. */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

/** Request statements wait this long for a row or table lock, then fail instead of queueing behind a writer. */
const LOCK_TIMEOUT_MS = 5_000;
/** History writes store whole scopes: their statements may run long, but never without a bound. */
const BULK_STATEMENT_TIMEOUT_MS = 300_000;
/** A client-side margin over statement_timeout: a stalled server (no answer at all) fails the query too. */
const CLIENT_MARGIN_MS = 5_000;

export interface Database {
  prisma: PrismaClient;
  /** The pool Prisma runs on, for statements Prisma has no API for; every statement has a deadline. */
  pool: pg.Pool;
  /** A small pool with longer deadlines for history writes (whole scopes in a few statements). */
  bulkPool: pg.Pool;
  url: string;
  embedded: boolean;
  migrations: MigrateResult;
  /** Closes the connections and, when this process started the embedded server, shuts it down. */
  stop(): Promise<void>;
}

/** The Prisma client, or one of its transactions: what repositories run their statements on. */
export type DbClient = Prisma.TransactionClient;

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

// Connection failures, the server shutting down or refusing, and deadlines: the database, not the request, is at fault.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "57014", // query_canceled (statement_timeout)
  "55P03", // lock_not_available (lock_timeout)
  "P1001", // Prisma: can't reach database server
  "P1002", // Prisma: server reached but timed out
  "P1017", // Prisma: server closed the connection
  "P2024", // Prisma: timed out fetching a connection from the pool
]);
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|connection is insecure|terminating connection|the database system is (starting up|shutting down)|Unable to start a transaction in the given time|Transaction already closed|canceling statement due to (statement|lock) timeout/i;

/**
 * Whether an error (or one it was caused by) says the database is unreachable, shutting down, or did not answer
 * in time, as opposed to a bug or bad input: such errors are answered 503 and retried, never 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (e instanceof DatabaseUnavailableError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    const original = (e as { originalCode?: unknown }).originalCode;
    if (typeof original === "string" && UNAVAILABLE_CODES.has(original)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
    const kind = (e as { kind?: unknown }).kind;
    if (kind === "ConnectionClosed" || kind === "TransactionAlreadyClosed" || kind === "SocketTimeout")
      return true;
  }
  return false;
}

const UNDEFINED_DATABASE = "3D000";

function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/** Connects to the URL, creating its database first when the server is reachable but the database isn't there. */
async function ensureReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.end();
    return;
  } catch (error) {
    await client.end().catch(() => undefined);
    if ((error as { code?: string }).code !== UNDEFINED_DATABASE) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseUnavailableError(
        `Could not connect to PostgreSQL at ${describe(url)} (DATABASE_URL): ${reason}. ` +
          `Check DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to use the embedded PostgreSQL.`,
        { cause: error },
      );
    }
  }
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ""));
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

/**
 * Opens Trellis's PostgreSQL: the one at `databaseUrl`, or the embedded server (initialised on first use),
 * then applies the committed migrations the database lacks.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let server: EmbeddedPostgres | undefined;
  let url: string;
  if (options.databaseUrl) {
    url = options.databaseUrl;
    await ensureReachable(url);
  } else {
    try {
      server = await startEmbeddedPostgres({
        dataDir: options.dataDir,
        port: options.embeddedPort,
        log: options.log,
      });
    } catch (error) {
      if (error instanceof EmbeddedPostgresError)
        throw new DatabaseUnavailableError(error.message, { cause: error });
      throw error;
    }
    url = server.url();
  }
  try {
    const migrations = await migrate(url, options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
    const statementTimeout = options.statementTimeoutMs ?? 15_000;
    const connectTimeout = options.connectTimeoutMs ?? 5_000;
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      application_name: "trellis",
      connectionTimeoutMillis: connectTimeout,
      statement_timeout: statementTimeout,
      lock_timeout: LOCK_TIMEOUT_MS,
      query_timeout: statementTimeout + CLIENT_MARGIN_MS,
      idle_in_transaction_session_timeout: statementTimeout * 2,
      keepAlive: true,
    });
    const bulkPool = new pg.Pool({
      connectionString: url,
      max: 4,
      application_name: "trellis-history",
      connectionTimeoutMillis: connectTimeout * 2,
      statement_timeout: BULK_STATEMENT_TIMEOUT_MS,
      query_timeout: BULK_STATEMENT_TIMEOUT_MS + CLIENT_MARGIN_MS,
      idle_in_transaction_session_timeout: BULK_STATEMENT_TIMEOUT_MS,
      keepAlive: true,
    });
    for (const p of [pool, bulkPool]) {
      p.on("error", (error) => options.log?.(`idle PostgreSQL connection failed: ${error.message}`));
    }
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    let stopped = false;
    return {
      prisma,
      pool,
      bulkPool,
      url,
      embedded: server !== undefined,
      migrations,
      async stop() {
        if (stopped) return;
        stopped = true;
        await prisma.$disconnect();
        await pool.end();
        await bulkPool.end();
        await server?.stop();
      },
    };
  } catch (error) {
    await server?.stop();
    throw error;
  }
}
