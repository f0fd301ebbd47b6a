import "server-only";
import type { LatticeClient } from "../../aws/clients";
import type { Organization } from "@/lib/domain/policy/principals";
import type { Topology } from "@/lib/domain/topology/topology";
import type { Database } from "../../db/database";

/** What the policy services work with; routes build it from the runtime, tests from their own database. */
export interface PolicyDeps {
  db: Database;
  /** The estate of the latest crawl: principals, VPCs and the other layer's policies. */
  topology(): Promise<Topology>;
  /** The configured AWS Organization, for aws:PrincipalOrgID; undefined when none is configured. */
  organization: Organization | undefined;
  /** A Lattice client in a configured account (its apply role); undefined for any other account. */
  lattice(accountId: string, region: string): LatticeClient | undefined;
  /** Re-crawls the account × region a policy was applied to; returns the run id. */
  recrawl(scope: { accountId: string; region: string }): Promise<number | undefined>;
}
