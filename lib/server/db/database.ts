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
  log?: (line: string) => void;
}

export interface Database {
  prisma: PrismaClient;
  /** The pool Prisma runs on, for bulk statements Prisma has no API for. */
  pool: pg.Pool;
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
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    pool.on("error", (error) => options.log?.(`idle PostgreSQL connection failed: ${error.message}`));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    let stopped = false;
    return {
      prisma,
      pool,
      url,
      embedded: server !== undefined,
      migrations,
      async stop() {
        if (stopped) return;
        stopped = true;
        await prisma.$disconnect();
        await pool.end();
        await server?.stop();
      },
    };
  } catch (error) {
    await server?.stop();
    throw error;
  }
}
