import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { crawlScopes } from "@/lib/domain/config/config";
import { GET as readyz } from "@/app/readyz/route";
import { GET as healthz } from "@/app/healthz/route";
import { crawlAndWait, createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "../crawl/testing";
import { startCrawlWorker, type CrawlWorker } from "../crawl/worker";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "../db/migrate";
import { createTestDatabase, type TestDatabase } from "../db/testing";
import { replaceRuntime } from "../runtime";
import { checkReadiness, readinessText } from "./readiness";
import { onShutdown, shutdown } from "./shutdown";

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe("readiness: the database, its migrations, the first crawl of every scope, and shutdown", () => {
  let emu: Emulator;
  let bare: TestDatabase;
  let pool: pg.Pool;
  let runtimes: TestRuntimes;
  let worker: CrawlWorker | undefined;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    bare = await createTestDatabase("trellis_ready");
    pool = new pg.Pool({ connectionString: bare.url, max: 2 });
    runtimes = await createTestRuntimes();
  });

  afterAll(async () => {
    replaceRuntime(undefined);
    await worker?.stop();
    await runtimes?.stop();
    await pool?.end();
    await bare?.drop();
    await emu?.close();
  });

  it("is not ready while the database does not answer, naming no host", async () => {
    const nowhere = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/none", max: 1 });
    const readiness = await checkReadiness({
      pool: nowhere,
      migrationsDir: DEFAULT_MIGRATIONS_DIR,
      scopes: [],
    });
    await nowhere.end();
    expect(readiness.ready).toBe(false);
    expect(readinessText(readiness)).toBe("[-] database: not answering\nnot ready\n");
  });

  it("is not ready before the migrations, then not before the first crawl of every scope", async () => {
    const env = await testCrawlEnvironment(emu.url);
    const scopes = crawlScopes(env.config);
    expect(scopes.length).toBeGreaterThan(1);
    const deps = { pool, migrationsDir: DEFAULT_MIGRATIONS_DIR, scopes };

    const before = await checkReadiness(deps);
    expect(before.ready).toBe(false);
    expect(before.checks.find((c) => c.name === "migrations")).toMatchObject({ ok: false });
    expect(readinessText(before)).toMatch(
      /^\[\+\] database: answering\n\[-\] migrations: (\d+) of \1 not applied yet\nnot ready\n$/,
    );

    await migrate(bare.url);
    const migrated = await checkReadiness(deps);
    expect(migrated.ready).toBe(false);
    expect(readinessText(migrated)).toContain(
      `[-] crawl: first crawl in progress: 0 of ${scopes.length} scopes done`,
    );
    expect(readinessText(migrated)).not.toMatch(/\d{12}|127\.0\.0\.1|us-east-1/);
  });

  it("is ready once every scope's first crawl finished (one scope failing counts), through /readyz too", async () => {
    emu.faults.set({ accessDenied: [{ accountId: "333344445555" }] });
    const runtime = await runtimes.add(await testCrawlEnvironment(emu.url));
    const scopes = crawlScopes(runtime.crawlEnv.config);
    const deps = { pool: runtime.db.pool, migrationsDir: DEFAULT_MIGRATIONS_DIR, scopes };
    replaceRuntime(runtime);
    expect((await readyz()).status).toBe(503);

    worker = await startCrawlWorker(runtime, { concurrency: 4, pollingIntervalSeconds: 0.5 });
    const run = await crawlAndWait(runtime);
    emu.faults.set({});
    expect(run.status).toBe("partial");
    expect(await checkReadiness(deps)).toMatchObject({ ready: true });
    const answer = await readyz();
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(await answer.text()).toContain("ready\n");
  });

  it("fails readiness first on shutdown, while the work still runs; liveness stays ok", async () => {
    let release: () => void = () => undefined;
    let readyWhileWorking: number | undefined;
    onShutdown({
      name: "a crawl in progress",
      phase: "work",
      stop: async () => {
        readyWhileWorking = (await readyz()).status;
        await new Promise<void>((resolve) => (release = resolve));
      },
    });
    const stopping = shutdown("SIGTERM", { timeoutMs: 10_000, log: quiet });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const during = await readyz();
    expect(during.status).toBe(503);
    expect(await during.text()).toBe("[-] shutdown: shutting down\nnot ready\n");
    expect((await healthz()).status).toBe(200);
    release();
    await stopping;
    expect(readyWhileWorking).toBe(503);
  });
});
