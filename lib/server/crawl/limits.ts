import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import type { Limit } from "./scope-context";

/** Where a crawl of one account × region takes its call slots: this process's, or the cluster's (ClusterLimits). */
export interface CrawlLimits {
  forScope(accountId: string, region: string): ScopeLimit;
  /** AWS throttled a call of the account. */
  noteThrottle?(accountId: string): void;
}

/** One account × region crawl holding a share of the process's AWS call slots. */
export interface ScopeLimit {
  limit: Limit;
  /** The crawl is over: later scopes move up. */
  close(): void;
}

interface ScopeEntry {
  /** Calls of this scope waiting for a global slot, oldest first. */
  waiting: { seq: number; resolve: () => void }[];
}

/**
 * Bounds AWS calls in flight: per account (so one large account cannot starve the others) and across the
 * whole process. A call takes its account slot first, so it never holds a global slot while waiting.
 *
 * Global slots are not shared evenly. Scopes that share evenly all finish at the very end, and then wait for
 * each other to be stored; instead the open scopes form groups, each as many as the global limit can run at
 * their account limit, and the group that started first goes first. Scopes then finish a group at a time and
 * are stored while the rest are still crawled. The first group is the smallest (the remainder), so the last
 * group is always full and the limit stays saturated to the end.
 */
export class CallLimits {
  private readonly perAccount = new Map<string, LimitFunction>();
  private readonly open: ScopeEntry[] = [];
  private readonly groupSize: number;
  private active = 0;
  private seq = 0;

  constructor(
    private readonly globalConcurrency: number,
    private readonly perAccountConcurrency: number,
  ) {
    this.groupSize = Math.max(1, Math.floor(globalConcurrency / perAccountConcurrency));
  }

  forScope(accountId: string): ScopeLimit {
    let account = this.perAccount.get(accountId);
    if (!account) {
      account = pLimit(this.perAccountConcurrency);
      this.perAccount.set(accountId, account);
    }
    const limitAccount = account;
    const entry: ScopeEntry = { waiting: [] };
    this.open.push(entry);
    return {
      limit: (fn) => limitAccount(() => this.runGlobal(entry, fn)),
      close: () => {
        const index = this.open.indexOf(entry);
        if (index !== -1) this.open.splice(index, 1);
        // A call still waiting after close (none should be) is served as a scope of the last group.
        if (entry.waiting.length > 0) this.open.push(entry);
      },
    };
  }

  private async runGlobal<T>(entry: ScopeEntry, fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.globalConcurrency) {
      await new Promise<void>((resolve) => entry.waiting.push({ seq: this.seq++, resolve }));
    } else {
      this.active++;
    }
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Hands the slot straight to the next waiter, so nothing can slip in between. */
  private release(): void {
    const first = this.open.length % this.groupSize || this.groupSize;
    let best: ScopeEntry | undefined;
    let bestGroup = Number.POSITIVE_INFINITY;
    for (const [index, entry] of this.open.entries()) {
      const head = entry.waiting[0];
      if (!head) continue;
      const group = index < first ? 0 : 1 + Math.floor((index - first) / this.groupSize);
      if (group < bestGroup || (group === bestGroup && head.seq < best!.waiting[0]!.seq)) {
        best = entry;
        bestGroup = group;
      }
    }
    const next = best?.waiting.shift();
    if (next) next.resolve();
    else this.active--;
  }
}
