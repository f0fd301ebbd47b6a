import type { Topology } from "../topology/topology";
import { connectionsToService, vpcIdOf } from "./connectivity";
import type { PolicyScope } from "./matrix";

export interface PolicyTemplate {
  id: string;
  label: string;
  policy: Record<string, unknown>;
}

const ORG_ID = /"aws:PrincipalOrgID"\s*:\s*(?:\[\s*)?"(o-[a-z0-9]{10,32})"/;

/** The organization id named in any crawled policy (the demo's network policy names it). */
function organizationIdIn(topology: Topology): string | undefined {
  for (const node of topology.nodes) {
    const stored = node.data.authPolicy;
    const text =
      stored && typeof stored === "object" && "policy" in stored && typeof stored.policy === "string"
        ? stored.policy
        : undefined;
    const id = text ? ORG_ID.exec(text)?.[1] : undefined;
    if (id) return id;
  }
  return undefined;
}

function statement(sid: string, principal: unknown, resource: string, condition?: Record<string, unknown>) {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: principal,
    Action: "vpc-lattice-svcs:Invoke",
    Resource: resource,
    ...(condition ? { Condition: condition } : {}),
  };
}

const doc = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });

/** VPCs that reach the scope: those associated with (or with an endpoint to) the network, or the service's networks. */
function reachingVpcs(topology: Topology, scope: PolicyScope): string[] {
  const services =
    scope.kind === "service"
      ? [scope.arn]
      : topology.edges.filter((e) => e.kind === "sn-service" && e.source === scope.arn).map((e) => e.target);
  const vpcs = new Set<string>();
  for (const arn of services) {
    for (const c of connectionsToService(topology, arn)) {
      if (scope.kind === "service" || c.networkArn === scope.arn) vpcs.add(c.vpcId);
    }
  }
  if (vpcs.size === 0) {
    for (const n of topology.nodes) if (n.kind === "vpc") vpcs.add(vpcIdOf(n.id, n));
  }
  return [...vpcs].sort();
}

/**
 * Starting points for an auth policy, drawn from the estate: the organization, each account, each VPC that
 * reaches the scope, and a read-only (GET) policy for the organization.
 */
export function policyTemplates(topology: Topology, scope: PolicyScope): PolicyTemplate[] {
  const resource = scope.kind === "service" ? `${scope.arn}/*` : "*";
  const orgId = organizationIdIn(topology) ?? "o-exampleorgid";
  const org = { StringEquals: { "aws:PrincipalOrgID": orgId } };
  const vpcNames = new Map(
    topology.nodes.filter((n) => n.kind === "vpc").map((n) => [vpcIdOf(n.id, n), n.name]),
  );
  const accounts = topology.nodes
    .filter((n) => n.kind === "account")
    .sort((a, b) => a.accountId.localeCompare(b.accountId));
  return [
    {
      id: "organization",
      label: `Allow my organisation (${orgId})`,
      policy: doc(statement("AllowOrganization", "*", resource, org)),
    },
    ...accounts.map((a) => ({
      id: `account:${a.accountId}`,
      label: `Allow account ${a.name !== a.accountId ? `${a.name} (${a.accountId})` : a.accountId}`,
      policy: doc(statement("AllowAccount", { AWS: `arn:aws:iam::${a.accountId}:root` }, resource)),
    })),
    ...reachingVpcs(topology, scope).map((vpcId) => ({
      id: `vpc:${vpcId}`,
      label: `Allow VPC ${vpcNames.get(vpcId) ? `${vpcNames.get(vpcId)} (${vpcId})` : vpcId}`,
      policy: doc(
        statement("AllowVpc", "*", resource, {
          StringEquals: { "vpc-lattice-svcs:SourceVpc": vpcId },
          StringNotEqualsIgnoreCase: { "aws:PrincipalType": "Anonymous" },
        }),
      ),
    })),
    {
      id: "read-only",
      label: "Read-only GET (my organisation)",
      policy: doc(
        statement("ReadOnlyGet", "*", resource, {
          StringEquals: { "aws:PrincipalOrgID": orgId, "vpc-lattice-svcs:RequestMethod": "GET" },
        }),
      ),
    },
  ];
}
