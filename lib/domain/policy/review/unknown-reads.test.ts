import { describe, expect, it } from "vitest";
import type { Topology, TopologyNode } from "../../topology/topology";
import type { PolicyChangeReview } from "./contract";
import { withUnknownReads } from "./unknown-reads";

const NETWORK = "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-0retail";
const SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order";

const node = (id: string, kind: TopologyNode["kind"], extra: Partial<TopologyNode> = {}): TopologyNode => ({
  id,
  kind,
  name: id.split("/").pop() ?? id,
  accountId: id.split(":")[4] ?? "",
  region: "us-east-1",
  data: {},
  ...extra,
});

const unreadPolicy = {
  part: "auth-policy" as const,
  operation: "GetAuthPolicy",
  message: "AccessDenied",
  accountId: "111122223333",
  region: "us-east-1",
  runId: 3,
  keptFromRun: 2,
};

function topology(networkIncomplete: boolean): Topology {
  return {
    nodes: [
      node(NETWORK, "service-network", networkIncomplete ? { incomplete: [unreadPolicy] } : {}),
      node(SERVICE, "service"),
    ],
    edges: [{ id: `sn-service|${NETWORK}|${SERVICE}`, source: NETWORK, target: SERVICE, kind: "sn-service" }],
  };
}

const nobody: PolicyChangeReview = {
  textDiff: { lines: [], added: 0, removed: 0 } as unknown as PolicyChangeReview["textDiff"],
  gains: [],
  losses: [],
  verdict: "no-change",
  undecided: [],
  classes: 12,
};

describe("withUnknownReads", () => {
  it("leaves a review over fully read data as it is", () => {
    expect(withUnknownReads(nobody, topology(false), SERVICE)).toBe(nobody);
  });

  it("never lets 'nobody gains or loses' stand when the other layer's policy was not read", () => {
    const review = withUnknownReads(nobody, topology(true), SERVICE);
    expect(review.verdict).toBe("undecided");
    expect(review.unknown).toEqual(["unknown: GetAuthPolicy failed in 111122223333/us-east-1"]);
    expect(review.undecided).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("GetAuthPolicy failed in 111122223333/us-east-1"),
      }),
    ]);
  });
});
