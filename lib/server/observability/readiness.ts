import "server-only";
import type pg from "pg";
import { readMigrations } from "../db/migrate";

export interface ReadinessCheck {
  name: "shutdown" | "database" | "migrations" | "crawl";
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

export interface ReadinessDeps {
  pool: Pick<pg.Pool, "query">;
  migrationsDir: string;
  /** The configured account × region scopes, each of which must have had its first crawl; none for a worker. */
  scopes: { accountId: string; region: string }[];
  /** Bound on each query, so that a probe answers quickly when the database does not. */
  queryTimeoutMs?: number;
}

const UNDEFINED_TABLE = "42P01";

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export function notReady(check: ReadinessCheck): Readiness {
  return { ready: false, checks: [check] };
}

async function migrationsCheck(deps: ReadinessDeps, timeoutMs: number): Promise<ReadinessCheck> {
  const known = (await readMigrations(deps.migrationsDir)).map((m) => m.name);
  let applied: Set<string>;
  try {
    const { rows } = await withTimeout(
      deps.pool.query<{ migration_name: string }>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      ),
      timeoutMs,
      "the database",
    );
    applied = new Set(rows.map((row) => row.migration_name));
  } catch (error) {
    if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
    applied = new Set();
  }
  const missing = known.filter((name) => !applied.has(name)).length;
  return missing === 0
    ? { name: "migrations", ok: true, detail: `${known.length} applied` }
    : { name: "migrations", ok: false, detail: `${missing} of ${known.length} not applied yet` };
}

/** A scope counts once it was recorded (ok, partial or failed), or its job gave up in a finished run. */
async function crawlCheck(deps: ReadinessDeps, timeoutMs: number): Promise<ReadinessCheck> {
  if (deps.scopes.length === 0) return { name: "crawl", ok: true, detail: "nothing to wait for" };
  const { rows } = await withTimeout(
    deps.pool.query<{ done: string }>(
      `SELECT count(*) FILTER (WHERE CASE WHEN s.account_id IS NOT NULL THEN true ELSE EXISTS (
           SELECT 1 FROM crawl_error e JOIN crawl_run r ON r.id = e.run_id
           WHERE e.account_id = c.account_id AND e.region = c.region AND r.status IN ('ok', 'partial', 'failed'))
         END) AS done
       FROM unnest($1::text[], $2::text[]) AS c(account_id, region)
       LEFT JOIN scope_status s ON s.account_id = c.account_id AND s.region = c.region`,
      [deps.scopes.map((s) => s.accountId), deps.scopes.map((s) => s.region)],
    ),
    timeoutMs,
    "the database",
  );
  const done = Number(rows[0]?.done ?? 0);
  const total = deps.scopes.length;
  return done >= total
    ? { name: "crawl", ok: true, detail: `first crawl done (${total} account × region scopes)` }
    : { name: "crawl", ok: false, detail: `first crawl in progress: ${done} of ${total} scopes done` };
}

/**
 * Whether this process may take traffic: the database answers, every migration this version knows is applied,
 * and every configured scope has been crawled once (finished or failed). Says why not in words that name no host,
 * account or setting.
 */
export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const timeoutMs = deps.queryTimeoutMs ?? 2_000;
  const checks: ReadinessCheck[] = [];
  try {
    await withTimeout(deps.pool.query("SELECT 1"), timeoutMs, "the database");
    checks.push({ name: "database", ok: true, detail: "answering" });
  } catch {
    checks.push({ name: "database", ok: false, detail: "not answering" });
    return { ready: false, checks };
  }
  try {
    const migrations = await migrationsCheck(deps, timeoutMs);
    checks.push(migrations);
    if (!migrations.ok) return { ready: false, checks };
    checks.push(await crawlCheck(deps, timeoutMs));
  } catch {
    checks.push({ name: "database", ok: false, detail: "a readiness query failed" });
  }
  return { ready: checks.every((check) => check.ok), checks };
}

/** The text a probe gets: one line per check, then the verdict. */
export function readinessText(readiness: Readiness): string {
  const lines = readiness.checks.map((c) => `[${c.ok ? "+" : "-"}] ${c.name}: ${c.detail}`);
  lines.push(readiness.ready ? "ready" : "not ready");
  return `${lines.join("\n")}\n`;
}
