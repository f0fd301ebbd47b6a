import type { ApiResponse, RequestContext } from "../core/context";
import type { RegionState, ResourceShare } from "../core/model";
import {
  checkArn,
  clientToken,
  findOwnedShare,
  optBoolean,
  optStringList,
  principalAccount,
  principalAssociationOut,
  ramBody,
  ramError,
  reqString,
  resourceAssociationOut,
  shareOut,
  type Body,
  type SharePrincipal,
} from "./common";
import { planPrincipals, planResources, validateTags, type PlannedPrincipal } from "./plan";
import { syncResourcePolicies, type LatticeResourceRef } from "./resources";

function invite(
  ctx: RequestContext,
  region: RegionState,
  share: ResourceShare,
  planned: PlannedPrincipal,
): void {
  const receiver = planned.inviteAccount!;
  const receiverArn = planned.id.startsWith("arn:") ? planned.id : undefined;
  const pending = [...region.resourceShareInvitations.values()].some(
    (i) =>
      i.resourceShareArn === share.resourceShareArn &&
      i.receiverAccountId === receiver &&
      i.receiverArn === receiverArn &&
      i.status === "PENDING",
  );
  if (pending) return;
  const arn = `arn:aws:ram:${ctx.region}:${share.owningAccountId}:resource-share-invitation/${ctx.world.uuid()}`;
  region.resourceShareInvitations.set(arn, {
    resourceShareInvitationArn: arn,
    resourceShareArn: share.resourceShareArn,
    resourceShareName: share.name,
    senderAccountId: share.owningAccountId,
    receiverAccountId: receiver,
    region: ctx.region,
    invitationTimestamp: ctx.world.now(),
    status: "PENDING",
    ...(receiverArn ? { receiverArn } : {}),
  });
}

/** Adds planned resources and principals to a share; returns the associations it touched. */
function associate(
  ctx: RequestContext,
  region: RegionState,
  share: ResourceShare,
  resources: LatticeResourceRef[],
  principals: PlannedPrincipal[],
) {
  const now = ctx.world.now();
  const out: (ReturnType<typeof resourceAssociationOut> | ReturnType<typeof principalAssociationOut>)[] = [];
  for (const ref of resources) {
    let entry = share.resources.find((r) => r.arn === ref.arn);
    if (!entry) {
      entry = {
        arn: ref.arn,
        type: ref.type.resourceType,
        status: "ASSOCIATED",
        creationTime: now,
        lastUpdatedTime: now,
      };
      share.resources.push(entry);
    } else if (entry.status !== "ASSOCIATED") {
      entry.status = "ASSOCIATED";
      delete entry.statusMessage;
      entry.lastUpdatedTime = now;
    }
    out.push(resourceAssociationOut(share, entry));
  }
  for (const planned of principals) {
    const status: SharePrincipal["status"] = planned.external ? "ASSOCIATING" : "ASSOCIATED";
    let entry = share.principals.find((p) => p.id === planned.id);
    if (!entry) {
      entry = { id: planned.id, status, external: planned.external, creationTime: now, lastUpdatedTime: now };
      share.principals.push(entry);
      if (planned.external) invite(ctx, region, share, planned);
    } else if (entry.status !== "ASSOCIATED" && entry.status !== "ASSOCIATING") {
      Object.assign(entry, { status, external: planned.external, lastUpdatedTime: now });
      delete entry.statusMessage;
      if (planned.external) invite(ctx, region, share, planned);
    }
    out.push(principalAssociationOut(share, entry));
  }
  if (resources.length > 0 || principals.length > 0) share.lastUpdatedTime = now;
  syncResourcePolicies(
    ctx.world,
    region,
    share.resources.map((r) => r.arn),
  );
  return out;
}

/** Pending invitations whose receiver no longer has an ASSOCIATING principal in the share expire. */
function expireOrphanInvitations(region: RegionState, share: ResourceShare): void {
  for (const invitation of region.resourceShareInvitations.values()) {
    if (invitation.resourceShareArn !== share.resourceShareArn || invitation.status !== "PENDING") continue;
    const waiting = share.principals.some(
      (p) => p.status === "ASSOCIATING" && principalAccount(p.id) === invitation.receiverAccountId,
    );
    if (!waiting) invitation.status = "EXPIRED";
  }
}

function requireActive(share: ResourceShare): void {
  if (share.status !== "ACTIVE") {
    throw ramError(
      "InvalidStateTransitionException",
      `The resource share ${share.resourceShareArn} is in status ${share.status} and cannot be changed.`,
    );
  }
}

export function createResourceShare(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const name = reqString(body, "name");
  const token = clientToken(body);
  const resourceArns = optStringList(body, "resourceArns") ?? [];
  const principals = optStringList(body, "principals") ?? [];
  const allowExternalPrincipals = optBoolean(body, "allowExternalPrincipals") ?? true;
  const tags = validateTags(body);
  const region = ctx.world.region(ctx.region);

  if (token !== undefined) {
    const previous = [...region.resourceShares.values()].find(
      (s) => s.owningAccountId === ctx.caller.accountId && s.clientToken === token,
    );
    if (previous) {
      if (previous.name !== name) {
        throw ramError(
          "IdempotentParameterMismatchException",
          `The client token ${token} was already used with different parameters.`,
        );
      }
      return { status: 200, body: { resourceShare: shareOut(previous), clientToken: token } };
    }
  }

  const plannedResources = planResources(ctx, region, resourceArns);
  const plannedPrincipals = planPrincipals(ctx, principals, allowExternalPrincipals);
  const now = ctx.world.now();
  const arn = `arn:aws:ram:${ctx.region}:${ctx.caller.accountId}:resource-share/${ctx.world.uuid()}`;
  const share: ResourceShare = {
    resourceShareArn: arn,
    name,
    owningAccountId: ctx.caller.accountId,
    region: ctx.region,
    allowExternalPrincipals,
    status: "ACTIVE",
    featureSet: "STANDARD",
    tags,
    resources: [],
    principals: [],
    creationTime: now,
    lastUpdatedTime: now,
    ...(token !== undefined ? { clientToken: token } : {}),
  };
  region.resourceShares.set(arn, share);
  associate(ctx, region, share, plannedResources, plannedPrincipals);
  share.lastUpdatedTime = now;
  return {
    status: 200,
    body: { resourceShare: shareOut(share), ...(token !== undefined ? { clientToken: token } : {}) },
  };
}

function changeLists(body: Body): { resourceArns: string[]; principals: string[] } {
  const resourceArns = optStringList(body, "resourceArns") ?? [];
  const principals = optStringList(body, "principals") ?? [];
  if (
    resourceArns.length === 0 &&
    principals.length === 0 &&
    (optStringList(body, "sources") ?? []).length === 0
  ) {
    throw ramError(
      "MissingRequiredParameterException",
      "The request must specify at least one of resourceArns, principals or sources",
    );
  }
  return { resourceArns, principals };
}

export function associateResourceShare(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const share = findOwnedShare(ctx, reqString(body, "resourceShareArn"));
  const token = clientToken(body);
  const { resourceArns, principals } = changeLists(body);
  requireActive(share);
  const region = ctx.world.region(ctx.region);
  const associations = associate(
    ctx,
    region,
    share,
    planResources(ctx, region, resourceArns),
    planPrincipals(ctx, principals, share.allowExternalPrincipals),
  );
  return {
    status: 200,
    body: { resourceShareAssociations: associations, ...(token !== undefined ? { clientToken: token } : {}) },
  };
}

export function disassociateResourceShare(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const share = findOwnedShare(ctx, reqString(body, "resourceShareArn"));
  const token = clientToken(body);
  const { resourceArns, principals } = changeLists(body);
  requireActive(share);
  const live = (status: string) => status === "ASSOCIATED" || status === "ASSOCIATING";
  for (const arn of resourceArns) {
    checkArn(arn);
    if (!share.resources.some((r) => r.arn === arn && live(r.status))) {
      throw ramError(
        "UnknownResourceException",
        `The resource ${arn} is not associated with the resource share.`,
      );
    }
  }
  for (const id of principals) {
    if (!share.principals.some((p) => p.id === id && live(p.status))) {
      throw ramError(
        "UnknownResourceException",
        `The principal ${id} is not associated with the resource share.`,
      );
    }
  }
  const now = ctx.world.now();
  const region = ctx.world.region(ctx.region);
  const out: (ReturnType<typeof resourceAssociationOut> | ReturnType<typeof principalAssociationOut>)[] = [];
  for (const entry of share.resources.filter((r) => resourceArns.includes(r.arn) && live(r.status))) {
    Object.assign(entry, { status: "DISASSOCIATED", lastUpdatedTime: now });
    out.push(resourceAssociationOut(share, entry));
  }
  for (const entry of share.principals.filter((p) => principals.includes(p.id) && live(p.status))) {
    Object.assign(entry, { status: "DISASSOCIATED", lastUpdatedTime: now });
    out.push(principalAssociationOut(share, entry));
  }
  share.lastUpdatedTime = now;
  expireOrphanInvitations(region, share);
  syncResourcePolicies(
    ctx.world,
    region,
    share.resources.map((r) => r.arn),
  );
  return {
    status: 200,
    body: { resourceShareAssociations: out, ...(token !== undefined ? { clientToken: token } : {}) },
  };
}

export function deleteResourceShare(ctx: RequestContext): ApiResponse {
  const arn = ctx.query.get("resourceShareArn") ?? "";
  if (arn === "") {
    throw ramError(
      "MissingRequiredParameterException",
      "The request is missing the required parameter resourceShareArn",
    );
  }
  const token = ctx.query.get("clientToken") ?? undefined;
  const share = findOwnedShare(ctx, arn);
  requireActive(share);
  const now = ctx.world.now();
  share.status = "DELETED";
  share.lastUpdatedTime = now;
  for (const entry of [...share.resources, ...share.principals]) {
    if (entry.status !== "DISASSOCIATED")
      Object.assign(entry, { status: "DISASSOCIATED", lastUpdatedTime: now });
  }
  const region = ctx.world.region(ctx.region);
  expireOrphanInvitations(region, share);
  syncResourcePolicies(
    ctx.world,
    region,
    share.resources.map((r) => r.arn),
  );
  return { status: 200, body: { returnValue: true, ...(token !== undefined ? { clientToken: token } : {}) } };
}
