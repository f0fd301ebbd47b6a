import "server-only";
import { latticeForApply } from "../../aws/account-clients";
import { enqueueCrawl } from "../../crawl/jobs";
import { createChangeRepository } from "../../db/changes";
import { createRolloutRepository } from "../../db/rollouts";
import type { Runtime } from "../../runtime";
import { scheduleRolloutStep } from "../rollouts/rollout-jobs";
import type { RolloutDeps } from "../rollouts/deps";
import { getTopology } from "../topology/get-topology";
import { readTraffic } from "../metrics/read-traffic";
import { metricsDeps } from "../metrics/runtime-deps";

/** The change and rollout services' dependencies, on the process's runtime. */
export function routingDeps(runtime: Runtime): RolloutDeps {
  return {
    db: runtime.db,
    changes: createChangeRepository(runtime.db.prisma),
    rollouts: createRolloutRepository(runtime.db.prisma),
    crawlEnv: runtime.crawlEnv,
    async nodes() {
      const { topology } = await getTopology(runtime, { run: "latest" });
      return new Map(topology.nodes.map((node) => [node.id, node]));
    },
    lattice: (accountId, region) => latticeForApply(runtime.crawlEnv, accountId, region),
    async recrawl(scope) {
      return (await enqueueCrawl(runtime, { trigger: "change", only: scope })).runId;
    },
    scheduleStep: (rolloutId, delaySeconds) => scheduleRolloutStep(runtime.boss, rolloutId, delaySeconds),
    traffic: (arns, seconds) => readTraffic(metricsDeps(runtime), arns, seconds),
  };
}
