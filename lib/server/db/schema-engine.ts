import "server-only";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine as SchemaEngineType } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { readMigrations } from "./migrate";

// Development tooling only (creating migrations, checking them against the schema): it loads Prisma's schema
// engine compiled to WebAssembly, a devDependency, because the native engine cannot be downloaded here.

export interface ServerConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  /** A database to connect to for creating the throwaway shadow databases. */
  database: string;
}

export const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");
const LOCKFILE = "migration_lock.toml";
const NO_FILTER = { externalTables: [], externalEnums: [] };
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

export function connectionFromUrl(url: string): ServerConnection {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname),
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username || "postgres"),
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres",
  };
}

/** Indexes of the "char" columns in the latest result description seen on a single-connection pool. */
interface CharColumns {
  latest: number[];
}

/**
 * The engine's catalog queries return PostgreSQL's internal "char" type (e.g. pg_constraint.contype), which
 * adapter-pg rejects. The pool reads such columns as text and the adapter reports them to the engine as
 * characters. With one connection per pool, the description seen last belongs to the query that just finished.
 */
function charTrackingPool(config: pg.PoolConfig, columns: CharColumns): pg.Pool {
  const pool = new pg.Pool({ ...config, max: 1 });
  pool.on("connect", (client) => {
    client.connection.prependListener("rowDescription", (message: { fields: { dataTypeID: number }[] }) => {
      columns.latest = [];
      message.fields.forEach((field, index) => {
        if (field.dataTypeID !== PG_CHAR_OID) return;
        field.dataTypeID = PG_TEXT_OID;
        columns.latest.push(index);
      });
    });
  });
  return pool;
}

function reportCharColumns<T extends SqlQueryable>(queryable: T, columns: CharColumns): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    columns.latest = [];
    const result = await queryRaw(query);
    for (const index of columns.latest) result.columnTypes[index] = ColumnTypeEnum.Character;
    columns.latest = [];
    return result;
  };
  return queryable;
}

/**
 * adapter-pg splits a script at every ";", which cuts a dollar-quoted function body (a trigger's) apart.
 * PostgreSQL runs a whole script sent as one simple query, which is what the native engine does.
 */
function runScriptsWhole(adapter: SqlDriverAdapter, pool: pg.Pool): void {
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      if (!(error instanceof pg.DatabaseError)) throw error;
      throw new DriverAdapterError({
        kind: "postgres",
        code: error.code ?? "",
        severity: error.severity ?? "ERROR",
        message: error.message,
        detail: error.detail,
        column: error.column,
        hint: error.hint,
      });
    }
  };
}

async function connectAdapter(config: pg.PoolConfig): Promise<SqlDriverAdapter> {
  const columns: CharColumns = { latest: [] };
  const pool = charTrackingPool(config, columns);
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  runScriptsWhole(adapter, pool);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) =>
    reportCharColumns(await startTransaction(isolationLevel), columns);
  return reportCharColumns(adapter, columns);
}

/**
 * Driver adapter factory for the schema engine. Host, port and database stay separate fields (a connection
 * string would win over the shadow database's name), and a shadow database is dropped only after its pool closed.
 */
class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";

  constructor(private readonly server: ServerConnection) {}

  private config(database: string): pg.PoolConfig {
    const { host, port, user, password } = this.server;
    return { host, port, user, password, database };
  }

  connect(): Promise<SqlDriverAdapter> {
    return connectAdapter(this.config(this.server.database));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `trellis_shadow_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client(this.config(this.server.database));
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const adapter = await connectAdapter(this.config(name));
    const closePool = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await closePool();
      const dropper = new pg.Client(this.config(this.server.database));
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}"`);
      } finally {
        await dropper.end();
      }
    };
    return adapter;
  }
}

/** The engine reports why it panicked through this global before it throws an opaque `unreachable`. */
const panics: { set_message(message: string): void; last?: string } = {
  set_message(message: string) {
    this.last = message;
  },
};

async function withPanicMessage<T>(work: () => Promise<T>): Promise<T> {
  panics.last = undefined;
  try {
    return await work();
  } catch (error) {
    if (panics.last === undefined) throw error;
    throw new Error(`Prisma's schema engine failed: ${panics.last}`, { cause: error });
  }
}

async function startEngine(schema: string, server: ServerConnection | undefined): Promise<SchemaEngineType> {
  Object.assign(globalThis, { PRISMA_WASM_PANIC_REGISTRY: panics });
  const { SchemaEngine } = await import("@prisma/schema-engine-wasm");
  const factory = bindMigrationAwareSqlAdapterFactory(
    new MigrationAdapterFactory(
      server ?? { host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" },
    ),
  );
  return SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => undefined, factory);
}

async function migrationList(migrationsDir: string): Promise<MigrationList> {
  const lockPath = path.join(migrationsDir, LOCKFILE);
  const migrations = existsSync(migrationsDir) ? await readMigrations(migrationsDir) : [];
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.sql } },
    })),
  };
}

export interface NewMigration {
  /** `<timestamp>_<name>`, the folder to create under the migrations folder. */
  directory: string;
  /** Empty when the schema needs no change. */
  sql: string;
}

/** Prisma's folder name: UTC `YYYYMMDDHHMMSS_<name>`. */
export function migrationDirectoryName(name: string, now = new Date()): string {
  return `${now.toISOString().replace(/[-:T]/g, "").slice(0, 14)}_${name}`;
}

/**
 * SQL that takes a database from the committed migrations to the schema. With no migrations yet this needs
 * no database; otherwise the engine replays them in a throwaway shadow database on `server`.
 */
export async function createMigration(options: {
  name: string;
  migrationsDir: string;
  schemaPath?: string;
  server?: ServerConnection;
}): Promise<NewMigration> {
  const sql = await pendingSchemaChanges(options);
  return { directory: migrationDirectoryName(options.name), sql: sql === "" ? "" : `${sql}\n` };
}

/** SQL still needed after the committed migrations to reach the schema; empty when they match. */
export async function pendingSchemaChanges(options: {
  migrationsDir: string;
  schemaPath?: string;
  server?: ServerConnection;
}): Promise<string> {
  const schema = await readFile(options.schemaPath ?? SCHEMA_PATH, "utf8");
  const migrations = await migrationList(options.migrationsDir);
  if (migrations.migrationDirectories.length > 0 && !options.server) {
    throw new Error("Replaying the committed migrations needs a PostgreSQL server for a shadow database");
  }
  const engine = await startEngine(schema, options.server);
  try {
    const result = await withPanicMessage(() =>
      engine.diff({
        from:
          migrations.migrationDirectories.length === 0
            ? { tag: "empty" }
            : { tag: "migrations", ...migrations },
        to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
        script: true,
        exitCode: true,
        filters: NO_FILTER,
      }),
    );
    return result.exitCode === 2 ? (result.stdout ?? "").trim() : "";
  } finally {
    engine.free();
  }
}
