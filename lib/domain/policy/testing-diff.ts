import type { EstatePolicies } from "./connectivity";
import type { LayerPolicy } from "./evaluate";
import type { RequestMatrix } from "./matrix";
import type { Organization } from "./principals";
import { classifier, rowCovers } from "./review/classify";
import type { AccessReview, ReviewLayer } from "./review/review";
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

/** The edited layer's auth type and policy. */
export type PolicyState = ReviewLayer;

/** A changed request of the sample matrix, as the former sampled review listed it. */
export interface SampleChange {
  principal: string;
  service: { name: string };
  method: string;
  path: string;
  sourceVpc: string;
}

/**
 * The review's rows read on the requests of the former sample (principals, routes and VPCs of the estate): which
 * of them a gain or a loss row covers, a service's routes collapsed to "* *" when every one changes.
 */
export function onSample(
  review: AccessReview,
  matrix: RequestMatrix,
  organization: Organization,
): { gains: SampleChange[]; losses: SampleChange[] } {
  const out = { gains: [] as SampleChange[], losses: [] as SampleChange[] };
  const classifiers = new Map(
    (review.contexts ?? []).map((c) => [
      `${c.serviceArn}|${c.networkArn ?? ""}`,
      classifier(c, organization),
    ]),
  );
  const groups = new Map<string, { direction: "gains" | "losses"; change: SampleChange }[]>();
  for (const entry of matrix.requests) {
    const classify = classifiers.get(`${entry.service.arn}|${entry.source.networkArn ?? ""}`);
    if (!classify)
      throw new Error(`no review context for ${entry.service.name} through ${entry.source.networkArn}`);
    const principal = entry.principal.principal;
    const classes = classify({
      principal: principal.type === "anonymous" ? "anonymous" : principal.arn,
      service: entry.service.arn,
      ...(entry.source.networkArn ? { serviceNetwork: entry.source.networkArn } : {}),
      sourceVpc: entry.source.vpcId,
      ...(entry.source.accountId ? { sourceVpcOwnerAccount: entry.source.accountId } : {}),
      action: "vpc-lattice-svcs:Invoke",
      method: entry.route.method,
      path: entry.route.path,
      ...(entry.route.port !== undefined ? { port: entry.route.port } : {}),
    });
    if (!classes)
      throw new Error(`no class holds ${entry.principal.id} ${entry.route.method} ${entry.route.path}`);
    const hits = [...review.gains, ...review.losses].filter(
      (r) =>
        r.service.arn === entry.service.arn &&
        (r.network?.arn ?? "") === (entry.source.networkArn ?? "") &&
        rowCovers(r, classes),
    );
    const directions = new Set(hits.map((h) => h.direction));
    if (directions.size > 1) throw new Error("a request is both gained and lost");
    const [direction] = directions;
    if (!direction) continue;
    const key = [entry.principal.id, entry.service.arn, entry.source.vpcId].join("|");
    groups.set(key, [
      ...(groups.get(key) ?? []),
      {
        direction: direction === "gain" ? "gains" : "losses",
        change: {
          principal: entry.principal.id,
          service: { name: entry.service.name },
          method: entry.route.method,
          path: entry.route.path,
          sourceVpc: entry.source.vpcId,
        },
      },
    ]);
  }
  const routeCount = new Map(matrix.services.map((s) => [s.name, s.routes.length]));
  for (const members of groups.values()) {
    const first = members[0];
    if (!first) continue;
    const alike = members.every((m) => m.direction === first.direction);
    if (alike && members.length > 1 && members.length === routeCount.get(first.change.service.name)) {
      out[first.direction].push({ ...first.change, method: "*", path: "*" });
    } else for (const m of members) out[m.direction].push(m.change);
  }
  return out;
}

/** The estate's other layers as a review takes them. */
export function otherLayers(
  estate: EstatePolicies,
  kind: "service" | "service-network",
): Record<string, ReviewLayer> {
  const layers: Record<string, LayerPolicy> = kind === "service" ? estate.networks : estate.services;
  return Object.fromEntries(
    Object.entries(layers).map(([arn, l]) => [
      arn,
      {
        authType: l.authType,
        policy: typeof l.policy === "string" || (l.policy && !("statements" in l.policy)) ? l.policy : null,
      },
    ]),
  );
}

/** "principals | service method path | VPCs": rows that change the same requests from the same VPCs merged. */
export function summarize(rows: SampleChange[]): string[] {
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
