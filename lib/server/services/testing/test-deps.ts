import "server-only";
import { organizationOf } from "@/lib/domain/config/config";
import { buildTopology } from "@/lib/domain/topology/topology";
import { latticeForApply } from "../../aws/account-clients";
import type { CrawlEnvironment } from "../../config/load-config";
import { createChangeRepository } from "../../db/changes";
import type { Database } from "../../db/database";
import { createHistoryRepository } from "../../db/history";
import { createRolloutRepository } from "../../db/rollouts";
import type { PolicyDeps } from "../policies/deps";
import type { RolloutDeps } from "../rollouts/deps";

/**
 * The routing, rollout and policy services' dependencies on a test database and emulator, as the runtime builds
 * them, minus the job queue: re-crawls are not started and rollout steps are run by the test itself.
 */
export function testServiceDeps(db: Database, env: CrawlEnvironment): RolloutDeps & PolicyDeps {
  const history = createHistoryRepository(db);
  const topology = async () => {
    const estate = await history.estateAt("latest");
    if (!estate) throw new Error("Nothing was crawled yet");
    return buildTopology(estate.resources, estate.relations, estate.scopes);
  };
  return {
    db,
    changes: createChangeRepository(db.prisma),
    rollouts: createRolloutRepository(db.prisma),
    crawlEnv: env,
    organization: organizationOf(env.config),
    topology,
    nodes: async () => new Map((await topology()).nodes.map((node) => [node.id, node])),
    lattice: (accountId, region) => latticeForApply(env, accountId, region),
    recrawl: async () => undefined,
    scheduleStep: async () => undefined,
  };
}
