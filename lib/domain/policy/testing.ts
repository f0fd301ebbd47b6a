import type { Topology, TopologyEdge, TopologyNode } from "../topology/topology";
import type { Organization } from "./principals";

/** A small hand-written estate shaped like the demo organisation, for tests of the policy core. */

export const HUB = "111122223333";
export const ORDERING = "222233334444";
export const PAYMENTS = "333344445555";
export const PARTNER = "444455556666";
export const REGION = "us-east-1";

export const ORGANIZATION: Organization = { id: "o-a1b2c3d4e5", accountIds: [HUB, ORDERING, PAYMENTS] };

export const NETWORK_ARN = `arn:aws:vpc-lattice:${REGION}:${HUB}:servicenetwork/sn-0retailnetwork001`;
export const ORDER_ARN = `arn:aws:vpc-lattice:${REGION}:${ORDERING}:service/svc-0order00000000001`;
export const PAYMENT_ARN = `arn:aws:vpc-lattice:${REGION}:${PAYMENTS}:service/svc-0payment000000001`;

export const VPC = {
  order: "vpc-02222000000000001",
  inventory: "vpc-02222000000000002",
  analytics: "vpc-02222000000000003",
  payments: "vpc-03333000000000001",
  partner: "vpc-04444000000000001",
} as const;
export const ENDPOINT_ID = "vpce-02222000000000001";

export const ROLE = {
  orderTask: `arn:aws:iam::${ORDERING}:role/order-task-role`,
  inventoryPod: `arn:aws:iam::${ORDERING}:role/inventory-pod-role`,
  analyticsReader: `arn:aws:iam::${ORDERING}:role/analytics-reader`,
  partnerAudit: `arn:aws:iam::${PAYMENTS}:role/PartnerAuditRole`,
  partnerAdmin: `arn:aws:iam::${PARTNER}:user/partner-admin`,
} as const;

export type Statement = Record<string, unknown>;

/** A 2012-10-17 policy document of these statements. */
export function policyDoc(...statements: Statement[]): Record<string, unknown> {
  return { Version: "2012-10-17", Statement: statements };
}

/** An Allow of vpc-lattice-svcs:Invoke on every resource, with the given principal and extra elements. */
export function allowInvoke(principal: unknown, extra: Statement = {}): Statement {
  return {
    Effect: "Allow",
    Principal: principal,
    Action: "vpc-lattice-svcs:Invoke",
    Resource: "*",
    ...extra,
  };
}

export function denyInvoke(principal: unknown, extra: Statement = {}): Statement {
  return { Effect: "Deny", Principal: principal, Action: "vpc-lattice-svcs:Invoke", Resource: "*", ...extra };
}

export const NETWORK_POLICY = policyDoc(
  allowInvoke("*", { Condition: { StringEquals: { "aws:PrincipalOrgID": [ORGANIZATION.id] } } }),
);

export const ORDER_POLICY = policyDoc(
  {
    Sid: "OrderingWorkloadsReadOrders",
    Effect: "Allow",
    Principal: { AWS: [ROLE.inventoryPod, ROLE.analyticsReader] },
    Action: "vpc-lattice-svcs:Invoke",
    Resource: `${ORDER_ARN}/*`,
    Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } },
  },
  {
    Sid: "PaymentsCallbacks",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${PAYMENTS}:root` },
    Action: "vpc-lattice-svcs:Invoke",
    Resource: `${ORDER_ARN}/callbacks/*`,
  },
);

/** The seeds' mistake: the management-plane action, so the statement allows nothing. */
export const PAYMENT_POLICY = policyDoc({
  Sid: "OrderServiceMayPay",
  Effect: "Allow",
  Principal: { AWS: ROLE.orderTask },
  Action: "vpc-lattice:Invoke",
  Resource: "*",
});

const account = (id: string, name: string): TopologyNode => ({
  id: `account:${id}`,
  kind: "account",
  name,
  accountId: id,
  region: "global",
  data: { id, name },
});

const vpc = (accountId: string, vpcId: string, name: string): TopologyNode => ({
  id: `arn:aws:ec2:${REGION}:${accountId}:vpc/${vpcId}`,
  kind: "vpc",
  name,
  accountId,
  region: REGION,
  parentId: `account:${accountId}`,
  data: { vpcId },
});

export const vpcArn = (key: keyof typeof VPC) =>
  `arn:aws:ec2:${REGION}:${{ order: ORDERING, inventory: ORDERING, analytics: ORDERING, payments: PAYMENTS, partner: PARTNER }[key]}:vpc/${VPC[key]}`;

const authPolicy = (doc: unknown) => ({ policy: JSON.stringify(doc), state: "Active" });

function service(arn: string, name: string, accountId: string, policy: unknown): TopologyNode {
  return {
    id: arn,
    kind: "service",
    name,
    accountId,
    region: REGION,
    parentId: `account:${accountId}`,
    data: { id: arn.split("/").at(-1), arn, name, authType: "AWS_IAM", authPolicy: authPolicy(policy) },
  };
}

function listener(serviceArn: string, id: string, accountId: string): TopologyNode {
  return {
    id: `${serviceArn}/listener/${id}`,
    kind: "listener",
    name: "https-443",
    accountId,
    region: REGION,
    parentId: serviceArn,
    data: { id, protocol: "HTTPS", port: 443 },
  };
}

function rule(
  listenerArn: string,
  id: string,
  name: string,
  accountId: string,
  match?: unknown,
): TopologyNode {
  return {
    id: `${listenerArn}/rule/${id}`,
    kind: "rule",
    name,
    accountId,
    region: REGION,
    parentId: listenerArn,
    data: match ? { id, name, match } : { id, name, isDefault: true },
  };
}

const edge = (
  kind: TopologyEdge["kind"],
  source: string,
  target: string,
  data?: Record<string, unknown>,
): TopologyEdge => ({
  id: `${kind}|${source}|${target}`,
  kind,
  source,
  target,
  ...(data ? { data } : {}),
});

/** The estate: the hub's retail network (AWS_IAM, org-only policy) with order and payment, four VPCs reaching it. */
export function demoTopology(): Topology {
  const orderListener = listener(ORDER_ARN, "listener-0orderhttps000001", ORDERING);
  const paymentListener = listener(PAYMENT_ARN, "listener-0paymenthttps0001", PAYMENTS);
  const rules = [
    rule(orderListener.id, "rule-0orderapiv2000001", "api-v2", ORDERING, {
      httpMatch: { method: "GET", pathMatch: { match: { prefix: "/api/v2" }, caseSensitive: false } },
    }),
    rule(orderListener.id, "rule-0ordercanary00001", "canary-header", ORDERING, {
      httpMatch: { headerMatches: [{ name: "x-canary", match: { exact: "true" } }] },
    }),
    rule(orderListener.id, "default", "default", ORDERING),
    rule(paymentListener.id, "rule-0paymentrefund001", "refunds", PAYMENTS, {
      httpMatch: { method: "POST", pathMatch: { match: { prefix: "/refunds" } } },
    }),
    rule(paymentListener.id, "default", "default", PAYMENTS),
  ];
  const endpointArn = `arn:aws:ec2:${REGION}:${ORDERING}:vpc-endpoint/${ENDPOINT_ID}`;
  const nodes: TopologyNode[] = [
    account(HUB, "network-hub"),
    account(ORDERING, "ordering"),
    account(PAYMENTS, "payments"),
    account(PARTNER, "partner-analytics"),
    vpc(ORDERING, VPC.order, "order-vpc"),
    vpc(ORDERING, VPC.inventory, "inventory-eks-vpc"),
    vpc(ORDERING, VPC.analytics, "analytics-vpc"),
    vpc(PAYMENTS, VPC.payments, "payments-vpc"),
    vpc(PARTNER, VPC.partner, "partner-vpc"),
    {
      id: NETWORK_ARN,
      kind: "service-network",
      name: "retail-network",
      accountId: HUB,
      region: REGION,
      parentId: `account:${HUB}`,
      data: { id: "sn-0retailnetwork001", authType: "AWS_IAM", authPolicy: authPolicy(NETWORK_POLICY) },
    },
    service(ORDER_ARN, "order", ORDERING, ORDER_POLICY),
    service(PAYMENT_ARN, "payment", PAYMENTS, PAYMENT_POLICY),
    orderListener,
    paymentListener,
    ...rules,
    {
      id: endpointArn,
      kind: "vpc-endpoint",
      name: "analytics-retail-network",
      accountId: ORDERING,
      region: REGION,
      parentId: vpcArn("analytics"),
      data: { vpcEndpointId: ENDPOINT_ID, vpcId: VPC.analytics, serviceNetworkArn: NETWORK_ARN },
    },
    {
      id: `arn:aws:ram:${REGION}:${HUB}:resource-share/11111111-2222-4333-8444-000000000001`,
      kind: "ram-share",
      name: "retail-network-share",
      accountId: HUB,
      region: REGION,
      parentId: `account:${HUB}`,
      data: {},
    },
  ];
  const edges: TopologyEdge[] = [
    edge("sn-vpc", NETWORK_ARN, vpcArn("order"), {
      associationId: "snva-0ordervpc00000001",
      vpcId: VPC.order,
    }),
    edge("sn-vpc", NETWORK_ARN, vpcArn("inventory"), {
      associationId: "snva-0inventoryvpc0001",
      vpcId: VPC.inventory,
    }),
    edge("sn-vpc", NETWORK_ARN, vpcArn("payments"), {
      associationId: "snva-0paymentsvpc00001",
      vpcId: VPC.payments,
    }),
    edge("sn-endpoint", NETWORK_ARN, endpointArn, { vpcEndpointId: ENDPOINT_ID, vpcId: VPC.analytics }),
    edge("sn-service", NETWORK_ARN, ORDER_ARN, { associationId: "snsa-0order00000000001" }),
    edge("sn-service", NETWORK_ARN, PAYMENT_ARN, { associationId: "snsa-0payment000000001" }),
    edge("service-listener", ORDER_ARN, orderListener.id),
    edge("service-listener", PAYMENT_ARN, paymentListener.id),
    ...rules.map((r) => edge("listener-rule", r.parentId ?? "", r.id)),
    ...[ORDERING, PAYMENTS, PARTNER].map((id) =>
      edge("shared-with", NETWORK_ARN, `account:${id}`, { status: "ASSOCIATED" }),
    ),
  ];
  return { nodes, edges };
}
