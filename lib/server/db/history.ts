import "server-only";
import type pg from "pg";
import type { PrismaClient } from "../../generated/prisma/client";
import { createCrawlRunStore } from "./crawl-runs";
import { createEstateReader } from "./estate-reads";
import { createEstateRefresher } from "./estate-refresh";
import { createEstateWriter } from "./estate-writes";

// The history repository: one object over the three stores of crawl history — crawl runs (crawl-runs.ts),
// estate writes (estate-writes.ts) and estate reads (estate-reads.ts).

export { RunStateError, StaleRunError, type FinishRunInput } from "./crawl-runs";
export type { EstateOptions } from "./estate-reads";
export type { RecordResult } from "./estate-writes";
export type { RunRef } from "./estate-rows";

export interface HistoryDb {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** History writes run here: longer statement deadlines than the request pool. */
  bulkPool: pg.Pool;
}

export function createHistoryRepository(db: HistoryDb) {
  const { resolveRun, ...runs } = createCrawlRunStore(db);
  return {
    ...runs,
    ...createEstateWriter(db),
    ...createEstateRefresher(db),
    ...createEstateReader(db, { resolveRun }),
  };
}

export type HistoryRepository = ReturnType<typeof createHistoryRepository>;
