import { describe, expect, it } from "vitest";
import { policiesFromTopology, type EstatePolicies } from "./connectivity";
import { simulateAccess } from "./simulate";
import {
  allowInvoke,
  demoTopology,
  ENDPOINT_ID,
  NETWORK_ARN,
  ORDERING,
  ORGANIZATION,
  PAYMENT_ARN,
  policyDoc,
  ROLE,
  VPC,
} from "./testing";

const topology = demoTopology();
const withPayment = (statements: Record<string, unknown>[]): EstatePolicies => {
  const estate = policiesFromTopology(topology);
  estate.services[PAYMENT_ARN] = { authType: "AWS_IAM", policy: policyDoc(...statements) };
  return estate;
};
const options = { organization: ORGANIZATION };
const query = {
  principal: ROLE.orderTask,
  sourceVpc: VPC.order,
  method: "POST",
  path: "/refunds/42",
  service: "payment",
};

describe("simulateAccess", () => {
  it("the demo: order's role is let through by the network and denied by payment's broken policy", () => {
    const result = simulateAccess(topology, query, undefined, options);
    expect(result.decision).toBe("deny");
    expect(result.reason).toBe("service layer: no statement allows this request");
    expect(result.trace).toEqual([
      expect.objectContaining({
        step: "connectivity",
        connected: true,
        message: `${VPC.order} is associated with service network retail-network (snva-0ordervpc00000001)`,
        alternatives: [],
      }),
      expect.objectContaining({
        step: "network",
        networkArn: NETWORK_ARN,
        decision: "allow",
        statement: { index: 0 },
      }),
      expect.objectContaining({ step: "service", serviceArn: PAYMENT_ARN, decision: "implicit-deny" }),
    ]);
    expect(result.request?.resource).toBe(`${PAYMENT_ARN}/refunds/42`);
  });

  it("allows once the policy is fixed, naming both statements", () => {
    const estate = withPayment([{ Sid: "OrderServiceMayPay", ...allowInvoke({ AWS: ROLE.orderTask }) }]);
    const result = simulateAccess(topology, query, estate, options);
    expect(result.decision).toBe("allow");
    expect(result.trace[2]).toMatchObject({
      step: "service",
      decision: "allow",
      statement: { index: 0, sid: "OrderServiceMayPay" },
    });
  });

  it("an admitted role is allowed from an associated VPC and denied from one that is not connected", () => {
    const estate = withPayment([allowInvoke({ AWS: [ROLE.orderTask, ROLE.partnerAudit] })]);
    const fromAssociated = simulateAccess(
      topology,
      { ...query, principal: ROLE.partnerAudit, sourceVpc: VPC.payments },
      estate,
      options,
    );
    expect(fromAssociated.decision).toBe("allow");
    const fromElsewhere = simulateAccess(
      topology,
      { ...query, principal: ROLE.partnerAudit, sourceVpc: "partner-vpc" },
      estate,
      options,
    );
    expect(fromElsewhere).toMatchObject({
      decision: "deny",
      reason: `${VPC.partner} is not associated with a service network of payment and has no VPC endpoint to one`,
    });
    expect(fromElsewhere.trace).toEqual([
      expect.objectContaining({ step: "connectivity", connected: false }),
      expect.objectContaining({ step: "service", hypothetical: true, decision: "allow" }),
    ]);
  });

  it("reaches the network through a VPC endpoint", () => {
    const estate = withPayment([allowInvoke({ AWS: ORDERING })]);
    const session = `arn:aws:sts::${ORDERING}:assumed-role/analytics-reader/job-7`;
    const result = simulateAccess(
      topology,
      { ...query, principal: session, sourceVpc: VPC.analytics },
      estate,
      options,
    );
    expect(result.decision).toBe("allow");
    expect(result.trace[0]).toMatchObject({
      connected: true,
      connection: { via: { kind: "endpoint", endpointId: ENDPOINT_ID } },
      message: `${VPC.analytics} reaches service network retail-network through VPC endpoint ${ENDPOINT_ID}`,
    });
  });

  it("anonymous callers stop at the organization-only network", () => {
    const estate = withPayment([allowInvoke("*")]);
    const result = simulateAccess(topology, { ...query, principal: "anonymous" }, estate, options);
    expect(result).toMatchObject({
      decision: "deny",
      reason: "network layer: no statement allows this request",
    });
  });

  it("a network with auth type NONE is not enforced", () => {
    const estate = withPayment([allowInvoke("*")]);
    estate.networks[NETWORK_ARN] = { authType: "NONE", policy: null };
    const result = simulateAccess(topology, { ...query, principal: "anonymous" }, estate, options);
    expect(result.decision).toBe("allow");
    expect(result.trace[1]).toMatchObject({ step: "network", decision: "not-enforced" });
  });

  it("an unknown service is denied with a reason", () => {
    const result = simulateAccess(topology, { ...query, service: "billing" });
    expect(result).toMatchObject({ decision: "deny", reason: 'no service "billing" in the estate' });
  });

  it("warns when the principal is not an ARN, an account ID, * or anonymous", () => {
    expect(simulateAccess(topology, query).warnings).toEqual([]);
    for (const principal of [
      "anonymous",
      "*",
      "222233334444",
      `arn:aws:sts::222233334444:assumed-role/r/s`,
    ]) {
      expect(simulateAccess(topology, { ...query, principal }).warnings).toEqual([]);
    }
    const typo = simulateAccess(topology, { ...query, principal: "order-task-role" });
    expect(typo.warnings).toEqual([
      '"order-task-role" is not an IAM ARN, an account ID, "*" or "anonymous": no Principal element names it, so only statements with Principal "*" apply to it',
    ]);
  });
});
