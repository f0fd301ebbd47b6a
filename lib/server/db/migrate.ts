import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { LOCK_NAMESPACES } from "./advisory-locks";

/** Same key as `prisma migrate`, so this runner and Prisma's never migrate one database at the same time. */
const MIGRATE_LOCK_KEY = LOCK_NAMESPACES.migrate;

export const DEFAULT_MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** sha256 of the file's bytes, as `prisma migrate` records it. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Migrations in `<dir>/<timestamp>_<name>/migration.sql`, oldest first. */
export async function readMigrations(
  migrationsDir: string = DEFAULT_MIGRATIONS_DIR,
): Promise<MigrationFile[]> {
  // The migrations folder is read at run time, not bundled: these ignore comments keep Turbopack from tracing it.
  if (!existsSync(/*turbopackIgnore: true*/ migrationsDir))
    throw new MigrationError(`No migrations folder at ${migrationsDir}`);
  const entries = await readdir(/*turbopackIgnore: true*/ migrationsDir, { withFileTypes: true });
  const names = entries
    .filter(
      (entry) =>
        entry.isDirectory() &&
        existsSync(/*turbopackIgnore: true*/ path.join(migrationsDir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(
        /*turbopackIgnore: true*/ path.join(migrationsDir, name, "migration.sql"),
        "utf8",
      );
      return { name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}

function matchesChecksum(migration: MigrationFile, recorded: string): boolean {
  // A checkout with CRLF line endings must not count as an edited migration.
  return (
    recorded === migration.checksum ||
    recorded === migrationChecksum(migration.sql.replace(/\r\n/g, "\n")) ||
    recorded === migrationChecksum(migration.sql.replace(/\r?\n/g, "\r\n"))
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies the committed migrations that the database lacks, each in its own transaction, recording them in
 * `_prisma_migrations` as `prisma migrate deploy` does. Refuses to run when an applied migration was edited,
 * when a previous attempt was left unfinished, or when the database has migrations this code doesn't know.
 */
export async function migrate(
  connection: string | pg.ClientConfig,
  migrationsDir: string = DEFAULT_MIGRATIONS_DIR,
): Promise<MigrateResult> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client(
    typeof connection === "string" ? { connectionString: connection } : connection,
  );
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"
         WHERE rolled_back_at IS NULL ORDER BY started_at`,
      );
      const known = new Set(migrations.map((migration) => migration.name));
      const unknown = rows.filter((row) => !known.has(row.migration_name)).map((row) => row.migration_name);
      if (unknown.length > 0) {
        throw new MigrationError(
          `The database has migrations that this version of Trellis does not have: ${unknown.join(", ")}. ` +
            `Run the Trellis version that created them, or use a new database.`,
        );
      }
      const unfinished = rows.filter((row) => row.finished_at === null).map((row) => row.migration_name);
      if (unfinished.length > 0) {
        throw new MigrationError(
          `Migration ${unfinished.join(", ")} started but did not finish. Repair the database, then mark it ` +
            `rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = ...).`,
        );
      }
      const applied = new Map(rows.map((row) => [row.migration_name, row]));
      const result: MigrateResult = { applied: [], alreadyApplied: [] };
      for (const migration of migrations) {
        const row = applied.get(migration.name);
        if (row) {
          if (!matchesChecksum(migration, row.checksum)) {
            throw new MigrationError(
              `Migration ${migration.name} was modified after it was applied (checksum ${row.checksum} in the ` +
                `database, ${migration.checksum} on disk). Restore the committed file and add a new migration instead.`,
            );
          }
          result.alreadyApplied.push(migration.name);
          continue;
        }
        await applyOne(client, migration);
        result.applied.push(migration.name);
      }
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const startedAt = new Date();
  await client.query("BEGIN");
  try {
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, $4, 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`, {
      cause: error,
    });
  }
}
