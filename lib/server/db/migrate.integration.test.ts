import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseUnavailableError, openDatabase } from "./database";
import { DEFAULT_MIGRATIONS_DIR, migrate, MigrationError, readMigrations } from "./migrate";
import { connectionFromUrl, pendingSchemaChanges } from "./schema-engine";
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from "./testing";

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  let testDb: TestDatabase;
  let workDir: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    workDir = await mkdtemp(path.join(tmpdir(), "trellis-migrations-"));
  });

  afterAll(async () => {
    await testDb?.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  it("apply to an empty database and record themselves as prisma migrate does", async () => {
    const committed = await readMigrations();
    expect(committed.length).toBeGreaterThan(0);
    const result = await migrate(testDb.url);
    expect(result.applied).toEqual(committed.map((migration) => migration.name));
    expect(await tables(testDb.url)).toEqual([
      "_prisma_migrations",
      "audit_log",
      "change",
      "change_cause",
      "crawl_call_slot",
      "crawl_error",
      "crawl_incomplete",
      "crawl_rate_bucket",
      "crawl_run",
      "crawl_run_scope",
      "crawl_throttle",
      "freshness_feed",
      "node_position",
      "open_intent",
      "relation_version",
      "resource_version",
      "rollout",
      "scope_event_status",
      "scope_status",
    ]);
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
    }>(
      `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`,
    );
    await client.end();
    expect(rows).toEqual(
      committed.map((migration) => ({
        migration_name: migration.name,
        checksum: migration.checksum,
        applied_steps_count: 1,
      })),
    );
  });

  it("are idempotent on a second start", async () => {
    const result = await migrate(testDb.url);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual((await readMigrations()).map((migration) => migration.name));
  });

  it("refuse to run when an applied migration was edited", async () => {
    const edited = path.join(workDir, "edited");
    await cp(DEFAULT_MIGRATIONS_DIR, edited, { recursive: true });
    const [first] = await readMigrations(edited);
    const file = path.join(edited, first!.name, "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- an afterthought\n`);
    await expect(migrate(testDb.url, edited)).rejects.toThrow(/was modified after it was applied/);
  });

  it("roll back a failing migration and apply it once fixed", async () => {
    const extended = path.join(workDir, "extended");
    await cp(DEFAULT_MIGRATIONS_DIR, extended, { recursive: true });
    const next = path.join(extended, "29990101000000_extra");
    await mkdir(next);
    await writeFile(
      path.join(next, "migration.sql"),
      `CREATE TABLE "extra" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "missing_table" VALUES (1);\n`,
    );
    const failure = await migrate(testDb.url, extended).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect(await tables(testDb.url)).not.toContain("extra");

    await writeFile(path.join(next, "migration.sql"), `CREATE TABLE "extra" ("id" INTEGER PRIMARY KEY);\n`);
    expect((await migrate(testDb.url, extended)).applied).toEqual(["29990101000000_extra"]);
    expect(await tables(testDb.url)).toContain("extra");

    await expect(migrate(testDb.url)).rejects.toThrow(/does not have: 29990101000000_extra/);
  });

  it("run once when two processes start together", async () => {
    const fresh = await createTestDatabase();
    try {
      const [a, b] = await Promise.all([migrate(fresh.url), migrate(fresh.url)]);
      expect([...a.applied, ...b.applied]).toEqual(
        (await readMigrations()).map((migration) => migration.name),
      );
    } finally {
      await fresh.drop();
    }
  });

  it("match prisma/schema.prisma (replayed in a shadow database by the schema engine)", async () => {
    const pending = await pendingSchemaChanges({
      migrationsDir: DEFAULT_MIGRATIONS_DIR,
      server: connectionFromUrl(TEST_SERVER_URL),
    });
    expect(pending, "schema.prisma changed without a migration: run npm run db:migrate:new -- <name>").toBe(
      "",
    );
  });

  it("openDatabase creates a missing database and explains an unreachable server", async () => {
    const url = new URL(testDb.url);
    url.pathname = `/${testDb.name}_created`;
    const created = await openDatabase({ databaseUrl: url.toString(), dataDir: workDir });
    try {
      expect(created.migrations.applied.length).toBeGreaterThan(0);
      expect(await created.prisma.crawlRun.count()).toBe(0);
    } finally {
      await created.stop();
      const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${testDb.name}_created" WITH (FORCE)`);
      await admin.end();
    }

    const unreachable = await openDatabase({
      databaseUrl: "postgres://postgres@127.0.0.1:1/trellis",
      dataDir: workDir,
    }).catch((error: unknown) => error);
    expect(unreachable).toBeInstanceOf(DatabaseUnavailableError);
    expect((unreachable as Error).message).toMatch(/DATABASE_URL=postgres:\/\//);
  });
});
