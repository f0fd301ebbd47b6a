import "server-only";
import { organizationOf } from "@/lib/domain/config/config";
import type { Organization } from "@/lib/domain/policy/principals";
import type { Topology, TopologyNode } from "@/lib/domain/topology/topology";
import { latticeForApply } from "../aws/account-clients";
import type { LatticeClient } from "../aws/clients";
import type { CrawlEnvironment } from "../config/load-config";
import { enqueueCrawl } from "../crawl/jobs";
import { createChangeRepository, type ChangeRepository } from "../db/changes";
import type { Database } from "../db/database";
import { createRolloutRepository, type RolloutRepository } from "../db/rollouts";
import type { Runtime } from "../runtime";
import { scheduleRolloutStep } from "./rollouts/rollout-jobs";
import { getTopology } from "./topology/get-topology";

/**
 * What the write services (changes, rollouts, policies) and the reconciler work with: one context, which routes
 * and workers build from the runtime (servicesContext) and tests from their own database (testing/).
 */
export interface ServicesContext {
  db: Database;
  changes: ChangeRepository;
  rollouts: RolloutRepository;
  crawlEnv: CrawlEnvironment;
  /** The estate of the latest crawl: principals, VPCs and the other layer's policies. */
  topology(): Promise<Topology>;
  /** Resources of the latest crawl by id: names and owners for plans. */
  nodes(): Promise<ReadonlyMap<string, TopologyNode>>;
  /** The configured AWS Organization, for aws:PrincipalOrgID; undefined when none is configured. */
  organization: Organization | undefined;
  /** A Lattice client for writes in a configured account (its apply role); undefined for any other account. */
  lattice(accountId: string, region: string): LatticeClient | undefined;
  /** Re-crawls the account × region a change was applied to; returns the run id. */
  recrawl(scope: { accountId: string; region: string }): Promise<number | undefined>;
  /** Queues a rollout's next step to run after `delaySeconds` (a pg-boss job, so it survives restarts). */
  scheduleStep(rolloutId: string, delaySeconds: number): Promise<void>;
}

/** The services' context on the process's runtime. */
export function servicesContext(runtime: Runtime): ServicesContext {
  const topology = async () => (await getTopology(runtime, { run: "latest" })).topology;
  return {
    db: runtime.db,
    changes: createChangeRepository(runtime.db.prisma),
    rollouts: createRolloutRepository(runtime.db.prisma),
    crawlEnv: runtime.crawlEnv,
    topology,
    async nodes() {
      return new Map((await topology()).nodes.map((node) => [node.id, node]));
    },
    organization: organizationOf(runtime.crawlEnv.config),
    lattice: (accountId, region) => latticeForApply(runtime.crawlEnv, accountId, region),
    async recrawl(scope) {
      return (await enqueueCrawl(runtime, { trigger: "change", only: scope })).runId;
    },
    scheduleStep: (rolloutId, delaySeconds) => scheduleRolloutStep(runtime.boss, rolloutId, delaySeconds),
  };
}
