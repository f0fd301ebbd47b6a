import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { openDatabase, type Database } from "./database";

/** Trellis's data folder; the embedded PostgreSQL keeps its cluster in `postgres/` inside it. */
export const DATA_DIR = path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.TRELLIS_DATA_DIR);

// Kept on globalThis so that Next's dev server, which re-evaluates modules on change, opens the database once.
const holder = globalThis as typeof globalThis & { trellisDatabase?: Promise<Database> };

/**
 * The process's one database (and Prisma client), opened and migrated on first use: DATABASE_URL when set,
 * else the embedded PostgreSQL (reused when another Trellis process already started it).
 */
export function getDatabase(): Promise<Database> {
  holder.trellisDatabase ??= openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: DATA_DIR,
    poolSize: env.TRELLIS_DB_POOL_SIZE,
    statementTimeoutMs: env.TRELLIS_DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: env.TRELLIS_DB_CONNECT_TIMEOUT_MS,
  }).catch((error: unknown) => {
    holder.trellisDatabase = undefined;
    throw error;
  });
  return holder.trellisDatabase;
}
