import "server-only";
import { organizationOf } from "@/lib/domain/config/config";
import { buildTopology } from "@/lib/domain/topology/topology";
import { latticeForApply } from "../aws/account-clients";
import type { CrawlEnvironment } from "../config/load-config";
import { createChangeRepository } from "../db/changes";
import type { Database } from "../db/database";
import { createHistoryRepository } from "../db/history";
import { createRolloutRepository } from "../db/rollouts";
import type { ServicesContext } from "../services/context";

/**
 * The routing, rollout and policy services' dependencies on a test database and emulator, as the runtime builds
 * them, minus the job queue: re-crawls are not started and rollout steps are run by the test itself.
 */
export function testServiceDeps(db: Database, env: CrawlEnvironment): ServicesContext {
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

/** Stands for a part of the context a test left out: reaching for it fails, naming the part. */
function absent<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === "then") return undefined;
      throw new Error(`The test's services context has no ${name} (read ${String(property)})`);
    },
  });
}

/** A services context with just the parts a test gives; a service reaching for any other part fails loudly. */
export function testContext(parts: Partial<ServicesContext>): ServicesContext {
  const missing = (name: string) => async () => {
    throw new Error(`The test's services context has no ${name}`);
  };
  return {
    db: absent("db"),
    changes: absent("changes"),
    rollouts: absent("rollouts"),
    crawlEnv: absent("crawlEnv"),
    organization: undefined,
    topology: missing("topology"),
    nodes: missing("nodes"),
    lattice: () => undefined,
    recrawl: async () => undefined,
    scheduleStep: missing("scheduleStep"),
    ...parts,
  };
}
