/** Per-operation AWS call counts (and the errors answered), read through the control endpoint by tests and benchmarks. */
export class CallCounter {
  private byOperation = new Map<string, number>();
  private errors = new Map<string, Map<string, number>>();
  private byAccount = new Map<string, number>();
  total = 0;

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
    };
  }

  reset(): void {
    this.errors.clear();
    this.byOperation.clear();
    this.byAccount.clear();
    this.total = 0;
  }
}
