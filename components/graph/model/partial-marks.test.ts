import { describe, expect, it } from "vitest";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import type { IncompleteMark } from "@/lib/domain/topology/incomplete";
import {
  buildTopology,
  type TopologyRelationInput,
  type TopologyResourceInput,
} from "@/lib/domain/topology/topology";
import { mapNode } from "./map-graph-nodes";
import { buildTopologyIndex } from "./topology-index";

const HUB = "111122223333";
const TEAM = "222233334444";
const SN = `arn:aws:vpc-lattice:us-east-1:${HUB}:servicenetwork/sn-0retailnetwork001`;
const SVC = `arn:aws:vpc-lattice:us-east-1:${TEAM}:service/svc-0order00000000001`;
const VPC = `arn:aws:ec2:us-east-1:${TEAM}:vpc/vpc-0team`;

const resources: TopologyResourceInput[] = [
  { id: `account:${HUB}`, kind: "account", accountId: HUB, region: "global", name: "hub", data: {} },
  { id: `account:${TEAM}`, kind: "account", accountId: TEAM, region: "global", name: "team", data: {} },
  {
    id: SN,
    kind: "service-network",
    accountId: HUB,
    region: "us-east-1",
    name: "retail",
    data: {},
    parentId: `account:${HUB}`,
  },
  {
    id: SVC,
    kind: "service",
    accountId: TEAM,
    region: "us-east-1",
    name: "order",
    data: {},
    parentId: `account:${TEAM}`,
  },
];
const relation = (kind: TopologyRelationInput["kind"], target: string): TopologyRelationInput => ({
  id: `${kind}|${SN}|${target}`,
  kind,
  source: SN,
  target,
  accountId: HUB,
  region: "us-east-1",
});
const mark = (part: IncompleteMark["part"], operation: string, subjectId = SN): IncompleteMark => ({
  subjectId,
  subjectType: "resource",
  accountId: HUB,
  region: "us-east-1",
  part,
  operation,
  message: "denied",
  runId: 2,
  keptFromRun: 1,
});

function summaryOf(relations: TopologyRelationInput[], marks: IncompleteMark[]): string | undefined {
  const topology = buildTopology(resources, relations, [], marks);
  const response: TopologyResponse = { run: null, demo: false, scopes: [], ...topology };
  const index = buildTopologyIndex(response);
  const node = index.byId.get(SN);
  if (!node) throw new Error("no network");
  return mapNode(index, node, `account:${HUB}`, new Set(), new Set(), false, false).childSummary;
}

describe("a service network's association counts on the map", () => {
  it("count what was read", () => {
    expect(summaryOf([relation("sn-service", SVC), relation("sn-vpc", VPC)], [])).toBe("1 service · 1 VPC");
    expect(summaryOf([], [])).toBe("no associations");
  });

  it("say a kind is unknown, not absent, when its listing failed on a first crawl", () => {
    const summary = summaryOf(
      [relation("sn-service", SVC)],
      [mark("vpc-associations", "ListServiceNetworkVpcAssociations")],
    );
    expect(summary).toBe("1 service · VPCs unknown");
  });

  it("say which counts are as last read when the listing failed again", () => {
    const summary = summaryOf(
      [relation("sn-service", SVC), relation("sn-vpc", VPC)],
      [mark("vpc-associations", "ListServiceNetworkVpcAssociations")],
    );
    expect(summary).toBe("1 service · 1 VPC as last read");
  });

  it("treat every count as last read when the network itself was kept", () => {
    const summary = summaryOf(
      [relation("sn-service", SVC)],
      [mark("service-networks", "ListServiceNetworks", `account:${HUB}`)],
    );
    expect(summary).toBe("1 service, as last read");
  });
});
