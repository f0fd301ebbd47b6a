import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateLayer, toPolicy, type LayerPolicy } from "../evaluate";
import {
  demoTopology,
  HUB,
  NETWORK_ARN,
  ORDER_ARN,
  ORDERING,
  ORGANIZATION,
  PARTNER,
  PAYMENT_ARN,
  PAYMENTS,
  ROLE,
  VPC,
} from "../testing";
import type { ExampleRequest } from "./cells";
import { classifier, exampleRequest, rowCovers } from "./classify";
import { reviewAccess, type ReviewLayer } from "./review";
import { reviewInputFromTopology } from "./review-input";

/**
 * The differential property: an independent brute-force oracle evaluates both versions, with the IAM evaluator,
 * on every request of an enumerated set (every vocabulary value plus fresh ones). Every request whose decision
 * changes must fall in a row of that direction, every request in a row must change that way, and every row's
 * example must change.
 */

const OUTSIDE = "555566667777";
const FRESH_ACCOUNT = "888877776666";
const ALICE = `arn:aws:iam::${ORDERING}:user/alice`;

const principalValues = [
  "*",
  HUB,
  ORDERING,
  `arn:aws:iam::${PAYMENTS}:root`,
  PARTNER,
  OUTSIDE,
  ROLE.orderTask,
  ROLE.inventoryPod,
  ROLE.partnerAudit,
  ALICE,
];
const methods = ["GET", "POST", "get", "DELETE"];
const paths = ["/", "/orders", "/orders/*", "/admin/*", "/a?c", "*"];
const vpcs = [VPC.order, VPC.inventory, VPC.payments, VPC.analytics, VPC.partner];
const services = [PAYMENT_ARN, ORDER_ARN];

const clause = fc.oneof(
  fc.record({
    op: fc.constantFrom(
      "StringEquals",
      "StringNotEquals",
      "StringEqualsIgnoreCase",
      "StringLike",
      "StringNotLike",
    ),
    key: fc.constant("vpc-lattice-svcs:RequestMethod"),
    values: fc.subarray(methods, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    op: fc.constantFrom("StringEquals", "StringLike", "StringNotLike"),
    key: fc.constant("vpc-lattice-svcs:RequestPath"),
    values: fc.subarray(paths, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    op: fc.constantFrom("StringEquals", "StringNotEquals", "StringLike"),
    key: fc.constant("vpc-lattice-svcs:SourceVpc"),
    values: fc.subarray([...vpcs, "vpc-0*"], { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    op: fc.constantFrom("StringEquals", "StringNotEquals"),
    key: fc.constantFrom(
      "aws:PrincipalOrgID",
      "vpc-lattice-svcs:SourceVpcOwnerAccount",
      "aws:PrincipalAccount",
    ),
    values: fc.subarray([ORGANIZATION.id, "o-other", ORDERING, PAYMENTS, OUTSIDE], {
      minLength: 1,
      maxLength: 2,
    }),
  }),
  fc.record({
    op: fc.constantFrom("StringEquals", "StringNotEqualsIgnoreCase"),
    key: fc.constant("aws:PrincipalType"),
    values: fc.subarray(["Anonymous", "AssumedRole", "User", "Account"], { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    op: fc.constantFrom(
      "StringEquals",
      "StringEqualsIfExists",
      "StringNotEquals",
      "StringEqualsIgnoreCase",
      "Null",
    ),
    key: fc.constant("vpc-lattice-svcs:RequestHeader/x-team"),
    values: fc.subarray(["orders", "true"], { minLength: 1, maxLength: 1 }),
  }),
  fc.record({
    op: fc.constantFrom("ForAnyValue:StringEquals", "ForAllValues:StringEquals", "StringLike"),
    key: fc.constant("vpc-lattice-svcs:RequestQueryString/tenant"),
    values: fc.subarray(["acme", "b*"], { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    op: fc.constantFrom("NumericLessThan", "NumericEquals"),
    key: fc.constant("vpc-lattice-svcs:Port"),
    values: fc.constantFrom<string[]>(["443"], ["8443"]),
  }),
  fc.record({
    op: fc.constantFrom("StringEquals", "StringNotEquals"),
    key: fc.constant("aws:username"),
    values: fc.subarray(["alice", "bob"], { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    op: fc.constantFrom("ArnEquals", "ArnLike"),
    key: fc.constant("aws:PrincipalArn"),
    values: fc.subarray([ROLE.orderTask, ROLE.partnerAudit], { minLength: 1, maxLength: 1 }),
  }),
);

const statement = fc
  .record({
    effect: fc.constantFrom("Allow", "Allow", "Deny"),
    principal: fc.oneof(
      fc.constant<unknown>("*"),
      fc.subarray(principalValues, { minLength: 1, maxLength: 3 }).map((aws) => ({ AWS: aws })),
    ),
    notPrincipal: fc.constantFrom(false, false, false, true),
    action: fc.constantFrom("vpc-lattice-svcs:Invoke", "*", "vpc-lattice-svcs:*", "vpc-lattice:Invoke"),
    resource: fc.oneof(
      fc.constant("*"),
      fc
        .constantFrom(...services)
        .chain((s) => fc.constantFrom(`${s}/*`, `${s}/orders*`, `${s}/a?c`, `${s}`, `${s}/admin/*`)),
      fc.constant("*/admin/*"),
    ),
    notResource: fc.constantFrom(false, false, false, true),
    clauses: fc.array(clause, { maxLength: 3 }),
  })
  .map((s) => {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of s.clauses) condition[c.op] = { ...condition[c.op], [c.key]: c.values };
    const principal =
      s.notPrincipal && s.principal !== "*" ? { NotPrincipal: s.principal } : { Principal: s.principal };
    return {
      Effect: s.effect,
      ...principal,
      Action: s.action,
      ...(s.notResource ? { NotResource: s.resource } : { Resource: s.resource }),
      ...(s.clauses.length > 0 ? { Condition: condition } : {}),
    };
  });

const layer: fc.Arbitrary<ReviewLayer> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<ReviewLayer>({ authType: "NONE", policy: null }) },
  { weight: 1, arbitrary: fc.constant<ReviewLayer>({ authType: "AWS_IAM", policy: null }) },
  {
    weight: 6,
    arbitrary: fc.array(statement, { minLength: 1, maxLength: 4 }).map((statements): ReviewLayer => ({
      authType: "AWS_IAM",
      policy: { Version: "2012-10-17", Statement: statements },
    })),
  },
);

const requestPrincipals = [
  "anonymous",
  `arn:aws:iam::${HUB}:root`,
  `arn:aws:iam::${ORDERING}:root`,
  `arn:aws:iam::${PARTNER}:root`,
  `arn:aws:iam::${OUTSIDE}:root`,
  ROLE.orderTask,
  `arn:aws:sts::${ORDERING}:assumed-role/order-task-role/session-1`,
  ROLE.partnerAudit,
  `arn:aws:iam::${ORDERING}:role/fresh-role`,
  ALICE,
  `arn:aws:iam::${ORDERING}:user/team/alice`,
  `arn:aws:iam::${PAYMENTS}:user/bob`,
  `arn:aws:sts::${HUB}:federated-user/carol`,
  `arn:aws:iam::${FRESH_ACCOUNT}:role/fresh-role`,
];
const requestSources = [
  { vpc: VPC.order, owner: ORDERING },
  { vpc: VPC.analytics, owner: ORDERING },
  { vpc: VPC.payments, owner: PAYMENTS },
  { vpc: VPC.partner, owner: PARTNER },
  { vpc: "vpc-0fresh000000001", owner: FRESH_ACCOUNT },
];
const requestMethods = ["GET", "POST", "DELETE", "PURGE"];
const requestPaths = ["/", "/orders", "/orders/7", "/admin/x", "/abc", "/zz"];
const extras: Pick<ExampleRequest, "headers" | "query">[] = [
  {},
  { headers: { "x-team": "orders" } },
  { headers: { "x-team": "Orders" }, query: { tenant: ["acme"] } },
  { headers: { "x-team": "true" }, query: { tenant: ["acme", "beta"] } },
  { query: { tenant: ["zeta"] } },
];

/** Every combination of the vocabulary's values, each with the classes its values fall in. */
function* oracleRequests(
  service: string,
  classify: (example: ExampleRequest) => number[] | undefined,
): Generator<{ request: ExampleRequest; classes: number[] | undefined }> {
  const base: ExampleRequest = {
    principal: "anonymous",
    service,
    serviceNetwork: NETWORK_ARN,
    sourceVpc: VPC.order,
    sourceVpcOwnerAccount: ORDERING,
    action: "vpc-lattice-svcs:Invoke",
    method: "GET",
    path: "/",
    port: 443,
  };
  const at = classify(base);
  if (!at) throw new Error("the base request falls in no class");
  // Each dimension reads only its own part of a request, so a value's class is found once.
  const classOf = (example: ExampleRequest) => classify(example);
  const principals = requestPrincipals.map((principal) => ({
    principal,
    c: classOf({ ...base, principal }),
  }));
  const sources = requestSources.map((s) => ({
    s,
    c: classOf({ ...base, sourceVpc: s.vpc, sourceVpcOwnerAccount: s.owner }),
  }));
  const methodsC = requestMethods.map((method) => ({ method, c: classOf({ ...base, method }) }));
  const pathsC = requestPaths.map((path) => ({ path, c: classOf({ ...base, path }) }));
  const extrasC = extras.map((extra) => ({ extra, c: classOf({ ...base, ...extra }) }));
  const merge = (parts: (number[] | undefined)[], dims: number[]): number[] | undefined => {
    const out = [...at];
    for (const [k, part] of parts.entries()) {
      if (!part) return undefined;
      const d = dims[k] as number;
      if (d === -1) {
        part.forEach((v, i) => {
          if (i >= 5) out[i] = v;
        });
      } else out[d] = part[d] as number;
    }
    return out;
  };
  for (const p of principals) {
    for (const src of sources) {
      for (const m of methodsC) {
        for (const pa of pathsC) {
          for (const e of [
            extrasC[(principals.indexOf(p) + methodsC.indexOf(m) + pathsC.indexOf(pa)) % extrasC.length],
          ]) {
            if (!e) continue;
            yield {
              request: {
                ...base,
                principal: p.principal,
                sourceVpc: src.s.vpc,
                sourceVpcOwnerAccount: src.s.owner,
                method: m.method,
                path: pa.path,
                ...e.extra,
              },
              classes: merge([p.c, src.c, m.c, pa.c, e.c], [0, 1, 3, 2, -1]),
            };
          }
        }
      }
    }
  }
}

describe("reviewAccess: differential property against a brute-force oracle", () => {
  const topology = demoTopology();
  const runs = 2000;

  it(`covers exactly the requests whose decision changes (${runs} runs)`, () => {
    const property = fc.property(
      fc.constantFrom<"payment" | "order" | "network">("payment", "order", "network"),
      layer,
      layer,
      layer,
      (scopeName, before, after, other) => {
        const scope =
          scopeName === "network"
            ? ({ kind: "service-network", arn: NETWORK_ARN } as const)
            : ({ kind: "service", arn: scopeName === "order" ? ORDER_ARN : PAYMENT_ARN } as const);
        const input = reviewInputFromTopology(topology, scope, { before, after }, ORGANIZATION);
        for (const key of Object.keys(input.otherLayers)) input.otherLayers[key] = other;
        const review = reviewAccess(input, undefined, { keepContexts: true });
        const read = (l: ReviewLayer): LayerPolicy =>
          l.policy
            ? { authType: l.authType, policy: toPolicy(l.policy) ?? null }
            : { authType: l.authType, policy: null };
        const [was0, now0, other0] = [read(before), read(after), read(other)];
        const [editedLayer, otherLayer] =
          scope.kind === "service" ? (["service", "network"] as const) : (["network", "service"] as const);
        const lets = (t: { decision: string }) => t.decision === "allow" || t.decision === "not-enforced";
        /** Both layers, as Lattice combines them: each enforced layer must allow, before and after. */
        const decide = (example: ExampleRequest) => {
          const request = exampleRequest(example, ORGANIZATION);
          const gate = lets(evaluateLayer(otherLayer, other0, request));
          return [
            gate && lets(evaluateLayer(editedLayer, was0, request)),
            gate && lets(evaluateLayer(editedLayer, now0, request)),
          ];
        };
        const rows = [...review.gains, ...review.losses];
        for (const row of rows) {
          const [was, now] = decide(row.example);
          expect({ row: row.request.description, was, now }).toEqual({
            row: row.request.description,
            was: row.direction === "loss",
            now: row.direction === "gain",
          });
        }
        if (review.undecided.length > 0) return;
        for (const context of review.contexts ?? []) {
          const classify = classifier(context, ORGANIZATION);
          const mine = rows.filter((r) => r.service.arn === context.serviceArn);
          for (const { request, classes } of oracleRequests(context.serviceArn, classify)) {
            const [was, now] = decide(request);
            expect(classes, `no class holds ${JSON.stringify(request)}`).toBeDefined();
            const covering = mine.filter((r) => rowCovers(r, classes ?? []));
            const expected = was === now ? [] : [was ? "loss" : "gain"];
            const found = [...new Set(covering.map((r) => r.direction))];
            if (found.join() !== expected.join()) {
              expect({ request, found }).toEqual({ request, found: expected });
            }
          }
        }
      },
    );
    fc.assert(property, { numRuns: runs, verbose: 1 });
  }, 600_000);
});
