import "server-only";

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * The server's memory of metrics: answers cached for their period (so every viewer of the map costs one
 * refresh per period), what each account publishes (ListMetrics, kept ten minutes), and the day's spend.
 */
export class MetricsStore {
  private answers = new Map<string, Entry<unknown>>();
  private inflight = new Map<string, Promise<unknown>>();
  private spend = { day: "", usd: 0 };

  /** The cached value, or `load`'s (shared by concurrent callers), kept until `ttlMs` after it is loaded. */
  async cached<T>(
    key: string,
    nowMs: number,
    ttlMs: number,
    load: () => Promise<T>,
  ): Promise<{ value: T; hit: boolean }> {
    const hit = this.answers.get(key);
    if (hit && hit.expiresAt > nowMs) return { value: hit.value as T, hit: true };
    const running = this.inflight.get(key);
    if (running) return { value: (await running) as T, hit: true };
    const promise = load();
    this.inflight.set(key, promise);
    try {
      const value = await promise;
      this.answers.set(key, { value, expiresAt: nowMs + ttlMs });
      if (this.answers.size > 500) {
        for (const [k, e] of this.answers) if (e.expiresAt <= nowMs) this.answers.delete(k);
      }
      return { value, hit: false };
    } finally {
      this.inflight.delete(key);
    }
  }

  /** The last value stored under `key`, however old: served when the budget is spent. */
  stale<T>(key: string): T | undefined {
    return this.answers.get(key)?.value as T | undefined;
  }

  spentToday(nowMs: number): number {
    const day = new Date(nowMs).toISOString().slice(0, 10);
    if (this.spend.day !== day) this.spend = { day, usd: 0 };
    return this.spend.usd;
  }

  charge(usd: number, nowMs: number): void {
    this.spentToday(nowMs);
    this.spend.usd += usd;
  }
}

const holder = globalThis as typeof globalThis & { trellisMetricsStore?: MetricsStore };

/** The process's metrics store (on globalThis, so Next's dev reloads keep one). */
export function metricsStore(): MetricsStore {
  holder.trellisMetricsStore ??= new MetricsStore();
  return holder.trellisMetricsStore;
}
