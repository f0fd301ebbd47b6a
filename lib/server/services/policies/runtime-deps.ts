import "server-only";
import { organizationOf } from "@/lib/domain/config/config";
import { latticeForApply } from "../../aws/account-clients";
import { enqueueCrawl } from "../../crawl/jobs";
import type { Runtime } from "../../runtime";
import { getTopology } from "../topology/get-topology";
import type { PolicyDeps } from "./deps";

/** The policy services' dependencies, on the process's runtime. */
export function policyDeps(runtime: Runtime): PolicyDeps {
  return {
    db: runtime.db,
    organization: organizationOf(runtime.crawlEnv.config),
    async topology() {
      return (await getTopology(runtime, { run: "latest" })).topology;
    },
    lattice: (accountId, region) => latticeForApply(runtime.crawlEnv, accountId, region),
    async recrawl(scope) {
      return (await enqueueCrawl(runtime, { trigger: "change", only: scope })).runId;
    },
  };
}
