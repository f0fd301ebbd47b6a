import { describeFailedRead } from "../../topology/incomplete";
import type { Topology } from "../../topology/topology";
import { connectivityUnknowns, policyUnknowns } from "../connectivity-unknowns";
import type { PolicyChangeReview } from "./contract";

/** The layers whose auth decisions a review of `scopeArn` reads besides its own: its networks, or its services. */
function otherLayers(topology: Topology, scopeArn: string): string[] {
  const links = topology.edges.filter((e) => e.kind === "sn-service");
  const isNetwork = topology.nodes.find((n) => n.id === scopeArn)?.kind === "service-network";
  return isNetwork
    ? links.filter((e) => e.source === scopeArn).map((e) => e.target)
    : links.filter((e) => e.target === scopeArn).map((e) => e.source);
}

/**
 * The review with the failed reads it depends on named in `unknown`. When an auth type or policy of the other
 * layer was not read, the access decisions themselves rest on last-known data: "no-change" is then no proof,
 * and the verdict becomes "undecided" with the failed read as the reason.
 */
export function withUnknownReads(
  review: PolicyChangeReview,
  topology: Topology,
  scopeArn: string,
): PolicyChangeReview {
  const connectivity = connectivityUnknowns(topology, scopeArn);
  const policies = [scopeArn, ...otherLayers(topology, scopeArn)].flatMap((arn) =>
    policyUnknowns(topology, arn),
  );
  if (connectivity.length === 0 && policies.length === 0) return review;
  const unknown = [
    ...new Set([...connectivity, ...policies].map((read) => `unknown: ${describeFailedRead(read)}`)),
  ];
  if (policies.length === 0) return { ...review, unknown };
  const undecided = [
    ...review.undecided,
    ...[...new Set(policies.map(describeFailedRead))].map((read) => ({
      construct: "unread auth policy",
      message: `An auth type or policy this review evaluates was not read (${read}); it is evaluated as last read.`,
    })),
  ];
  return {
    ...review,
    unknown,
    undecided,
    verdict: review.verdict === "no-change" ? "undecided" : review.verdict,
  };
}
