/** Per-operation AWS call counts (and the errors answered), read through the control endpoint by tests and benchmarks. */
export class CallCounter {
  private byOperation = new Map<string, number>();
  private errors = new Map<string, Map<string, number>>();
  private byAccount = new Map<string, number>();
  private inFlight = new InFlight();
  total = 0;

  /**
   * A call is being answered (counted from its arrival to its answer, injected latency included); call the
   * returned function when it is answered. The most in flight at once, overall, per account and per account ×
   * region, is kept until the next reset: tests and benchmarks check a client's concurrency limits with it.
   */
  enter(accountId: string, region: string): () => void {
    return this.inFlight.enter(accountId, region);
  }

  record(service: string, operation: string, accountId: string): void {
    const key = `${service}:${operation}`;
    this.byOperation.set(key, (this.byOperation.get(key) ?? 0) + 1);
    this.byAccount.set(accountId, (this.byAccount.get(accountId) ?? 0) + 1);
    this.total++;
  }

  /** A counted call answered with an error (an injected fault or the service's own), by its error code. */
  recordError(service: string, operation: string, code: string): void {
    const key = `${service}:${operation}`;
    const codes = this.errors.get(key) ?? new Map<string, number>();
    codes.set(code, (codes.get(code) ?? 0) + 1);
    this.errors.set(key, codes);
  }

  snapshot(): {
    total: number;
    byOperation: Record<string, number>;
    byAccount: Record<string, number>;
    errors: Record<string, Record<string, number>>;
    inFlight: InFlightSnapshot;
  } {
    return {
      total: this.total,
      byOperation: Object.fromEntries([...this.byOperation].sort(([a], [b]) => a.localeCompare(b))),
      byAccount: Object.fromEntries(this.byAccount),
      errors: Object.fromEntries(
        [...this.errors]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, codes]) => [key, Object.fromEntries(codes)]),
      ),
      inFlight: this.inFlight.snapshot(),
    };
  }

  reset(): void {
    this.errors.clear();
    this.byOperation.clear();
    this.byAccount.clear();
    this.inFlight.resetMax();
    this.total = 0;
  }
}

export interface InFlightSnapshot {
  /** Calls being answered now. */
  now: number;
  /** The most answered at once since the last reset: overall, by account, and by `account/region`. */
  max: number;
  maxByAccount: Record<string, number>;
  maxByAccountRegion: Record<string, number>;
}

class InFlight {
  private now = 0;
  private max = 0;
  private readonly current = new Map<string, number>();
  private readonly highest = new Map<string, number>();

  enter(accountId: string, region: string): () => void {
    const keys = [`account:${accountId}`, `scope:${accountId}/${region}`];
    this.now++;
    this.max = Math.max(this.max, this.now);
    for (const key of keys) {
      const value = (this.current.get(key) ?? 0) + 1;
      this.current.set(key, value);
      if (value > (this.highest.get(key) ?? 0)) this.highest.set(key, value);
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.now--;
      for (const key of keys) this.current.set(key, (this.current.get(key) ?? 1) - 1);
    };
  }

  resetMax(): void {
    this.max = this.now;
    this.highest.clear();
    for (const [key, value] of this.current) if (value > 0) this.highest.set(key, value);
  }

  snapshot(): InFlightSnapshot {
    const pick = (prefix: string) =>
      Object.fromEntries(
        [...this.highest]
          .filter(([key]) => key.startsWith(prefix))
          .map(([key, value]) => [key.slice(prefix.length), value] as const)
          .sort(([a], [b]) => a.localeCompare(b)),
      );
    return {
      now: this.now,
      max: this.max,
      maxByAccount: pick("account:"),
      maxByAccountRegion: pick("scope:"),
    };
  }
}
