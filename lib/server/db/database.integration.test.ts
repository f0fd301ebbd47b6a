import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./database";
import { readMigrations } from "./migrate";

describe("embedded PostgreSQL", () => {
  let dataDir: string;
  let open: Database | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "trellis-embedded-"));
    // mkdtemp makes the folder private to its owner; as root, PostgreSQL runs as `postgres` and must reach it.
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    await open?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("initialises on first use, migrates, serves queries and keeps data across restarts", async () => {
    open = await openDatabase({ dataDir });
    expect(open.embedded).toBe(true);
    expect(open.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/trellis$/);
    expect(open.migrations.applied).toEqual((await readMigrations()).map((migration) => migration.name));
    expect(existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);

    const { rows } = await open.pool.query<{ server_version: string }>("SHOW server_version");
    expect(rows[0]?.server_version).toMatch(/^18\./);
    await open.prisma.crawlRun.create({ data: { trigger: "embedded-test" } });

    const second = await openDatabase({ dataDir });
    expect(second.embedded).toBe(true);
    expect(second.migrations.applied).toEqual([]);
    expect(await second.prisma.crawlRun.count()).toBe(1);
    await second.stop();

    await open.stop();
    open = undefined;
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);

    open = await openDatabase({ dataDir });
    expect(open.migrations.applied).toEqual([]);
    expect((await open.prisma.crawlRun.findMany()).map((run) => run.trigger)).toEqual(["embedded-test"]);
    await open.stop();
    open = undefined;
  });
});
