import "server-only";
import type { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import type { FieldError } from "@/lib/domain/change-plan";
import type { AuthState, PolicyTarget } from "@/lib/domain/policy/apply-plan";
import { policyTargetOf } from "@/lib/domain/policy/apply-plan";
import { canonicalTextDiff, type TextDiff } from "@/lib/domain/policy/canonical";
import { policiesFromTopology } from "@/lib/domain/policy/connectivity";
import type { AuthType } from "@/lib/domain/policy/evaluate";
import { requestMatrix } from "@/lib/domain/policy/matrix";
import { semanticDiff, type AccessChange } from "@/lib/domain/policy/semantic-diff";
import type { Organization } from "@/lib/domain/policy/principals";
import type { LintScope } from "@/lib/domain/policy/validate";
import type { Topology } from "@/lib/domain/topology";
import { readAuthState } from "../../aws/lattice-auth";
import type { PolicyDeps } from "./deps";

/** The scope's ARN read, or the field error that says why it can't be. */
export function targetOrError(arn: string): { target: PolicyTarget } | { errors: FieldError[] } {
  const target = policyTargetOf(arn);
  return target
    ? { target }
    : { errors: [{ field: "scope.arn", message: "must be the ARN of a service or a service network" }] };
}

/** The scope's auth state as the latest crawl recorded it; undefined when the crawl doesn't have it. */
export function crawledAuthState(topology: Topology, target: PolicyTarget): AuthState | undefined {
  const estate = policiesFromTopology(topology);
  const layer = (target.kind === "service" ? estate.services : estate.networks)[target.arn];
  if (!layer) return undefined;
  const policy = layer.policy;
  return {
    authType: layer.authType,
    policy: typeof policy === "string" || (policy && !("statements" in policy)) ? policy : null,
  };
}

/** What the linter needs to know of the scope: its kind and auth type, and a network's services. */
export function lintScopeOf(topology: Topology, target: PolicyTarget, authType: AuthType): LintScope {
  if (target.kind === "service") return { kind: "service", arn: target.arn, authType };
  const serviceArns = topology.edges
    .filter((e) => e.kind === "sn-service" && e.source === target.arn)
    .map((e) => e.target);
  return {
    kind: "service-network",
    arn: target.arn,
    authType,
    ...(serviceArns.length > 0 ? { serviceArns } : {}),
  };
}

/**
 * The scope's auth state as AWS has it now, read in its account; the crawled one when Trellis has no client
 * there (an account outside the configuration).
 */
export async function currentAuthState(
  deps: PolicyDeps,
  topology: Topology,
  target: PolicyTarget,
): Promise<{ state: AuthState; source: "live" | "crawl" } | undefined> {
  const lattice: VPCLatticeClient | undefined = deps.lattice(target.accountId, target.region);
  if (!lattice) {
    const crawled = crawledAuthState(topology, target);
    return crawled ? { state: crawled, source: "crawl" } : undefined;
  }
  try {
    return { state: await readAuthState(lattice, target), source: "live" };
  } finally {
    lattice.destroy();
  }
}

export interface PolicyChangeReview {
  textDiff: TextDiff;
  gains: AccessChange[];
  losses: AccessChange[];
  /** How many requests of the estate were evaluated before and after. */
  evaluated: number;
}

/** The canonical text diff and who gains and loses access, over the requests of the latest crawl's estate. */
export function reviewChange(
  topology: Topology,
  organization: Organization | undefined,
  target: PolicyTarget,
  before: AuthState,
  after: AuthState,
): PolicyChangeReview {
  const matrix = requestMatrix(
    topology,
    { kind: target.kind, arn: target.arn },
    { policies: [before.policy, after.policy], ...(organization ? { organization } : {}) },
  );
  const diff = semanticDiff(before, after, matrix, policiesFromTopology(topology));
  return {
    textDiff: canonicalTextDiff(before.policy, after.policy),
    gains: diff.gains,
    losses: diff.losses,
    evaluated: diff.evaluated,
  };
}
