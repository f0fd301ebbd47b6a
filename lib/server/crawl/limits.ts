import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import type { Limit } from "./scope-context";

/**
 * Bounds AWS calls in flight: per account (so one large account cannot starve the others) and across the
 * whole process. A call takes its account slot first, so it never holds a global slot while waiting.
 */
export class CallLimits {
  private readonly global: LimitFunction;
  private readonly perAccount = new Map<string, LimitFunction>();

  constructor(
    globalConcurrency: number,
    private readonly perAccountConcurrency: number,
  ) {
    this.global = pLimit(globalConcurrency);
  }

  forAccount(accountId: string): Limit {
    let account = this.perAccount.get(accountId);
    if (!account) {
      account = pLimit(this.perAccountConcurrency);
      this.perAccount.set(accountId, account);
    }
    const limitAccount = account;
    return (fn) => limitAccount(() => this.global(fn));
  }
}
