import type { AccessChange, PolicyState } from "./semantic-diff";
import {
  allowInvoke,
  HUB,
  ORDERING,
  ORGANIZATION,
  PARTNER,
  PAYMENTS,
  policyDoc,
  ROLE,
  VPC,
  type Statement,
} from "./testing";

/** Helpers for semantic-diff tests: states of the edited layer, and a compact reading of the rows. */

const ACCOUNT_NAMES: Record<string, string> = {
  [HUB]: "hub",
  [ORDERING]: "ordering",
  [PAYMENTS]: "payments",
  [PARTNER]: "partner",
};
const VPC_NAMES = Object.fromEntries(Object.entries(VPC).map(([name, id]) => [id, name]));
const CONNECTED = ["analytics", "inventory", "order", "payments"];

function short(principal: string): string {
  if (principal === "anonymous") return principal;
  const root = /^arn:aws:iam::(\d{12}):root$/.exec(principal);
  if (root) return ACCOUNT_NAMES[root[1] ?? ""] ?? principal;
  return principal.split(":").at(-1) ?? principal;
}

/** "principals | service method path | VPCs": rows that change the same requests from the same VPCs merged. */
export function summarize(rows: AccessChange[]): string[] {
  const byRequest = new Map<string, Map<string, Set<string>>>();
  for (const row of rows) {
    const request = `${row.service.name} ${row.method} ${row.path}`;
    const principals = byRequest.get(request) ?? new Map<string, Set<string>>();
    const vpcs = principals.get(short(row.principal)) ?? new Set<string>();
    vpcs.add(VPC_NAMES[row.sourceVpc] ?? row.sourceVpc);
    principals.set(short(row.principal), vpcs);
    byRequest.set(request, principals);
  }
  const lines = new Map<string, string[]>();
  for (const [request, principals] of byRequest) {
    for (const [principal, vpcSet] of principals) {
      const vpcs = [...vpcSet].sort();
      const where =
        vpcs.length === 5 ? "all" : vpcs.join(",") === CONNECTED.join(",") ? "connected" : vpcs.join(",");
      const key = `${request} | ${where}`;
      lines.set(key, [...(lines.get(key) ?? []), principal]);
    }
  }
  return [...lines].map(([key, principals]) => `${principals.sort().join(",")} | ${key}`).sort();
}

export const iam = (...statements: Statement[]): PolicyState => ({
  authType: "AWS_IAM",
  policy: policyDoc(...statements),
});
export const NONE: PolicyState = { authType: "NONE", policy: null };
export const fixedPayment = (extra: Statement = {}) =>
  allowInvoke({ AWS: ROLE.orderTask }, { Sid: "OrderServiceMayPay", ...extra });
export const FIXED = iam(fixedPayment());
export const orgOnly = (extra: Statement = {}) =>
  allowInvoke("*", { Condition: { StringEquals: { "aws:PrincipalOrgID": ORGANIZATION.id } }, ...extra });
export const ORG_PRINCIPALS =
  "hub,ordering,payments,role/analytics-reader,role/inventory-pod-role,role/order-task-role";
