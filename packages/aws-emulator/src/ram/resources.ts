import type { RegionState, ResourceShare } from "../core/model";
import type { World } from "../core/world";
import { INVITATION_TTL_MS, principalAccount } from "./common";

/** The Lattice resource types RAM shares, with the permissions its managed policies grant on them. */
export const LATTICE_RESOURCE_TYPES = [
  {
    arnKind: "servicenetwork",
    resourceType: "vpc-lattice:ServiceNetwork",
    actions: [
      "vpc-lattice:CreateServiceNetworkVpcAssociation",
      "vpc-lattice:CreateServiceNetworkServiceAssociation",
      "vpc-lattice:CreateServiceNetworkResourceAssociation",
      "vpc-lattice:GetServiceNetwork",
    ],
  },
  {
    arnKind: "service",
    resourceType: "vpc-lattice:Service",
    actions: ["vpc-lattice:CreateServiceNetworkServiceAssociation", "vpc-lattice:GetService"],
  },
  {
    arnKind: "resourceconfiguration",
    resourceType: "vpc-lattice:ResourceConfiguration",
    actions: [
      "vpc-lattice:CreateServiceNetworkResourceAssociation",
      "vpc-lattice:GetResourceConfiguration",
      "vpc-lattice:AssociateViaAWSService",
    ],
  },
] as const;

export type LatticeResourceType = (typeof LATTICE_RESOURCE_TYPES)[number];

export interface LatticeResourceRef {
  type: LatticeResourceType;
  arn: string;
  ownerAccountId: string;
  /** Service networks with sharing disabled and child resource configurations cannot be shared. */
  shareable: boolean;
}

const LATTICE_ARN = /^arn:aws:vpc-lattice:([a-z0-9-]+):(\d{12}):([a-z]+)\/([0-9a-z-]+)$/;

/** The live Lattice record behind a shareable ARN in this region, if it exists. */
export function latticeResource(region: RegionState, arn: string): LatticeResourceRef | undefined {
  const m = LATTICE_ARN.exec(arn);
  if (!m || m[1] !== region.name) return undefined;
  const kind = m[3];
  const id = m[4]!;
  const type = LATTICE_RESOURCE_TYPES.find((t) => t.arnKind === kind);
  if (!type) return undefined;
  if (type.arnKind === "servicenetwork") {
    const sn = region.serviceNetworks.get(id);
    return sn?.arn === arn
      ? { type, arn, ownerAccountId: sn.ownerAccountId, shareable: sn.sharingConfig?.enabled !== false }
      : undefined;
  }
  if (type.arnKind === "service") {
    const svc = region.services.get(id);
    return svc?.arn === arn ? { type, arn, ownerAccountId: svc.ownerAccountId, shareable: true } : undefined;
  }
  const rcfg = region.resourceConfigurations.get(id);
  return rcfg?.arn === arn
    ? { type, arn, ownerAccountId: rcfg.ownerAccountId, shareable: rcfg.type !== "CHILD" }
    : undefined;
}

const SID_PREFIX = "RamResourceShare";

function sidFor(share: ResourceShare, n: number): string {
  const id = share.resourceShareArn.split("/").pop() ?? "";
  return `${SID_PREFIX}${id.replace(/[^0-9A-Za-z]/g, "")}${n}`;
}

function statementsFor(share: ResourceShare, arn: string, actions: readonly string[]): object[] {
  const principals = share.principals.filter((p) => p.status === "ASSOCIATED").map((p) => p.id);
  const aws = principals
    .filter((p) => !p.startsWith("arn:aws:organizations::"))
    .map((p) => (/^\d{12}$/.test(p) ? `arn:aws:iam::${p}:root` : p));
  const statements: object[] = [];
  let n = 0;
  if (aws.length > 0) {
    statements.push({
      Sid: sidFor(share, n++),
      Effect: "Allow",
      Principal: { AWS: aws },
      Action: actions,
      Resource: arn,
    });
  }
  for (const p of principals.filter((x) => x.startsWith("arn:aws:organizations::"))) {
    const path = p.split(":").pop() ?? "";
    const condition = path.startsWith("organization/")
      ? { StringEquals: { "aws:PrincipalOrgID": path.slice("organization/".length) } }
      : { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": `${path.slice("ou/".length)}/*` } };
    statements.push({
      Sid: sidFor(share, n++),
      Effect: "Allow",
      Principal: "*",
      Action: actions,
      Resource: arn,
      Condition: condition,
    });
  }
  return statements;
}

/**
 * Keeps the resource policy of each shared ARN (what Lattice GetResourcePolicy returns) in line with the
 * ACTIVE shares that grant it. In AWS a Lattice resource policy and a RAM share are one grant, so a resource
 * no share grants any more has no policy.
 */
export function syncResourcePolicies(world: World, region: RegionState, arns: Iterable<string>): void {
  const now = world.now();
  for (const arn of new Set(arns)) {
    const ref = latticeResource(region, arn);
    const existing = region.resourcePolicies.get(arn);
    const statements = ref
      ? [...region.resourceShares.values()]
          .filter(
            (s) =>
              s.status === "ACTIVE" && s.resources.some((r) => r.arn === arn && r.status === "ASSOCIATED"),
          )
          .flatMap((s) => statementsFor(s, arn, ref.type.actions))
      : [];
    if (statements.length > 0) {
      region.resourcePolicies.set(arn, {
        policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
        createdAt: existing?.createdAt ?? now,
        lastUpdatedAt: now,
      });
    } else if (existing) {
      region.resourcePolicies.delete(arn);
    }
  }
}

/**
 * Applies what time and other services changed since the last RAM call: invitations expire seven days after
 * they were sent (or after the scenario was loaded, for back-dated ones), and resources deleted in Lattice
 * leave their shares.
 */
export function refreshSharing(world: World, region: RegionState): void {
  const now = world.now();
  const nowMs = Date.parse(now);
  const touched: string[] = [];
  for (const invitation of region.resourceShareInvitations.values()) {
    if (
      invitation.status !== "PENDING" ||
      nowMs - Math.max(Date.parse(invitation.invitationTimestamp), world.loadedAtMs) < INVITATION_TTL_MS
    )
      continue;
    invitation.status = "EXPIRED";
    const share = [...region.resourceShares.values()].find(
      (s) => s.resourceShareArn === invitation.resourceShareArn,
    );
    for (const p of share?.principals ?? []) {
      if (p.status === "ASSOCIATING" && principalAccount(p.id) === invitation.receiverAccountId) {
        p.status = "DISASSOCIATED";
        p.statusMessage = "The invitation expired before it was accepted.";
        p.lastUpdatedTime = now;
      }
    }
  }
  for (const share of region.resourceShares.values()) {
    for (const r of share.resources) {
      if (r.status !== "ASSOCIATED" || latticeResource(region, r.arn)) continue;
      r.status = "DISASSOCIATED";
      r.statusMessage = "The resource was deleted.";
      r.lastUpdatedTime = now;
      touched.push(r.arn);
    }
  }
  if (touched.length > 0) syncResourcePolicies(world, region, touched);
}
