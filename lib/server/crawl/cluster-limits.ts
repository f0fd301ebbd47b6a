import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type pg from "pg";
import {
  documentedRate,
  msUntilToken,
  slotsUnder,
  THROTTLE,
  type ApiRate,
} from "@/lib/domain/config/crawl-rates";
import { CallLimits, type ScopeLimit } from "./limits";

export interface ClusterLimitSettings {
  /** AWS calls in flight across every worker on the database. */
  concurrency: number;
  /** AWS calls in flight per account (all its regions), across every worker. */
  perAccountConcurrency: number;
  /** A slot's lease; a worker renews its leases a few times within it, and a dead worker's slots return after it. */
  leaseMs?: number;
  /** Longest a call waits for its slots and rate tokens before it fails as an error of the crawl. */
  waitMs?: number;
  /** A busy worker gives a slot back after holding it this long, so workers waiting elsewhere get their turn. */
  holdMs?: number;
  /** How often a worker that wants a slot asks again (with jitter). */
  pollMs?: number;
}

/** A call waited past its deadline for a slot or a token: recorded as the call's error, never a hang. */
export class CallSlotTimeoutError extends Error {
  override name = "CallSlotTimeout";
}

interface Slot {
  key: string;
  slot: number;
  since: number;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Calls waiting in line for what the database hands out (slots, tokens), served by one pump at a time that calls
 * `serve` while any wait; each waiter fails with a CallSlotTimeoutError if not served by its deadline.
 */
abstract class WaitLine<T> {
  protected readonly waiters: Waiter<T>[] = [];
  private pumping = false;

  /** Serves what waiters it can once, or waits a little; called again while any wait. */
  protected abstract serve(): Promise<void>;

  protected wait(deadline: number, timeout: () => string): Promise<T> {
    const served = new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        timer: setTimeout(
          () => {
            const index = this.waiters.indexOf(waiter);
            if (index !== -1) this.waiters.splice(index, 1);
            reject(new CallSlotTimeoutError(timeout()));
          },
          Math.max(0, deadline - Date.now()),
        ),
      };
      this.waiters.push(waiter);
    });
    void this.pump();
    return served;
  }

  fail(error: Error): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  protected async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length > 0) await this.serve();
    } finally {
      this.pumping = false;
    }
  }
}

/**
 * Concurrency limits and API rates that hold across every crawl worker on one PostgreSQL. Each call takes, in
 * this order: a token of its API's bucket where AWS documents a rate (`crawl_rate_bucket`), a slot of its account
 * and then a global slot (`crawl_call_slot`, leased with an expiry). Slots are leased a few at a time and reused
 * for further calls without asking the database, given back when idle or held for `holdMs`. A throttled account's
 * slots and rates shrink for every worker (`crawl_throttle`) and grow back over seconds.
 *
 * Inside the process, CallLimits still orders the calls (scopes finish a group at a time).
 */
export class ClusterLimits {
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly local: CallLimits;
  private readonly pools = new Map<string, SlotPool>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly factors = new Map<string, number>();
  /** Accounts this worker crawls, whose throttle factors it reads. */
  private readonly accounts = new Set<string>();
  private readonly settings: Required<ClusterLimitSettings>;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    settings: ClusterLimitSettings,
  ) {
    this.settings = { leaseMs: 15_000, waitMs: 120_000, holdMs: 1_000, pollMs: 20, ...settings };
    this.local = new CallLimits(settings.concurrency, settings.perAccountConcurrency);
    this.timer = setInterval(() => void this.renew(), Math.min(1_000, this.settings.leaseMs / 3));
    this.timer.unref();
  }

  forScope(accountId: string, region: string): ScopeLimit {
    const local = this.local.forScope(accountId);
    this.accounts.add(accountId);
    return {
      limit: (fn, operation) => local.limit(() => this.run(accountId, region, operation, fn)),
      close: local.close,
    };
  }

  /** AWS throttled a call of this account: every worker slows down on it. */
  noteThrottle(accountId: string): void {
    if (this.closed) return;
    void this.pool
      .query<{ factor: number }>(
        `INSERT INTO crawl_throttle AS t (key, factor, throttled_at) VALUES ($1, $2, clock_timestamp())
         ON CONFLICT (key) DO UPDATE SET
           factor = greatest($3::float8, least(1, t.factor + $4::float8 * extract(epoch FROM clock_timestamp() - t.throttled_at)) * $2::float8),
           throttled_at = clock_timestamp()
         WHERE t.throttled_at < clock_timestamp() - interval '1 second'
         RETURNING factor`,
        [accountId, THROTTLE.decrease, THROTTLE.floor, THROTTLE.recoveryPerSecond],
      )
      .then((result) => {
        const factor = result.rows[0]?.factor;
        if (factor !== undefined) this.factors.set(accountId, factor);
      })
      .catch(() => undefined);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The share of its limits an account may use now (1 unless it was throttled lately). */
  factor(accountId: string): number {
    return this.factors.get(accountId) ?? 1;
  }

  /** Stops renewing this worker's leases without giving its slots back, as a worker that died does (for tests). */
  abandon(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  /** Gives every slot back. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const pool of this.pools.values())
      pool.fail(new CallSlotTimeoutError("The crawl worker is stopping"));
    for (const bucket of this.buckets.values())
      bucket.fail(new CallSlotTimeoutError("The crawl worker is stopping"));
    await this.pool
      .query("DELETE FROM crawl_call_slot WHERE holder = $1", [this.holder])
      .catch(() => undefined);
  }

  private async run<T>(
    accountId: string,
    region: string,
    operation: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    const deadline = Date.now() + this.settings.waitMs;
    const documented = operation ? documentedRate(operation) : undefined;
    if (documented) {
      await this.bucket(`${accountId}/${region}/${documented.api}`, accountId, documented.rate).take(
        deadline,
      );
    }
    const account = this.slots(`account:${accountId}`, () =>
      slotsUnder(this.settings.perAccountConcurrency, this.factor(accountId)),
    );
    const accountSlot = await account.take(deadline);
    try {
      const global = this.slots("global", () => this.settings.concurrency);
      const globalSlot = await global.take(deadline);
      try {
        return await fn();
      } finally {
        global.give(globalSlot);
      }
    } finally {
      account.give(accountSlot);
    }
  }

  private slots(key: string, limit: () => number): SlotPool {
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new SlotPool(key, limit, this, this.settings);
      this.pools.set(key, pool);
    }
    return pool;
  }

  private bucket(key: string, accountId: string, rate: ApiRate): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(key, rate, () => this.factor(accountId), this.pool, this.settings.pollMs);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Leases up to `count` free slots below `limit`; those whose lease expired count as free. */
  async lease(key: string, limit: number, count: number): Promise<number[]> {
    if (this.closed) return [];
    const result = await this.pool.query<{ slot: number }>(
      `WITH candidates AS (
         SELECT s AS slot FROM generate_series(0, $2::int - 1) AS s
         WHERE NOT EXISTS (
           SELECT 1 FROM crawl_call_slot c WHERE c.key = $1 AND c.slot = s AND c.expires_at > clock_timestamp()
         )
         ORDER BY random() LIMIT $3
       )
       INSERT INTO crawl_call_slot (key, slot, holder, expires_at)
       SELECT $1, slot, $4, clock_timestamp() + make_interval(secs => $5::float8) FROM candidates
       ON CONFLICT (key, slot) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE crawl_call_slot.expires_at <= clock_timestamp()
       RETURNING slot`,
      [key, limit, count, this.holder, this.settings.leaseMs / 1000],
    );
    return result.rows.map((row) => row.slot);
  }

  release(key: string, slots: number[]): void {
    if (slots.length === 0) return;
    void this.pool
      .query("DELETE FROM crawl_call_slot WHERE key = $1 AND slot = ANY($2::int[]) AND holder = $3", [
        key,
        slots,
        this.holder,
      ])
      .catch(() => undefined);
  }

  /** Renews this worker's leases and reads the throttle factors of the accounts it crawls. */
  private async renew(): Promise<void> {
    if (this.closed) return;
    const asked = Date.now();
    try {
      const kept = await this.pool.query<{ key: string; slot: number }>(
        `UPDATE crawl_call_slot SET expires_at = clock_timestamp() + make_interval(secs => $2::float8)
         WHERE holder = $1 RETURNING key, slot`,
        [this.holder, this.settings.leaseMs / 1000],
      );
      const held = new Set(kept.rows.map((row) => `${row.key}#${row.slot}`));
      for (const pool of this.pools.values()) pool.keepOnly(held, asked);
      const accounts = [...this.accounts];
      if (accounts.length === 0) return;
      const factors = await this.pool.query<{ key: string; factor: number }>(
        `SELECT key, least(1, greatest($2::float8,
           factor + $3::float8 * extract(epoch FROM clock_timestamp() - throttled_at))) AS factor
         FROM crawl_throttle WHERE key = ANY($1::text[])`,
        [accounts, THROTTLE.floor, THROTTLE.recoveryPerSecond],
      );
      const read = new Map(factors.rows.map((row) => [row.key, row.factor]));
      for (const account of accounts) this.factors.set(account, read.get(account) ?? 1);
    } catch {
      // The database did not answer: leases run out on their own, and the next tick tries again.
    }
  }
}

/** The slots of one key this worker holds: in use, or idle for a moment before they go back. */
class SlotPool extends WaitLine<Slot> {
  private readonly idle: Slot[] = [];
  private readonly lost = new Set<number>();
  /** Slots in use, and when each was leased. */
  private readonly inUse = new Map<number, number>();
  private idleTimer: NodeJS.Timeout | undefined;
  private backoffUntil = 0;

  constructor(
    private readonly key: string,
    private readonly limit: () => number,
    private readonly owner: ClusterLimits,
    private readonly settings: Required<ClusterLimitSettings>,
  ) {
    super();
  }

  take(deadline: number): Promise<Slot> {
    const slot = this.idle.pop();
    if (slot) {
      this.inUse.set(slot.slot, slot.since);
      return Promise.resolve(slot);
    }
    return this.wait(
      deadline,
      () =>
        `No AWS call slot (${this.key}, limit ${this.limit()}) came free within ${Math.round(this.settings.waitMs / 1000)} s: other workers hold them`,
    );
  }

  give(slot: Slot): void {
    this.inUse.delete(slot.slot);
    if (this.lost.delete(slot.slot)) {
      // Gone to another worker, or not: given back only if it is still this worker's.
      this.owner.release(this.key, [slot.slot]);
      return;
    }
    const heldTooLong = Date.now() - slot.since >= this.settings.holdMs;
    if (heldTooLong || slot.slot >= this.limit()) {
      this.owner.release(this.key, [slot.slot]);
      // Let workers polling for this key take it before this one leases again.
      if (heldTooLong) this.backoffUntil = Date.now() + this.settings.pollMs * 2;
      void this.pump();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      this.inUse.set(slot.slot, slot.since);
      waiter.resolve(slot);
      return;
    }
    this.idle.push(slot);
    this.idleTimer ??= setTimeout(() => {
      this.idleTimer = undefined;
      const idle = this.idle.splice(0);
      this.owner.release(
        this.key,
        idle.map((s) => s.slot),
      );
    }, this.settings.pollMs * 2);
  }

  /**
   * Drops slots whose lease another worker took over (this one stalled past its lease), as the renewal asked at
   * `asked` found them; slots leased since were not there to be found.
   */
  keepOnly(held: Set<string>, asked: number): void {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const slot = this.idle[i]!;
      if (slot.since < asked && !held.has(`${this.key}#${slot.slot}`)) this.idle.splice(i, 1);
    }
    for (const [slot, since] of this.inUse) {
      if (since < asked && !held.has(`${this.key}#${slot}`)) this.lost.add(slot);
    }
  }

  protected async serve(): Promise<void> {
    const wait = this.backoffUntil - Date.now();
    if (wait > 0) await sleep(wait);
    let leased: number[] = [];
    try {
      leased = await this.owner.lease(this.key, this.limit(), this.waiters.length);
    } catch {
      // The database did not answer this time; the waiters' deadlines bound how long this goes on.
    }
    const now = Date.now();
    for (const slot of leased) {
      const waiter = this.waiters.shift();
      if (!waiter) {
        this.owner.release(this.key, [slot]);
        continue;
      }
      clearTimeout(waiter.timer);
      this.inUse.set(slot, now);
      waiter.resolve({ key: this.key, slot, since: now });
    }
    if (leased.length === 0) await sleep(this.settings.pollMs * (0.75 + Math.random() / 2));
  }
}

/** Tokens of one API's bucket, taken from the database as many at a time as calls wait for them. */
class TokenBucket extends WaitLine<void> {
  private created = false;

  constructor(
    private readonly key: string,
    private readonly rate: ApiRate,
    private readonly factor: () => number,
    private readonly pool: pg.Pool,
    private readonly pollMs: number,
  ) {
    super();
  }

  take(deadline: number): Promise<void> {
    return this.wait(deadline, () => `No request token for ${this.key} came within the deadline`);
  }

  protected async serve(): Promise<void> {
    const perSecond = this.rate.perSecond * this.factor();
    let taken = 0;
    let left = 0;
    try {
      ({ taken, left } = await this.takeTokens(this.waiters.length, perSecond));
    } catch {
      // The database did not answer this time; the waiters' deadlines bound how long this goes on.
    }
    for (let i = 0; i < taken; i++) {
      const waiter = this.waiters.shift();
      if (!waiter) break;
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    if (this.waiters.length > 0 && taken === 0) {
      await sleep(Math.max(this.pollMs, msUntilToken(left, perSecond)));
    }
  }

  private async takeTokens(want: number, perSecond: number): Promise<{ taken: number; left: number }> {
    if (!this.created) {
      await this.pool.query(
        `INSERT INTO crawl_rate_bucket (key, tokens, updated_at) VALUES ($1, $2, clock_timestamp())
         ON CONFLICT (key) DO NOTHING`,
        [this.key, this.rate.burst],
      );
      this.created = true;
    }
    const result = await this.pool.query<{ taken: number; remaining: number }>(
      `WITH cur AS (
         SELECT key, least($2::float8, tokens + $3::float8 * extract(epoch FROM clock_timestamp() - updated_at)) AS tokens
         FROM crawl_rate_bucket WHERE key = $1 FOR UPDATE
       )
       UPDATE crawl_rate_bucket b
       SET tokens = cur.tokens - least(floor(cur.tokens), $4::int), updated_at = clock_timestamp()
       FROM cur WHERE b.key = cur.key
       RETURNING least(floor(cur.tokens), $4::int)::int AS taken, b.tokens AS remaining`,
      [this.key, this.rate.burst, perSecond, want],
    );
    const row = result.rows[0];
    return row ? { taken: row.taken, left: row.remaining } : { taken: 0, left: 0 };
  }
}

interface Shared {
  limits: ClusterLimits;
  users: number;
}

const shared = new WeakMap<pg.Pool, Shared>();

/**
 * The process's one set of cluster limits on a database, shared by everything that reads AWS for the crawl (the
 * crawl worker, the health poller, event refreshes), so that together they stay within the limits. Each user
 * releases its share; the last one gives the slots back.
 */
export function useClusterLimits(
  pool: pg.Pool,
  settings: ClusterLimitSettings,
): { limits: ClusterLimits; release(): Promise<void> } {
  let entry = shared.get(pool);
  if (!entry || entry.limits.isClosed) {
    entry = { limits: new ClusterLimits(pool, settings), users: 0 };
    shared.set(pool, entry);
  }
  const current = entry;
  current.users++;
  let released = false;
  return {
    limits: current.limits,
    async release() {
      if (released) return;
      released = true;
      current.users--;
      if (current.users === 0) await current.limits.close();
    },
  };
}
