/** Per-operation AWS call counts, read through the control endpoint by tests and benchmarks. */
export class CallCounter {
  private byOperation = new Map<string, number>();
  private byAccount = new Map<string, number>();
  total = 0;

  record(service: string, operation: string, accountId: string): void {
    const key = `${service}:${operation}`;
    this.byOperation.set(key, (this.byOperation.get(key) ?? 0) + 1);
    this.byAccount.set(accountId, (this.byAccount.get(accountId) ?? 0) + 1);
    this.total++;
  }

  snapshot(): { total: number; byOperation: Record<string, number>; byAccount: Record<string, number> } {
    return {
      total: this.total,
      byOperation: Object.fromEntries([...this.byOperation].sort(([a], [b]) => a.localeCompare(b))),
      byAccount: Object.fromEntries(this.byAccount),
    };
  }

  reset(): void {
    this.byOperation.clear();
    this.byAccount.clear();
    this.total = 0;
  }
}
