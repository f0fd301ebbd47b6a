import { describe, expect, it } from "vitest";
import { expandIncomplete, type IncompleteMark } from "../topology/incomplete";
import type { Topology } from "../topology/topology";
import { connectivityUnknowns, serviceConnectivityUnknowns } from "./connectivity-unknowns";
import { simulateAccess } from "./simulate";
import {
  demoTopology,
  HUB,
  NETWORK_ARN,
  ORDER_ARN,
  ORGANIZATION,
  PAYMENT_ARN,
  PAYMENTS,
  REGION,
  ROLE,
  VPC,
} from "./testing";

const options = { organization: ORGANIZATION };

function mark(
  subjectId: string,
  part: IncompleteMark["part"],
  operation: string,
  accountId = HUB,
): IncompleteMark {
  return {
    subjectId,
    subjectType: "resource",
    accountId,
    region: REGION,
    part,
    operation,
    message: "not authorized",
    code: "AccessDeniedException",
    runId: 2,
    keptFromRun: 1,
  };
}

/** The demo topology as buildTopology serves it when these reads failed (and, optionally, some edges unread). */
function partial(
  marks: IncompleteMark[],
  drop: (edge: Topology["edges"][number]) => boolean = () => false,
): Topology {
  const topology = demoTopology();
  const edges = topology.edges.filter((e) => !drop(e));
  const unknown = expandIncomplete(topology.nodes, edges, marks);
  return {
    nodes: topology.nodes.map((n) =>
      unknown.resources.has(n.id) ? { ...n, incomplete: unknown.resources.get(n.id) } : n,
    ),
    edges: edges.map((e) =>
      unknown.relations.has(e.id) ? { ...e, incomplete: unknown.relations.get(e.id) } : e,
    ),
    incomplete: marks,
  };
}

const VPC_LISTING = mark(NETWORK_ARN, "vpc-associations", "ListServiceNetworkVpcAssociations");
const query = {
  principal: ROLE.inventoryPod,
  sourceVpc: VPC.inventory,
  method: "GET",
  path: "/orders",
  service: "order",
};

describe("connectivity that depends on a failed listing", () => {
  it("a complete crawl depends on no failed read, and the simulator answers as before", () => {
    expect(serviceConnectivityUnknowns(demoTopology(), ORDER_ARN)).toEqual([]);
    expect(simulateAccess(demoTopology(), query, undefined, options).decision).toBe("allow");
  });

  it("answers unknown, naming the failed listing, when the VPC associations could not be listed", () => {
    const first = partial([VPC_LISTING], (e) => e.kind === "sn-vpc");
    const result = simulateAccess(first, query, undefined, options);
    expect(result.decision).toBe("unknown");
    expect(result.reason).toBe(
      `unknown: ListServiceNetworkVpcAssociations failed in ${HUB}/${REGION}; as far as it was read, ${VPC.inventory} is not associated with a service network of order and has no VPC endpoint to one`,
    );
    expect(result.unknown).toEqual([
      expect.objectContaining({ operation: "ListServiceNetworkVpcAssociations" }),
    ]);
    expect(result.trace[0]).toMatchObject({
      step: "connectivity",
      connected: false,
      unknown: expect.any(String),
    });
  });

  it("answers unknown with the last known answer when the association it relies on was kept, not read", () => {
    const result = simulateAccess(partial([VPC_LISTING]), query, undefined, options);
    expect(result.decision).toBe("unknown");
    expect(result.reason).toMatch(
      /^unknown: ListServiceNetworkVpcAssociations failed in 111122223333\/us-east-1; as last read: allow, both layers/,
    );
    expect(result.trace[0]).toMatchObject({
      connected: true,
      message: expect.stringMatching(/^as last read, /),
    });
  });

  it("needs no failed listing when a path was read in full: the VPC endpoint", () => {
    const result = simulateAccess(
      partial([VPC_LISTING]),
      { ...query, principal: ROLE.analyticsReader, sourceVpc: VPC.analytics },
      undefined,
      options,
    );
    expect(result.decision).toBe("allow");
    expect(result.unknown).toBeUndefined();
  });

  it("answers unknown when the service's auth policy could not be read", () => {
    const topology = partial([mark(PAYMENT_ARN, "auth-policy", "GetAuthPolicy", PAYMENTS)]);
    const result = simulateAccess(
      topology,
      {
        principal: ROLE.orderTask,
        sourceVpc: VPC.order,
        method: "POST",
        path: "/refunds/1",
        service: "payment",
      },
      undefined,
      options,
    );
    expect(result.decision).toBe("unknown");
    expect(result.reason).toMatch(
      /^unknown: GetAuthPolicy failed in 333344445555\/us-east-1; as last read: deny/,
    );
  });

  it("depends on every network's failed service-association listing: any may associate the service", () => {
    const topology = partial([
      mark(NETWORK_ARN, "service-associations", "ListServiceNetworkServiceAssociations"),
    ]);
    expect(serviceConnectivityUnknowns(topology, PAYMENT_ARN).map((r) => r.operation)).toEqual([
      "ListServiceNetworkServiceAssociations",
    ]);
  });

  it("for a network's policy, depends on its own listings and its services' paths", () => {
    const topology = partial([
      VPC_LISTING,
      mark(`account:${PAYMENTS}`, "service-networks", "ListServiceNetworks", PAYMENTS),
    ]);
    const reads = connectivityUnknowns(topology, NETWORK_ARN);
    expect(new Set(reads.map((r) => `${r.operation} ${r.accountId}`))).toEqual(
      new Set([`ListServiceNetworkVpcAssociations ${HUB}`, `ListServiceNetworks ${PAYMENTS}`]),
    );
    expect(connectivityUnknowns(demoTopology(), NETWORK_ARN)).toEqual([]);
  });
});
