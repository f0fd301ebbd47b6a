import "server-only";
import type { ListenerState } from "@/lib/domain/routing/change-types";
import type { TopologyNode } from "@/lib/domain/topology/topology";
import type { LatticeClient } from "../../aws/clients";
import type { CrawlEnvironment } from "../../config/load-config";
import type { ChangeRepository } from "../../db/changes";
import type { Database } from "../../db/database";

/** What the change services work with; routes build it from the runtime, tests from their own database. */
export interface ChangeDeps {
  db: Database;
  changes: ChangeRepository;
  crawlEnv: CrawlEnvironment;
  /** Resources of the latest crawl by id: names and owners for plans. */
  nodes(): Promise<ReadonlyMap<string, TopologyNode>>;
  /** A Lattice client for writes in a configured account; undefined for any other account. */
  lattice(accountId: string, region: string): LatticeClient | undefined;
  /** Re-crawls the account × region a change was applied to; returns the run id. */
  recrawl(scope: { accountId: string; region: string }): Promise<number | undefined>;
}

/**
 * A listener whose lock the caller already holds (a rollout step), with the one client and the one live read of
 * the listener made under that lock: planning and applying reuse them instead of making their own.
 */
export interface HeldListener {
  lattice: LatticeClient;
  live: ListenerState;
  lock: { held(): boolean };
}
