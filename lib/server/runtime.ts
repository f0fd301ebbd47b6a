import "server-only";
import { PgBoss, type ConstructorOptions } from "pg-boss";
import { env } from "@/lib/env";
import { loadCrawlEnvironment, type CrawlEnvironment } from "./config/load-config";
import { ensureCrawlQueues } from "./crawl/jobs";
import { ensureRolloutQueue } from "./services/rollouts/rollout-jobs";
import { getDatabase } from "./db/client";
import type { Database } from "./db/database";
import { createHistoryRepository, type HistoryRepository } from "./db/history";
import { lineLogger } from "./observability/logger";
import { onShutdown } from "./observability/shutdown";

/** What a Trellis process works with: the database, the crawl history, the job queue and what to crawl. */
export interface Runtime {
  db: Database;
  history: HistoryRepository;
  boss: PgBoss;
  crawlEnv: CrawlEnvironment;
  /**
   * Stops the job queue (waiting briefly for jobs in progress; `interrupted`: at once, failing them back to the
   * queue for another worker) and then closes the database.
   */
  stop(options?: { interrupted?: boolean }): Promise<void>;
}

export interface CreateRuntimeOptions {
  db: Database;
  crawlEnv: CrawlEnvironment;
  /** pg-boss settings, e.g. shorter maintenance intervals in tests. */
  boss?: Partial<ConstructorOptions>;
  log?: (line: string) => void;
}

/** Starts pg-boss on the database (installing or migrating its schema) and creates the crawl queues. */
export async function createRuntime(options: CreateRuntimeOptions): Promise<Runtime> {
  const { db, crawlEnv } = options;
  const boss = new PgBoss({
    connectionString: db.url,
    application_name: "trellis",
    max: 4,
    // Trellis schedules crawls itself (interval seconds, not cron minutes).
    schedule: false,
    useListenNotify: true,
    ...options.boss,
  });
  boss.on("error", (error: Error) => options.log?.(`job queue: ${error.message}`));
  await boss.start();
  try {
    await ensureCrawlQueues(boss);
    await ensureRolloutQueue(boss);
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }
  let stopped = false;
  return {
    db,
    history: createHistoryRepository(db),
    boss,
    crawlEnv,
    async stop({ interrupted = false } = {}) {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: !interrupted, timeout: 10_000 });
      await db.stop();
    },
  };
}

// On globalThis so that Next's dev server, which re-evaluates modules on change, starts one runtime.
const holder = globalThis as typeof globalThis & { trellisRuntime?: Promise<Runtime> };

/**
 * The process's runtime, created on first use from the environment: the database (DATABASE_URL or the embedded
 * one), the crawl configuration (TRELLIS_CONFIG, else demo mode against EMULATOR_URL) and pg-boss.
 */
export function getRuntime(): Promise<Runtime> {
  holder.trellisRuntime ??= (async () => {
    const db = await getDatabase();
    const crawlEnv = await loadCrawlEnvironment({
      configPath: env.TRELLIS_CONFIG,
      emulatorUrl: env.EMULATOR_URL,
    });
    const runtime = await createRuntime({ db, crawlEnv, log: lineLogger("runtime", "error") });
    onShutdown({
      name: "job queue and database",
      phase: "close",
      stop: ({ interrupted }) => runtime.stop({ interrupted }),
    });
    return runtime;
  })().catch((error: unknown) => {
    holder.trellisRuntime = undefined;
    throw error;
  });
  return holder.trellisRuntime;
}

/** Tests run the real route handlers against a runtime of their own; undefined forgets it. */
export function replaceRuntime(runtime: Runtime | undefined): void {
  holder.trellisRuntime = runtime ? Promise.resolve(runtime) : undefined;
}
