import { unknownBecause, type IncompletePart, type UnknownPart } from "./incomplete";
import type { ResourceKind } from "./snapshot";
import type { Topology, TopologyEdge, TopologyNode } from "./topology";
import {
  checkAuthPolicyActions,
  DATA_PLANE_ACTIONS,
  suggestDataPlaneAction,
} from "../policy/auth-policy-actions";
import {
  forwardSplitsByRule,
  formatPercent,
  targetGroupHealthIndex,
  type TargetGroupHealth,
} from "../routing/weights";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_RULES = [
  "auth-none-shared",
  "auth-iam-without-policy",
  "auth-policy-invalid-json",
  "auth-policy-invalid-action",
  "health-check-disabled",
  "weighted-target-group-without-healthy-target",
  "weighted-target-group-unhealthy-targets",
  "target-group-unattached",
  "service-network-without-access-logs",
  "vpc-association-without-security-groups",
  "ram-invitation-pending",
] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

export interface Finding {
  /** Stable across crawls: the rule and the resource (and association or principal) it is about. */
  id: string;
  rule: FindingRule;
  severity: Severity;
  resourceId: string;
  resourceKind: ResourceKind;
  resourceName: string;
  accountId: string;
  region: string;
  title: string;
  /** Why it matters. */
  why: string;
  /** How to fix it. */
  fix: string;
  /** Other resources involved: the VPC of an association, the principal of an invitation … */
  relatedIds?: string[];
  /**
   * "unknown: ListRules failed in 222233334444/us-east-1" when the finding rests on data the last crawl could
   * not read (kept from an earlier crawl, or missing): it may no longer hold, or hold only in part.
   */
  unknown?: string;
}

const SEVERITY_ORDER = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

type Draft = Omit<Finding, "resourceId" | "resourceKind" | "resourceName" | "accountId" | "region">;

interface Context {
  topology: Topology;
  nodes: Map<string, TopologyNode>;
  /** Edges once each (a relation crawled from both ends appears twice). */
  edges: TopologyEdge[];
  health: ReadonlyMap<string, TargetGroupHealth>;
  /** Resources shared through AWS RAM, by us (shared-with edges) or with us. */
  shared: Set<string>;
  /** Target groups some rule forwards to. */
  forwarded: Set<string>;
  /** Service networks of each service (sn-service edges). */
  networksOf: Map<string, string[]>;
  /** Failed reads that leave a scope's forward actions unknown, by `account|region`. */
  forwardsUnknown: Map<string, UnknownPart[]>;
  add: (node: TopologyNode, draft: Draft) => void;
}

/** The unknown parts of a node or edge that a finding about these parts rests on, as "unknown: …". */
function unknownOf(
  item: { incomplete?: UnknownPart[] } | undefined,
  parts: readonly IncompletePart[],
): string | undefined {
  return unknownBecause(
    (item?.incomplete ?? []).filter((p) => p.via !== undefined || parts.includes(p.part)),
  );
}

/** Reads whose failure leaves some forward action of the scope unknown: rules, listeners, services, actions. */
const FORWARD_PARTS: ReadonlySet<IncompletePart> = new Set(["rules", "listeners", "action", "services"]);

function forwardsUnknownByScope(topology: Topology): Map<string, UnknownPart[]> {
  const kinds = new Map(topology.nodes.map((n) => [n.id, n.kind]));
  const out = new Map<string, UnknownPart[]>();
  for (const mark of topology.incomplete ?? []) {
    const kind = kinds.get(mark.subjectId);
    const forward =
      FORWARD_PARTS.has(mark.part) || (mark.part === "detail" && (kind === "rule" || kind === "listener"));
    if (!forward) continue;
    const key = `${mark.accountId}|${mark.region}`;
    out.set(key, [...(out.get(key) ?? []), mark]);
  }
  return out;
}

/** Every finding of the topology, most severe first. */
export function computeFindings(
  topology: Topology,
  health: ReadonlyMap<string, TargetGroupHealth> = targetGroupHealthIndex(topology),
): Finding[] {
  const found = new Map<string, Finding>();
  const edges = [...new Map(topology.edges.map((e) => [e.id, e])).values()];
  const ctx: Context = {
    topology,
    nodes: new Map(topology.nodes.map((n) => [n.id, n])),
    edges,
    health,
    shared: new Set([
      ...edges.filter((e) => e.kind === "shared-with").map((e) => e.source),
      ...topology.nodes.filter((n) => n.data.sharedIn === true).map((n) => n.id),
    ]),
    forwarded: new Set(edges.filter((e) => e.kind === "forward").map((e) => e.target)),
    networksOf: new Map(),
    forwardsUnknown: forwardsUnknownByScope(topology),
    add: (node, draft) => {
      if (found.has(draft.id)) return;
      const { id: resourceId, kind: resourceKind, name: resourceName, accountId, region } = node;
      const { unknown, ...rest } = draft;
      found.set(draft.id, {
        ...rest,
        resourceId,
        resourceKind,
        resourceName,
        accountId,
        region,
        ...(unknown ? { unknown } : {}),
      });
    },
  };
  for (const e of edges.filter((e) => e.kind === "sn-service")) {
    ctx.networksOf.set(e.target, [...(ctx.networksOf.get(e.target) ?? []), e.source]);
  }
  for (const node of topology.nodes) {
    if (node.external) continue;
    if (node.kind === "ram-share") invitationFindings(ctx, node);
    if (node.kind === "service-network" || node.kind === "service") authFindings(ctx, node);
    if (node.kind === "target-group") targetGroupFindings(ctx, node);
    const logs = node.data.accessLogSubscriptions;
    if (
      node.kind === "service-network" &&
      node.data.sharedIn !== true &&
      Array.isArray(logs) &&
      !logs.length
    ) {
      ctx.add(node, {
        id: `service-network-without-access-logs:${node.id}`,
        rule: "service-network-without-access-logs",
        severity: "low",
        title: `${node.name} has no access logs`,
        why: "Without an access log subscription there is no record of who called which service through this network, which incident response and auth-policy tuning depend on.",
        fix: "Create an access log subscription on the service network to CloudWatch Logs, S3 or Data Firehose.",
        unknown: unknownOf(node, ["access-logs"]),
      });
    }
  }
  weightFindings(ctx);
  associationFindings(ctx);
  return [...found.values()].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.title.localeCompare(b.title) ||
      a.id.localeCompare(b.id),
  );
}

function authFindings(ctx: Context, node: TopologyNode) {
  const what = node.kind === "service" ? "service" : "service network";
  const policy = node.data.authPolicy;
  const policyText = record(policy)?.policy;
  if (node.data.authType === "NONE") {
    const shared = ctx.shared.has(node.id);
    const networks = (ctx.networksOf.get(node.id) ?? [])
      .map((id) => ctx.nodes.get(id))
      .filter((sn): sn is TopologyNode => !!sn && (sn.accountId !== node.accountId || ctx.shared.has(sn.id)));
    if (shared || networks.length > 0) {
      const open = shared || networks.some((sn) => sn.data.authType !== "AWS_IAM");
      ctx.add(node, {
        id: `auth-none-shared:${node.id}`,
        rule: "auth-none-shared",
        severity: open ? "high" : "medium",
        title: `${node.name} accepts unauthenticated requests and ${shared ? "is shared through AWS RAM" : `is in shared network ${networks[0]?.name}`}`,
        why: `Auth type NONE means the ${what} checks no caller: ${open ? "any workload in any VPC of the accounts it reaches can call it." : "only the network's coarse auth policy stands between it and every account the network is shared with."}`,
        fix: `Set the ${what}'s auth type to AWS_IAM and attach an auth policy that allows vpc-lattice-svcs:Invoke to the callers that need it.`,
        unknown: unknownOf(node, ["detail"]),
      });
    }
  }
  if (node.data.authType === "AWS_IAM" && policy === null && node.data.sharedIn !== true) {
    ctx.add(node, {
      id: `auth-iam-without-policy:${node.id}`,
      rule: "auth-iam-without-policy",
      severity: "high",
      title: `${node.name} uses AWS_IAM with no auth policy, so every request is denied`,
      why: "With auth type AWS_IAM, VPC Lattice denies every request that no auth policy allows; with no policy nothing is allowed.",
      fix: `Attach an auth policy allowing vpc-lattice-svcs:Invoke to the intended principals, or set the ${what}'s auth type to NONE if it should be open.`,
      unknown: unknownOf(node, ["detail", "auth-policy"]),
    });
  }
  if (typeof policyText !== "string") return;
  const check = checkAuthPolicyActions(policyText);
  if (!check.valid) {
    ctx.add(node, {
      id: `auth-policy-invalid-json:${node.id}`,
      rule: "auth-policy-invalid-json",
      severity: "high",
      title: `The auth policy of ${node.name} is ${check.error}`,
      why: "A policy that cannot be read cannot be reasoned about, and is not what its author meant.",
      fix: "Rewrite the auth policy as a JSON document with a Statement list and put it again.",
      unknown: unknownOf(node, ["auth-policy"]),
    });
    return;
  }
  if (check.problems.length === 0) return;
  const invalid = [...new Set(check.problems.flatMap((p) => p.invalid))];
  const dead = check.problems.filter((p) => p.appliesToNothing);
  const deadAllow = dead.some((p) => p.effect !== "Deny");
  const statements = dead.map((p) => p.sid ?? `#${p.statement + 1}`).join(", ");
  const consequence = deadAllow
    ? "allows nothing, so its callers get 403 AccessDeniedException"
    : "denies nothing";
  ctx.add(node, {
    id: `auth-policy-invalid-action:${node.id}`,
    rule: "auth-policy-invalid-action",
    severity: dead.length > 0 ? "high" : "low",
    title:
      invalid.length > 0
        ? `The auth policy of ${node.name} uses ${invalid.join(", ")}, which VPC Lattice never evaluates`
        : `The auth policy of ${node.name} has a statement that applies to no request`,
    why:
      `Auth policies are evaluated against ${DATA_PLANE_ACTIONS.join(" and ")} only` +
      (invalid.length > 0
        ? `; ${invalid.join(", ")} ${invalid.length === 1 ? "matches" : "match"} no request.`
        : ".") +
      (dead.length > 0 ? ` Statement ${statements} therefore ${consequence}.` : ""),
    fix:
      invalid.length > 0
        ? `Replace ${invalid.map((a) => `${a} with ${suggestDataPlaneAction(a)}`).join(", ")}.`
        : "Narrow NotAction so the statement still covers vpc-lattice-svcs:Invoke or :Connect.",
    unknown: unknownOf(node, ["auth-policy"]),
  });
}

function targetGroupFindings(ctx: Context, node: TopologyNode) {
  const healthCheck = record(record(node.data.config)?.healthCheck);
  if (healthCheck?.enabled === false && node.data.type !== "LAMBDA" && node.data.type !== "ALB") {
    ctx.add(node, {
      id: `health-check-disabled:${node.id}`,
      rule: "health-check-disabled",
      severity: "medium",
      title: `${node.name} has health checks disabled`,
      why: "Lattice keeps sending requests to every registered target, failed or not: targets show UNAVAILABLE and a crashed target keeps receiving its share.",
      fix: "Enable health checks on the target group with a path and port the application answers.",
      unknown: unknownOf(node, ["detail"]),
    });
  }
  const serviceArns = node.data.serviceArns;
  if (!ctx.forwarded.has(node.id) && (!Array.isArray(serviceArns) || serviceArns.length === 0)) {
    ctx.add(node, {
      id: `target-group-unattached:${node.id}`,
      rule: "target-group-unattached",
      severity: "low",
      title: `${node.name} is attached to no listener or rule`,
      why: "No service forwards to it, so its targets receive no requests and are not health-checked (UNUSED). It is usually left over from a migration and invites mistakes.",
      fix: "Delete it if nothing will use it again, or add it to a listener rule's forward action.",
      unknown: unknownBecause([
        ...(ctx.forwardsUnknown.get(`${node.accountId}|${node.region}`) ?? []),
        ...(node.incomplete ?? []).filter((p) => p.part === "detail" || p.via !== undefined),
      ]),
    });
  }
}

function ruleLabel(ctx: Context, ruleId: string): string {
  const rule = ctx.nodes.get(ruleId);
  const listener = rule?.parentId ? ctx.nodes.get(rule.parentId) : undefined;
  const service = listener?.parentId ? ctx.nodes.get(listener.parentId) : undefined;
  const ruleText = rule?.data.isDefault === true ? "default rule" : `rule ${rule?.name ?? ruleId}`;
  return [service?.name, listener?.name, ruleText].filter(Boolean).join(" ");
}

function weightFindings(ctx: Context) {
  const byGroup = new Map<string, { label: string; failing: boolean }[]>();
  for (const rule of forwardSplitsByRule(ctx.topology, ctx.health).values()) {
    for (const g of rule.split.groups) {
      if (g.weight <= 0) continue;
      const label = `${formatPercent(g.sharePercent, g.share)} of ${ruleLabel(ctx, rule.ruleId)}`;
      byGroup.set(g.targetGroupId, [
        ...(byGroup.get(g.targetGroupId) ?? []),
        { label, failing: rule.split.failing },
      ]);
    }
  }
  for (const [groupId, uses] of byGroup) {
    const node = ctx.nodes.get(groupId);
    const h = ctx.health.get(groupId);
    if (!node || !h) continue;
    const receives = `It receives ${uses.map((u) => u.label).join(" and ")}.`;
    if (h.serving === 0) {
      const failing = uses.some((u) => u.failing);
      const statuses = Object.entries(h.counts).flatMap(([s, n]) => (n > 0 ? [`${n} ${s}`] : []));
      ctx.add(node, {
        id: `weighted-target-group-without-healthy-target:${groupId}`,
        rule: "weighted-target-group-without-healthy-target",
        severity: failing ? "critical" : "high",
        title: `${node.name} receives traffic but has no healthy target`,
        why:
          `${receives} Lattice routes requests only to healthy targets, and none of its ${h.total} target(s) is (${statuses.join(", ") || "none registered"}). ` +
          (failing
            ? "No other target group of the action can take these requests, so they fail."
            : "The other target groups of the action take its share, so the weights no longer describe the traffic."),
        fix: "Fix or replace the targets (their reason codes say why they fail), or set this group's weight to 0 until it is healthy.",
        unknown: unknownOf(node, ["targets"]),
      });
    } else if (h.counts.UNHEALTHY > 0) {
      ctx.add(node, {
        id: `weighted-target-group-unhealthy-targets:${groupId}`,
        rule: "weighted-target-group-unhealthy-targets",
        severity: "medium",
        title: `${node.name} receives traffic with ${h.counts.UNHEALTHY} of ${h.total} targets unhealthy`,
        why: `${receives} Lattice stops sending requests to unhealthy targets, so the ${h.serving} remaining target(s) carry the group's whole share; if they fail too, the group serves nothing.`,
        fix: "Check the unhealthy targets' reason codes and fix or replace them; for a canary, lower its weight until it is healthy.",
        unknown: unknownOf(node, ["targets"]),
      });
    }
  }
}

function associationFindings(ctx: Context) {
  for (const edge of ctx.edges) {
    const source = ctx.nodes.get(edge.source);
    if (!source) continue;
    const groups = edge.data?.securityGroupIds;
    const deleting = String(edge.data?.status ?? "").startsWith("DELETE");
    if (edge.kind === "sn-vpc" && Array.isArray(groups) && groups.length === 0 && !deleting) {
      ctx.add(source, {
        id: `vpc-association-without-security-groups:${edge.id}`,
        rule: "vpc-association-without-security-groups",
        severity: "medium",
        title: `The association of ${ctx.nodes.get(edge.target)?.name ?? edge.target} with ${source.name} has no security groups`,
        why: "Security groups on a VPC association are the network-level control over which clients in the VPC reach the service network; without them every workload in the VPC can send requests to every service in it.",
        fix: "Add security groups to the VPC association that allow only the client security groups that need the network.",
        relatedIds: [edge.target],
        unknown: unknownOf(edge, ["detail"]),
      });
    }
    if (edge.kind === "shared-with" && edge.data?.status === "ASSOCIATING") {
      const shareArn = typeof edge.data.shareArn === "string" ? edge.data.shareArn : undefined;
      const share = shareArn ? ctx.nodes.get(shareArn) : undefined;
      const principal = edge.target.replace(/^account:/, "");
      pendingInvitation(ctx, share ?? source, principal, edge.data.external === true, [source.id]);
    }
  }
}

/** Invitations the share's owner can see (RAM lists them for the receiving account, so this is often empty). */
function invitationFindings(ctx: Context, share: TopologyNode) {
  const resources = records(share.data.resources).flatMap((r) => (typeof r.arn === "string" ? [r.arn] : []));
  const principals = records(share.data.principals);
  for (const invitation of records(share.data.invitations)) {
    const receiver = invitation.receiverAccountId;
    if (invitation.status !== "PENDING" || typeof receiver !== "string") continue;
    const external = principals.some((p) => p.id === receiver && p.external === true);
    pendingInvitation(ctx, share, receiver, external, resources);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function pendingInvitation(
  ctx: Context,
  share: TopologyNode,
  principal: string,
  external: boolean,
  relatedIds: string[],
) {
  const name = ctx.nodes.get(`account:${principal}`)?.name ?? principal;
  const who = name === principal ? principal : `${name} (${principal})`;
  const what = share.kind === "ram-share" ? share.name : "a resource share";
  const shared = relatedIds.map((id) => ctx.nodes.get(id)).find((n) => n && n.kind !== "account");
  ctx.add(share, {
    id: `ram-invitation-pending:${share.id}:${principal}`,
    rule: "ram-invitation-pending",
    severity: "low",
    title: `${who} has not accepted the invitation to ${what}`,
    why: `${external ? "The account is outside the organisation, so it must accept the AWS RAM invitation" : "The AWS RAM invitation is still pending"}; until then it does not see ${shared?.name ?? "the shared resources"} and cannot associate its VPCs or services with ${shared ? "it" : "them"}.`,
    fix: "Ask the account's administrator to accept the resource share invitation in AWS RAM, or remove the principal from the share if it should not have access.",
    relatedIds: [...new Set([...relatedIds, `account:${principal}`])],
  });
}

export interface FindingFilter {
  severities?: readonly Severity[];
  rules?: readonly FindingRule[];
  accountIds?: readonly string[];
  kinds?: readonly ResourceKind[];
  /** Findings about this resource, or that name it among their related resources. */
  resourceId?: string;
}

export function filterFindings(findings: readonly Finding[], filter: FindingFilter): Finding[] {
  const keep = <T>(values: readonly T[] | undefined, value: T) => !values?.length || values.includes(value);
  return findings.filter(
    (f) =>
      keep(filter.severities, f.severity) &&
      keep(filter.rules, f.rule) &&
      keep(filter.accountIds, f.accountId) &&
      keep(filter.kinds, f.resourceKind) &&
      (!filter.resourceId ||
        f.resourceId === filter.resourceId ||
        !!f.relatedIds?.includes(filter.resourceId)),
  );
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}
