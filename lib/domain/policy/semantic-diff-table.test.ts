import { describe, expect, it } from "vitest";
import { policiesFromTopology, type EstatePolicies } from "./connectivity";
import type { LayerPolicy } from "./evaluate";
import { requestMatrix } from "./matrix";
import { reviewAccess } from "./review/review";
import { reviewInputFromTopology } from "./review/review-input";
import {
  allowInvoke,
  demoTopology,
  denyInvoke,
  NETWORK_ARN,
  ORDER_ARN,
  ORDER_POLICY,
  ORDERING,
  ORGANIZATION,
  PARTNER,
  PAYMENT_ARN,
  PAYMENT_POLICY,
  PAYMENTS,
  policyDoc,
  ROLE,
  VPC,
  type Statement,
} from "./testing";
import {
  FIXED,
  fixedPayment,
  iam,
  NONE,
  onSample,
  ORG_PRINCIPALS,
  orgOnly,
  otherLayers,
  summarize,
  type PolicyState,
} from "./testing-diff";

interface DiffCase {
  name: string;
  scope: "payment" | "order" | "network";
  before: PolicyState;
  after: PolicyState;
  /** Replaces layers of the demo estate. */
  estate?: { network?: LayerPolicy; order?: LayerPolicy; payment?: LayerPolicy };
  gains: string[];
  losses: string[];
}

const OPEN_SERVICES = { order: NONE, payment: NONE };

const ORDER_STATEMENTS = ORDER_POLICY.Statement as Statement[];
const ALL_IN_NETWORK =
  "anonymous,hub,ordering,partner,payments,role/analytics-reader,role/inventory-pod-role,role/order-task-role";

// Rows read "principals | service method path | source VPCs": "* *" is every route of the service, "all" the four
// connected VPCs plus partner-vpc, which is not connected (evaluated as if it came through the network).
const CASES: DiffCase[] = [
  {
    name: "fixing the seeds' vpc-lattice:Invoke admits the role it names",
    scope: "payment",
    before: { authType: "AWS_IAM", policy: PAYMENT_POLICY },
    after: FIXED,
    gains: ["role/order-task-role | payment * * | all"],
    losses: [],
  },
  {
    name: "adding a principal",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Principal: { AWS: [ROLE.orderTask, ROLE.inventoryPod] } })),
    gains: ["role/inventory-pod-role | payment * * | all"],
    losses: [],
  },
  {
    name: "removing a principal",
    scope: "payment",
    before: iam(fixedPayment({ Principal: { AWS: [ROLE.orderTask, ROLE.inventoryPod] } })),
    after: FIXED,
    gains: [],
    losses: ["role/inventory-pod-role | payment * * | all"],
  },
  {
    name: "admitting another account's role (the e2e scenario)",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Principal: { AWS: [ROLE.orderTask, ROLE.partnerAudit] } })),
    gains: ["role/PartnerAuditRole | payment * * | all"],
    losses: [],
  },
  {
    name: "admitting a whole account admits every identity in it",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Principal: { AWS: [ROLE.orderTask, ORDERING] } })),
    gains: ["ordering,role/analytics-reader,role/inventory-pod-role | payment * * | all"],
    losses: [],
  },
  {
    name: "admitting an account outside the organization changes nothing: the network allows the organization only",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Principal: { AWS: [ROLE.orderTask, PARTNER] } })),
    gains: [],
    losses: [],
  },
  {
    name: 'widening to "*" behind the organization-only network',
    scope: "payment",
    before: FIXED,
    after: iam(allowInvoke("*")),
    gains: ["hub,ordering,payments,role/analytics-reader,role/inventory-pod-role | payment * * | all"],
    losses: [],
  },
  {
    name: 'widening to "*" when the network does not enforce auth lets in outsiders and anonymous callers',
    scope: "payment",
    estate: { network: NONE },
    before: FIXED,
    after: iam(allowInvoke("*")),
    gains: [
      "anonymous,hub,ordering,partner,payments,role/analytics-reader,role/inventory-pod-role | payment * * | all",
    ],
    losses: [],
  },
  {
    name: "adding a SourceVpc condition",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": VPC.order } } })),
    gains: [],
    losses: ["role/order-task-role | payment * * | analytics,inventory,partner,payments"],
  },
  {
    name: 'adding a PrincipalOrgID condition to "*"',
    scope: "payment",
    estate: { network: NONE },
    before: iam(allowInvoke("*")),
    after: iam(orgOnly()),
    gains: [],
    losses: ["anonymous,partner | payment * * | all"],
  },
  {
    name: "a Deny that overrides an Allow",
    scope: "payment",
    before: iam(allowInvoke("*")),
    after: iam(allowInvoke("*"), denyInvoke({ AWS: ORDERING })),
    gains: [],
    losses: [
      "ordering,role/analytics-reader,role/inventory-pod-role,role/order-task-role | payment * * | all",
    ],
  },
  {
    name: "a Deny with NotPrincipal spares only the listed account and role",
    scope: "payment",
    before: iam(allowInvoke("*")),
    after: iam(
      allowInvoke("*"),
      denyInvoke(undefined, {
        Principal: undefined,
        NotPrincipal: { AWS: [`arn:aws:iam::${PAYMENTS}:root`, ROLE.partnerAudit] },
      }),
    ),
    gains: [],
    losses: [
      "hub,ordering,role/analytics-reader,role/inventory-pod-role,role/order-task-role | payment * * | all",
    ],
  },
  {
    name: "an Allow with NotPrincipal excludes the account root but not the roles in it",
    scope: "payment",
    before: FIXED,
    after: iam(allowInvoke(undefined, { Principal: undefined, NotPrincipal: { AWS: [ORDERING] } })),
    gains: ["hub,payments,role/analytics-reader,role/inventory-pod-role | payment * * | all"],
    losses: [],
  },
  {
    name: "a StringLike path wildcard keeps only the refunds paths",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Condition: { StringLike: { "vpc-lattice-svcs:RequestPath": "/refunds*" } } })),
    gains: [],
    losses: ["role/order-task-role | payment GET / | all"],
  },
  {
    name: "a Resource path wildcard: /refunds/* matches below /refunds but not /refunds itself",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Resource: `${PAYMENT_ARN}/refunds/*` })),
    gains: [],
    losses: [
      "role/order-task-role | payment GET / | all",
      "role/order-task-role | payment POST /refunds | all",
    ],
  },
  {
    name: "a method restriction to GET",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } } })),
    gains: [],
    losses: [
      "role/order-task-role | payment POST /refunds | all",
      "role/order-task-role | payment POST /refunds/… | all",
    ],
  },
  {
    name: "a lower-case method matches nothing",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "post" } } })),
    gains: [],
    losses: ["role/order-task-role | payment * * | all"],
  },
  {
    name: "a network-layer deny masks a service-layer allow",
    scope: "payment",
    estate: { network: { authType: "AWS_IAM", policy: policyDoc(orgOnly(), denyInvoke({ AWS: ORDERING })) } },
    before: { authType: "AWS_IAM", policy: PAYMENT_POLICY },
    after: FIXED,
    gains: [],
    losses: [],
  },
  {
    name: "switching the service from AWS_IAM to NONE",
    scope: "payment",
    before: FIXED,
    after: { authType: "NONE", policy: FIXED.policy },
    gains: ["hub,ordering,payments,role/analytics-reader,role/inventory-pod-role | payment * * | all"],
    losses: [],
  },
  {
    name: "switching the service from NONE to AWS_IAM",
    scope: "payment",
    before: { authType: "NONE", policy: FIXED.policy },
    after: FIXED,
    gains: [],
    losses: ["hub,ordering,payments,role/analytics-reader,role/inventory-pod-role | payment * * | all"],
  },
  {
    name: "deleting the policy under AWS_IAM denies everyone",
    scope: "payment",
    before: FIXED,
    after: { authType: "AWS_IAM", policy: null },
    gains: [],
    losses: ["role/order-task-role | payment * * | all"],
  },
  {
    name: "switching the network to NONE opens its services to outsiders and anonymous callers",
    scope: "network",
    estate: OPEN_SERVICES,
    before: iam(orgOnly()),
    after: NONE,
    gains: ["anonymous,partner | order * * | all", "anonymous,partner | payment * * | all"],
    losses: [],
  },
  {
    name: "switching the network from NONE to AWS_IAM with no policy denies everyone",
    scope: "network",
    estate: OPEN_SERVICES,
    before: NONE,
    after: { authType: "AWS_IAM", policy: null },
    gains: [],
    losses: [`${ALL_IN_NETWORK} | order * * | all`, `${ALL_IN_NETWORK} | payment * * | all`],
  },
  {
    name: "a SourceVpc condition on the network",
    scope: "network",
    estate: OPEN_SERVICES,
    before: iam(orgOnly()),
    after: iam(
      allowInvoke("*", {
        Condition: {
          StringEquals: {
            "aws:PrincipalOrgID": ORGANIZATION.id,
            "vpc-lattice-svcs:SourceVpc": [VPC.order, VPC.inventory],
          },
        },
      }),
    ),
    gains: [],
    losses: [
      `${ORG_PRINCIPALS} | order * * | analytics,partner,payments`,
      `${ORG_PRINCIPALS} | payment * * | analytics,partner,payments`,
    ],
  },
  {
    name: "a network Deny on one service's path",
    scope: "network",
    estate: OPEN_SERVICES,
    before: iam(orgOnly()),
    after: iam(orgOnly(), denyInvoke("*", { Resource: `${ORDER_ARN}/api/v2*` })),
    gains: [],
    // "/api/v2…" is drawn from the Deny's own Resource pattern.
    losses: [
      `${ORG_PRINCIPALS} | order GET /api/v2 | all`,
      `${ORG_PRINCIPALS} | order GET /api/v2/… | all`,
      `${ORG_PRINCIPALS} | order GET /api/v2… | all`,
    ],
  },
  {
    name: "requiring signed requests instead of the organization admits outside accounts, not anonymous callers",
    scope: "network",
    estate: OPEN_SERVICES,
    before: iam(orgOnly()),
    after: iam(
      allowInvoke("*", { Condition: { StringNotEqualsIgnoreCase: { "aws:PrincipalType": "Anonymous" } } }),
    ),
    gains: ["partner | order * * | all", "partner | payment * * | all"],
    losses: [],
  },
  {
    name: "the network's own policy, when the services keep theirs, changes only what the services allow",
    scope: "network",
    before: iam(orgOnly()),
    after: NONE,
    gains: [],
    losses: [],
  },
  {
    name: "allowing anyone from one VPC",
    scope: "payment",
    estate: { network: NONE },
    before: FIXED,
    after: iam(
      fixedPayment(),
      allowInvoke("*", { Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": VPC.payments } } }),
    ),
    gains: [
      "anonymous,hub,ordering,partner,payments,role/analytics-reader,role/inventory-pod-role | payment * * | payments",
    ],
    losses: [],
  },
  {
    name: "narrowing an account to one of its roles",
    scope: "payment",
    before: iam(allowInvoke({ AWS: PAYMENTS })),
    after: iam(allowInvoke({ AWS: ROLE.partnerAudit })),
    gains: [],
    losses: ["payments | payment * * | all"],
  },
  {
    name: "an equivalent rewrite (account ID vs root ARN, * vs the service's paths) changes nothing",
    scope: "payment",
    before: iam(allowInvoke({ AWS: [ORDERING, PAYMENTS] })),
    after: iam(
      allowInvoke(
        { AWS: [`arn:aws:iam::${PAYMENTS}:root`, `arn:aws:iam::${ORDERING}:root`] },
        { Resource: `${PAYMENT_ARN}/*` },
      ),
    ),
    gains: [],
    losses: [],
  },
  {
    name: "ForAllValues holds when the request has no value for the key",
    scope: "payment",
    before: FIXED,
    after: iam(
      fixedPayment(),
      allowInvoke("*", {
        Condition: { "ForAllValues:StringEquals": { "vpc-lattice-svcs:RequestQueryString/tenant": "acme" } },
      }),
    ),
    gains: ["hub,ordering,payments,role/analytics-reader,role/inventory-pod-role | payment * * | all"],
    losses: [],
  },
  {
    name: "a Deny for one source VPC",
    scope: "payment",
    before: FIXED,
    after: iam(
      fixedPayment(),
      denyInvoke("*", { Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": VPC.payments } } }),
    ),
    gains: [],
    losses: ["role/order-task-role | payment * * | payments"],
  },
  {
    name: "IfExists on a header the request lacks changes nothing",
    scope: "payment",
    before: FIXED,
    after: iam(
      fixedPayment({
        Condition: { StringEqualsIfExists: { "vpc-lattice-svcs:RequestHeader/x-team": "orders" } },
      }),
    ),
    gains: [],
    losses: [],
  },
  {
    name: "the same condition without IfExists requires the header",
    scope: "payment",
    before: FIXED,
    after: iam(
      fixedPayment({ Condition: { StringEquals: { "vpc-lattice-svcs:RequestHeader/x-team": "orders" } } }),
    ),
    gains: [],
    losses: ["role/order-task-role | payment * * | all"],
  },
  {
    name: "a port condition that no listener matches",
    scope: "payment",
    before: FIXED,
    after: iam(fixedPayment({ Condition: { NumericEquals: { "vpc-lattice-svcs:Port": "8443" } } })),
    gains: [],
    losses: ["role/order-task-role | payment * * | all"],
  },
  {
    name: "restricting order's callbacks to POST",
    scope: "order",
    before: { authType: "AWS_IAM", policy: ORDER_POLICY },
    after: iam(ORDER_STATEMENTS[0] ?? {}, {
      ...ORDER_STATEMENTS[1],
      Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "POST" } },
    }),
    gains: [],
    losses: ["payments | order GET /callbacks/… | all"],
  },
  {
    name: "denying anonymous callers on order changes nothing: the network already requires the organization",
    scope: "order",
    before: { authType: "AWS_IAM", policy: ORDER_POLICY },
    after: iam(
      ...ORDER_STATEMENTS,
      denyInvoke("*", { Condition: { StringEqualsIgnoreCase: { "aws:PrincipalType": "anonymous" } } }),
    ),
    gains: [],
    losses: [],
  },
];

describe("semanticDiff: who gains and who loses access", () => {
  it.each(CASES)("$name", (c) => {
    const topology = demoTopology();
    const scope =
      c.scope === "network"
        ? ({ kind: "service-network", arn: NETWORK_ARN } as const)
        : ({ kind: "service", arn: c.scope === "order" ? ORDER_ARN : PAYMENT_ARN } as const);
    const estate: EstatePolicies = policiesFromTopology(topology);
    if (c.estate?.network) estate.networks[NETWORK_ARN] = c.estate.network;
    if (c.estate?.order) estate.services[ORDER_ARN] = c.estate.order;
    if (c.estate?.payment) estate.services[PAYMENT_ARN] = c.estate.payment;
    const matrix = requestMatrix(topology, scope, {
      organization: ORGANIZATION,
      policies: [c.before.policy, c.after.policy],
    });
    const input = reviewInputFromTopology(
      topology,
      scope,
      { before: c.before, after: c.after },
      ORGANIZATION,
    );
    input.otherLayers = otherLayers(estate, scope.kind);
    const review = reviewAccess(input, undefined, { keepContexts: true });
    expect(review.undecided).toEqual([]);
    const diff = onSample(review, matrix, ORGANIZATION);
    expect({ gains: summarize(diff.gains), losses: summarize(diff.losses) }).toEqual({
      gains: c.gains,
      losses: c.losses,
    });
  });
});
