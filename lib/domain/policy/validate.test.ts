import { describe, expect, it } from "vitest";
import { LINT_RULES } from "./lint-report";
import { lintPolicy, type LintScope, type PolicyFinding } from "./validate";
import {
  allowInvoke,
  denyInvoke,
  NETWORK_ARN,
  NETWORK_POLICY,
  ORDER_ARN,
  ORDER_POLICY,
  ORDERING,
  PAYMENT_ARN,
  PAYMENT_POLICY,
  policyDoc,
  ROLE,
  type Statement,
} from "./testing";

const SERVICE: LintScope = { kind: "service", arn: ORDER_ARN, authType: "AWS_IAM" };
const NETWORK: LintScope = {
  kind: "service-network",
  arn: NETWORK_ARN,
  authType: "AWS_IAM",
  serviceArns: [ORDER_ARN, PAYMENT_ARN],
};

const lint = (doc: unknown, scope: LintScope = SERVICE) =>
  lintPolicy(typeof doc === "string" ? doc : JSON.stringify(doc), scope);
const ids = (findings: PolicyFinding[]) => findings.map((f) => f.id);
const one = (...statements: Statement[]) => policyDoc(...statements);
const allowRole = (extra: Statement = {}) => allowInvoke({ AWS: ROLE.orderTask }, extra);

describe("lintPolicy: clean policies", () => {
  it("finds nothing wrong with the demo network and order policies", () => {
    expect(lint(NETWORK_POLICY, NETWORK)).toEqual([]);
    expect(lint(ORDER_POLICY)).toEqual([]);
    expect(lint(one(allowRole({ Resource: [`${ORDER_ARN}/*`, "*/health"] })))).toEqual([]);
  });
});

describe("lintPolicy: the seeds' vpc-lattice:Invoke", () => {
  it("flags the management-plane action where it is written, with the fix", () => {
    const text = JSON.stringify(PAYMENT_POLICY, null, 2);
    const findings = lintPolicy(text, { kind: "service", arn: PAYMENT_ARN, authType: "AWS_IAM" });
    expect(findings).toContainEqual({
      id: "action-control-plane",
      severity: "error",
      path: "/Statement/0/Action",
      line: 10,
      column: 17,
      message: expect.stringContaining("vpc-lattice:Invoke is a management API action"),
      fix: "use vpc-lattice-svcs:Invoke",
    });
    expect(ids(findings).sort()).toEqual([
      "action-control-plane",
      "policy-allows-nothing",
      "policy-newlines",
    ]);
  });
});

type Case = [name: string, input: unknown, expected: Partial<PolicyFinding>, scope?: LintScope];

const CASES: Case[] = [
  [
    "JSON syntax error with position",
    '{\n  "Version": "2012-10-17",\n  "Statement": [}\n}',
    { id: "json-syntax", severity: "error", line: 3, column: 17 },
  ],
  [
    "policy over 10,000 characters",
    one(...Array.from({ length: 120 }, (_, i) => allowRole({ Sid: `S${i}` }))),
    { id: "policy-too-large", severity: "error" },
  ],
  [
    "whitespace pushes the text over the limit",
    JSON.stringify(one(allowRole()), null, 2).replace(/\n/g, "\n" + " ".repeat(1000)),
    { id: "policy-size-whitespace", severity: "info" },
  ],
  [
    "newlines are noted",
    JSON.stringify(one(allowRole()), null, 2),
    { id: "policy-newlines", severity: "info" },
  ],
  [
    "a repeated member name",
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}},"Condition":{}}]}',
    { id: "duplicate-key", severity: "warning", path: "/Statement/0/Condition" },
  ],
  ["not an object", "[]", { id: "policy-not-object", severity: "error" }],
  [
    "unknown top-level element",
    { ...one(allowRole()), version: "x" },
    { id: "policy-unknown-element", severity: "error", path: "/version", fix: "use Version" },
  ],
  ["missing Version", { Statement: [allowRole()] }, { id: "version-missing", severity: "warning" }],
  [
    "invalid Version",
    { ...one(allowRole()), Version: "2012-10-18" },
    { id: "version-invalid", severity: "error", path: "/Version" },
  ],
  ["old Version", { ...one(allowRole()), Version: "2008-10-17" }, { id: "version-old", severity: "info" }],
  ["missing Statement", { Version: "2012-10-17" }, { id: "statement-missing", severity: "error" }],
  ["empty Statement", { Version: "2012-10-17", Statement: [] }, { id: "statement-empty", severity: "error" }],
  [
    "statement not an object",
    { Version: "2012-10-17", Statement: [allowRole(), "x"] },
    { id: "statement-invalid", severity: "error", path: "/Statement/1" },
  ],
  [
    "unknown statement element",
    one(allowRole({ effect: "Allow" })),
    { id: "statement-unknown-element", severity: "error", path: "/Statement/0/effect", fix: "use Effect" },
  ],
  [
    "duplicate Sid",
    one(allowRole({ Sid: "A" }), allowRole({ Sid: "A" })),
    {
      id: "sid-duplicate",
      severity: "error",
      path: "/Statement/1/Sid",
      message: 'Sid "A" is already used by statement 0',
    },
  ],
  ["Sid not a string", one(allowRole({ Sid: 1 })), { id: "sid-invalid", severity: "error" }],
  [
    "Sid with punctuation",
    one(allowRole({ Sid: "allow-orders" })),
    { id: "sid-characters", severity: "info" },
  ],
  ["missing Effect", one(allowRole({ Effect: undefined })), { id: "effect-missing", severity: "error" }],
  [
    "Effect in the wrong case",
    one(allowRole({ Effect: "allow" })),
    { id: "effect-invalid", severity: "error", fix: 'use "Allow"' },
  ],
  [
    "no Principal",
    one(allowRole({ Principal: undefined })),
    { id: "principal-missing", severity: "error", path: "/Statement/0" },
  ],
  [
    "Principal and NotPrincipal",
    one(denyInvoke("*", { NotPrincipal: { AWS: ORDERING } })),
    { id: "principal-conflict", severity: "error", path: "/Statement/0/NotPrincipal" },
  ],
  [
    "Principal as a bare ARN",
    one(allowRole({ Principal: ROLE.orderTask })),
    { id: "principal-invalid", severity: "error", fix: `use { "AWS": "${ROLE.orderTask}" }` },
  ],
  [
    "Principal value that isn't an identity",
    one(allowRole({ Principal: { AWS: ["order-task-role"] } })),
    { id: "principal-invalid", path: "/Statement/0/Principal/AWS/0" },
  ],
  [
    "Principal with a partial wildcard",
    one(allowRole({ Principal: { AWS: `arn:aws:iam::${ORDERING}:role/*` } })),
    { id: "principal-partial-wildcard", severity: "error" },
  ],
  [
    "Service principal",
    one(allowRole({ Principal: { Service: "lambda.amazonaws.com" } })),
    { id: "principal-type-unsupported", severity: "warning" },
  ],
  [
    "session principal",
    one(allowRole({ Principal: { AWS: `arn:aws:sts::${ORDERING}:assumed-role/order-task-role/s1` } })),
    { id: "principal-session", severity: "info", fix: `use ${ROLE.orderTask}` },
  ],
  ["no Action", one(allowRole({ Action: undefined })), { id: "action-missing", severity: "error" }],
  [
    "Action and NotAction",
    one(allowRole({ NotAction: "vpc-lattice-svcs:Connect" })),
    { id: "action-conflict", severity: "error" },
  ],
  ["Action not a string", one(allowRole({ Action: 3 })), { id: "action-invalid", severity: "error" }],
  [
    "an action of another service",
    one(allowRole({ Action: ["vpc-lattice-svcs:Invoke", "s3:GetObject"] })),
    { id: "action-not-data-plane", severity: "error", path: "/Statement/0/Action/1" },
  ],
  [
    "NotAction excluding both data-plane actions",
    one(denyInvoke("*", { Action: undefined, NotAction: "vpc-lattice-svcs:*" })),
    { id: "notaction-excludes-everything", severity: "warning" },
  ],
  ["no Resource", one(allowRole({ Resource: undefined })), { id: "resource-missing", severity: "error" }],
  [
    "Resource and NotResource",
    one(allowRole({ NotResource: "x" })),
    { id: "resource-conflict", severity: "error" },
  ],
  ["Resource not a string", one(allowRole({ Resource: {} })), { id: "resource-invalid", severity: "error" }],
  [
    "Resource is a service network ARN",
    one(
      allowInvoke("*", {
        Resource: NETWORK_ARN,
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      }),
    ),
    { id: "resource-service-network", severity: "warning" },
    NETWORK,
  ],
  [
    "Resource is a service ARN without a path",
    one(allowRole({ Resource: ORDER_ARN })),
    { id: "resource-without-path", severity: "warning", fix: `use "${ORDER_ARN}/*"` },
  ],
  [
    "Resource of another service",
    one(allowRole({ Resource: `${PAYMENT_ARN}/*` })),
    { id: "resource-out-of-scope", severity: "warning" },
  ],
  [
    "Resource of a service outside the network",
    one(allowRole({ Resource: "arn:aws:vpc-lattice:us-east-1:999999999999:service/svc-0other/*" })),
    { id: "resource-out-of-scope", message: expect.stringContaining("matches no service associated") },
    NETWORK,
  ],
  [
    "Resource that is not a Lattice ARN",
    one(allowRole({ Resource: "arn:aws:s3:::bucket/*" })),
    { id: "resource-out-of-scope" },
    { ...NETWORK, serviceArns: undefined },
  ],
  [
    "Allow with NotPrincipal",
    one(allowRole({ Principal: undefined, NotPrincipal: { AWS: ORDERING } })),
    { id: "allow-notprincipal", severity: "warning" },
  ],
  [
    "Allow with NotAction",
    one(allowRole({ Action: undefined, NotAction: "vpc-lattice-svcs:Connect" })),
    { id: "allow-notaction", severity: "warning" },
  ],
  [
    "Allow with NotResource",
    one(allowRole({ Resource: undefined, NotResource: `${ORDER_ARN}/admin/*` })),
    { id: "allow-notresource", severity: "warning" },
  ],
  [
    'Principal "*" with no condition',
    one(allowInvoke("*")),
    { id: "principal-wildcard-open", severity: "warning", path: "/Statement/0/Principal" },
  ],
  [
    '{"AWS": "*"} with a negated condition only',
    one(allowInvoke({ AWS: "*" }, { Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-x" } } })),
    { id: "principal-wildcard-open" },
  ],
  [
    'Principal "*" narrowed to a VPC: anonymous callers too',
    one(allowInvoke("*", { Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": "vpc-0a" } } })),
    { id: "anonymous-allowed", severity: "info" },
  ],
  [
    "Condition not an object",
    one(allowRole({ Condition: [] })),
    { id: "condition-invalid", severity: "error" },
  ],
  [
    "operator block not an object",
    one(allowRole({ Condition: { StringEquals: "x" } })),
    { id: "condition-invalid", path: "/Statement/0/Condition/StringEquals" },
  ],
  [
    "unknown operator",
    one(allowRole({ Condition: { StringMatches: { "vpc-lattice-svcs:SourceVpc": "vpc-0a" } } })),
    { id: "condition-operator-unknown", severity: "error" },
  ],
  [
    "operator in the wrong case",
    one(allowRole({ Condition: { stringequals: { "vpc-lattice-svcs:SourceVpc": "vpc-0a" } } })),
    { id: "condition-operator-unknown", fix: "use StringEquals" },
  ],
  [
    "Null with IfExists",
    one(allowRole({ Condition: { NullIfExists: { "vpc-lattice-svcs:SourceVpc": "true" } } })),
    { id: "condition-operator-unknown" },
  ],
  [
    "condition values of the wrong type",
    one(allowRole({ Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": { a: 1 } } } })),
    { id: "condition-value-type", severity: "error" },
  ],
  [
    "no condition values",
    one(allowRole({ Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": [] } } })),
    { id: "condition-value-empty", severity: "error" },
  ],
  [
    "aws:SourceVpc instead of the Lattice key",
    one(allowRole({ Condition: { StringEquals: { "aws:SourceVpc": "vpc-0a" } } })),
    { id: "condition-key-absent", severity: "warning", fix: "use vpc-lattice-svcs:SourceVpc" },
  ],
  [
    "aws:RequestTag/ is never present",
    one(allowRole({ Condition: { StringEquals: { "aws:RequestTag/team": "x" } } })),
    { id: "condition-key-absent" },
  ],
  [
    "Lattice key in the wrong case",
    one(allowRole({ Condition: { StringEquals: { "vpc-lattice-svcs:sourcevpc": "vpc-0a" } } })),
    { id: "condition-key-case", fix: "use vpc-lattice-svcs:SourceVpc" },
  ],
  [
    "control-plane key",
    one(allowRole({ Condition: { ArnEquals: { "vpc-lattice:ServiceNetworkArn": NETWORK_ARN } } })),
    { id: "condition-key-control-plane", fix: "use vpc-lattice-svcs:ServiceNetworkArn" },
  ],
  [
    "unknown Lattice key",
    one(allowRole({ Condition: { StringEquals: { "vpc-lattice-svcs:Protocol": "HTTPS" } } })),
    { id: "condition-key-unknown", severity: "warning" },
  ],
  [
    "unknown global key",
    one(allowRole({ Condition: { StringEquals: { "aws:PrincipalOrg": "o-a1b2c3d4e5" } } })),
    { id: "condition-key-unknown" },
  ],
  [
    "numeric operator on a string key",
    one(allowRole({ Condition: { NumericEquals: { "vpc-lattice-svcs:SourceVpc": "1" } } })),
    { id: "condition-operator-type", severity: "warning" },
  ],
  [
    "string operator on the numeric Port",
    one(allowRole({ Condition: { StringEquals: { "vpc-lattice-svcs:Port": "443" } } })),
    { id: "condition-operator-type" },
  ],
  [
    "set operator on a single-valued key",
    one(allowRole({ Condition: { "ForAnyValue:StringEquals": { "vpc-lattice-svcs:SourceVpc": "vpc-0a" } } })),
    { id: "condition-set-single-valued", fix: "use StringEquals" },
  ],
  [
    "ForAllValues on an Allow",
    one(
      allowRole({
        Condition: { "ForAllValues:StringEquals": { "vpc-lattice-svcs:RequestQueryString/tag": "a" } },
      }),
    ),
    { id: "condition-forallvalues-missing-key", severity: "warning" },
  ],
  [
    "NumericLessThan with text",
    one(allowRole({ Condition: { NumericLessThan: { "vpc-lattice-svcs:Port": "high" } } })),
    { id: "condition-value-invalid", severity: "error" },
  ],
  [
    "Bool with yes",
    one(allowRole({ Condition: { Bool: { "aws:SecureTransport": "yes" } } })),
    { id: "condition-value-invalid" },
  ],
  [
    "IpAddress with a bad range",
    one(allowRole({ Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "10.0.0.0/40"] } } })),
    { id: "condition-value-invalid", path: "/Statement/0/Condition/IpAddress/aws:SourceIp/1" },
  ],
  [
    "DateLessThan with a bad date",
    one(allowRole({ Condition: { DateLessThan: { "aws:CurrentTime": "soon" } } })),
    { id: "condition-value-invalid" },
  ],
  [
    "ArnLike with a value that isn't an ARN",
    one(allowRole({ Condition: { ArnLike: { "aws:PrincipalArn": "order-task-role" } } })),
    { id: "condition-value-not-arn", severity: "warning" },
  ],
  [
    "StringEquals with a wildcard",
    one(allowRole({ Condition: { StringEquals: { "vpc-lattice-svcs:RequestPath": "/api/*" } } })),
    { id: "condition-wildcard-needs-like", fix: "use StringLike" },
  ],
  [
    "lower-case method",
    one(allowRole({ Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "get" } } })),
    { id: "condition-method-case", fix: 'use "GET"' },
  ],
  [
    "path without a slash",
    one(allowRole({ Condition: { StringLike: { "vpc-lattice-svcs:RequestPath": "api/*" } } })),
    { id: "condition-path-slash", fix: 'use "/api/*"' },
  ],
  [
    "AWS_IAM and no Allow that applies",
    one(denyInvoke("*")),
    { id: "policy-allows-nothing", severity: "warning" },
  ],
  [
    "auth type NONE leaves the policy inactive",
    one(allowRole()),
    { id: "auth-none-inactive", severity: "info" },
    { ...SERVICE, authType: "NONE" },
  ],
];

describe("lintPolicy: one case per rule", () => {
  it.each(CASES)("%s", (_name, input, expected, scope) => {
    expect(lint(input, scope)).toContainEqual(expect.objectContaining(expected));
  });

  it("covers every rule the linter has (the last two are tested below and above)", () => {
    const covered = new Set([
      ...CASES.map(([, , expected]) => expected.id),
      "auth-iam-without-policy",
      "action-control-plane",
    ]);
    expect(LINT_RULES.filter((rule) => !covered.has(rule))).toEqual([]);
  });
});

describe("lintPolicy: auth type consequences", () => {
  it("AWS_IAM with no policy denies everything; NONE with no policy says nothing", () => {
    expect(lintPolicy("  ", SERVICE)).toEqual([
      expect.objectContaining({ id: "auth-iam-without-policy", severity: "warning", path: "" }),
    ]);
    expect(lintPolicy("", { ...SERVICE, authType: "NONE" })).toEqual([]);
  });

  it("locates findings at member names for misnamed elements", () => {
    const findings = lintPolicy('{"Version":"2012-10-17","Statment":[]}', SERVICE);
    expect(findings).toContainEqual(
      expect.objectContaining({ id: "policy-unknown-element", line: 1, column: 25 }),
    );
  });
});
