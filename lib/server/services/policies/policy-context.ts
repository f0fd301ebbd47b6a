import "server-only";
import type { LatticeClient } from "../../aws/clients";
import type { FieldError } from "@/lib/domain/routing/change-types";
import type { AuthState, PolicyTarget } from "@/lib/domain/policy/apply-plan";
import { policyTargetOf } from "@/lib/domain/policy/apply-plan";
import { canonicalTextDiff } from "@/lib/domain/policy/canonical";
import { policiesFromTopology } from "@/lib/domain/policy/connectivity";
import { policyDocument } from "@/lib/domain/policy/document";
import type { AuthType } from "@/lib/domain/policy/evaluate";
import type { Organization } from "@/lib/domain/policy/principals";
import type { AccessVerdict, PolicyChangeReview } from "@/lib/domain/policy/review/contract";
import { reviewInputFromTopology } from "@/lib/domain/policy/review/review-input";
import type { LintScope } from "@/lib/domain/policy/validate";
import type { Topology } from "@/lib/domain/topology/topology";
import { readAuthState } from "../../aws/lattice-auth";
import type { ServicesContext } from "../context";
import { runReview } from "./review-pool";

/**
 * The scope's ARN read (its shape as the API model has it), or the field error that says why it can't be; with
 * the latest crawl, also whether Trellis knows such a service or service network.
 */
export function targetOrError(
  arn: string,
  topology?: Topology,
): { target: PolicyTarget } | { errors: FieldError[] } {
  const target = policyTargetOf(arn);
  if (!target) {
    return { errors: [{ field: "scope.arn", message: "must be the ARN of a service or a service network" }] };
  }
  const kind = target.kind === "service" ? "service" : "service-network";
  if (topology && !topology.nodes.some((n) => n.id === arn && n.kind === kind && !n.external)) {
    const what = target.kind === "service" ? "service" : "service network";
    return { errors: [{ field: "scope.arn", message: `no ${what} with this ARN in the latest crawl` }] };
  }
  return { target };
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
  deps: ServicesContext,
  topology: Topology,
  target: PolicyTarget,
): Promise<{ state: AuthState; source: "live" | "crawl" } | undefined> {
  const lattice: LatticeClient | undefined = deps.lattice(target.accountId, target.region);
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

export type ReviewFailure = { reason: "timeout" | "limit" | "busy" | "error"; message: string };

/** Why a policy cannot be evaluated: text that is not a JSON object. */
function unparsable(state: AuthState, side: string): string | undefined {
  if (state.policy === null || typeof state.policy !== "string" || policyDocument(state.policy))
    return undefined;
  let why = "it is not a JSON object";
  try {
    JSON.parse(state.policy);
  } catch (error) {
    why = `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  return `The ${side} policy cannot be evaluated: ${why}. There is no verdict until it parses.`;
}

/**
 * The canonical text diff and who gains and loses access, for every request to the services in scope (with the
 * latest crawl's other layer, principals and VPCs). The evaluation runs on a worker thread within a time budget.
 */
export async function reviewChange(
  topology: Topology,
  organization: Organization | undefined,
  target: PolicyTarget,
  before: AuthState,
  after: AuthState,
): Promise<{ ok: true; review: PolicyChangeReview } | ({ ok: false } & ReviewFailure)> {
  const textDiff = canonicalTextDiff(before.policy, after.policy);
  const broken = unparsable(after, "proposed") ?? unparsable(before, "current");
  if (broken) {
    return {
      ok: true,
      review: {
        textDiff,
        gains: [],
        losses: [],
        verdict: "not-evaluated",
        undecided: [],
        notEvaluated: { reason: "unparsable", message: broken },
        classes: 0,
      },
    };
  }
  const input = reviewInputFromTopology(
    topology,
    { kind: target.kind, arn: target.arn },
    { before, after },
    organization,
  );
  const outcome = await runReview(input);
  if (!outcome.ok) return { ok: false, reason: outcome.reason, message: outcome.message };
  const { undecided, classes } = outcome.review;
  const strip = (rows: typeof outcome.review.gains) => rows.map(({ cells: _cells, ...row }) => row);
  const [gains, losses] = [strip(outcome.review.gains), strip(outcome.review.losses)];
  const verdict: AccessVerdict =
    gains.length + losses.length > 0 ? "changes" : undecided.length > 0 ? "undecided" : "no-change";
  return { ok: true, review: { textDiff, gains, losses, verdict, undecided, classes } };
}
