import type { ApiResponse, RequestContext } from "../core/context";
import type { ResourceShareInvitation } from "../core/model";
import {
  checkInvitationArn,
  checkShareArn,
  clientToken,
  invitationByArn,
  invitationOut,
  optEnum,
  optStringList,
  principalAccount,
  ramBody,
  ramError,
  ramPage,
  REGION_SCOPES,
  reqString,
  resourceOut,
  shareByArn,
} from "./common";
import { syncResourcePolicies } from "./resources";

function notFound(arn: string) {
  return ramError(
    "ResourceShareInvitationArnNotFoundException",
    `ResourceShareInvitationArn ${arn} could not be found.`,
  );
}

/** An invitation the caller received, by ARN. Invitations of others are not found. */
function receivedInvitation(ctx: RequestContext, arn: string): ResourceShareInvitation {
  checkInvitationArn(arn);
  const invitation = invitationByArn(ctx.world.region(ctx.region), arn);
  if (!invitation || invitation.receiverAccountId !== ctx.caller.accountId) throw notFound(arn);
  return invitation;
}

function requirePending(invitation: ResourceShareInvitation): void {
  const arn = invitation.resourceShareInvitationArn;
  if (invitation.status === "ACCEPTED") {
    throw ramError(
      "ResourceShareInvitationAlreadyAcceptedException",
      `The invitation ${arn} has already been accepted.`,
    );
  }
  if (invitation.status === "REJECTED") {
    throw ramError(
      "ResourceShareInvitationAlreadyRejectedException",
      `The invitation ${arn} has already been rejected.`,
    );
  }
  if (invitation.status === "EXPIRED") {
    throw ramError("ResourceShareInvitationExpiredException", `The invitation ${arn} has expired.`);
  }
}

export function getResourceShareInvitations(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const invitationArns = optStringList(body, "resourceShareInvitationArns");
  const shareArns = optStringList(body, "resourceShareArns");
  invitationArns?.forEach(checkInvitationArn);
  shareArns?.forEach(checkShareArn);
  const me = ctx.caller.accountId;
  const mine = [...ctx.world.region(ctx.region).resourceShareInvitations.values()].filter(
    (i) => i.receiverAccountId === me || i.senderAccountId === me,
  );
  for (const arn of invitationArns ?? []) {
    if (!mine.some((i) => i.resourceShareInvitationArn === arn)) throw notFound(arn);
  }
  const selected = mine.filter(
    (i) =>
      (invitationArns === undefined || invitationArns.includes(i.resourceShareInvitationArn)) &&
      (shareArns === undefined || shareArns.includes(i.resourceShareArn)),
  );
  const page = ramPage(body, selected);
  return {
    status: 200,
    body: { resourceShareInvitations: page.items.map(invitationOut), nextToken: page.nextToken },
  };
}

function respond(invitation: ResourceShareInvitation, token: string | undefined): ApiResponse {
  return {
    status: 200,
    body: {
      resourceShareInvitation: invitationOut(invitation),
      ...(token !== undefined ? { clientToken: token } : {}),
    },
  };
}

/** Accepting makes the receiver's pending principal associations ASSOCIATED, so the resources become visible. */
export function acceptResourceShareInvitation(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const invitation = receivedInvitation(ctx, reqString(body, "resourceShareInvitationArn"));
  const token = clientToken(body);
  requirePending(invitation);
  const region = ctx.world.region(ctx.region);
  const share = shareByArn(region, invitation.resourceShareArn);
  if (!share || share.status !== "ACTIVE") {
    throw ramError(
      "OperationNotPermittedException",
      `The resource share ${invitation.resourceShareArn} is no longer active.`,
    );
  }
  const now = ctx.world.now();
  invitation.status = "ACCEPTED";
  for (const p of share.principals) {
    if (p.status !== "ASSOCIATING" || principalAccount(p.id) !== invitation.receiverAccountId) continue;
    if (invitation.receiverArn !== undefined && p.id !== invitation.receiverArn) continue;
    p.status = "ASSOCIATED";
    p.lastUpdatedTime = now;
  }
  share.lastUpdatedTime = now;
  syncResourcePolicies(
    ctx.world,
    region,
    share.resources.map((r) => r.arn),
  );
  return respond(invitation, token);
}

export function rejectResourceShareInvitation(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const invitation = receivedInvitation(ctx, reqString(body, "resourceShareInvitationArn"));
  const token = clientToken(body);
  requirePending(invitation);
  const share = shareByArn(ctx.world.region(ctx.region), invitation.resourceShareArn);
  const now = ctx.world.now();
  invitation.status = "REJECTED";
  for (const p of share?.principals ?? []) {
    if (p.status !== "ASSOCIATING" || principalAccount(p.id) !== invitation.receiverAccountId) continue;
    if (invitation.receiverArn !== undefined && p.id !== invitation.receiverArn) continue;
    Object.assign(p, {
      status: "DISASSOCIATED",
      statusMessage: "The invitation was rejected.",
      lastUpdatedTime: now,
    });
  }
  return respond(invitation, token);
}

export function listPendingInvitationResources(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const invitation = receivedInvitation(ctx, reqString(body, "resourceShareInvitationArn"));
  const scope = optEnum(body, "resourceRegionScope", REGION_SCOPES) ?? "ALL";
  if (invitation.status === "REJECTED" || invitation.status === "EXPIRED") requirePending(invitation);
  const share = shareByArn(ctx.world.region(ctx.region), invitation.resourceShareArn);
  const status = invitation.status === "PENDING" ? "PENDING" : "AVAILABLE";
  const rows =
    scope === "GLOBAL"
      ? []
      : (share?.resources ?? [])
          .filter((r) => r.status === "ASSOCIATED")
          .map((r) => resourceOut(share!, r, status));
  const page = ramPage(body, rows);
  return { status: 200, body: { resources: page.items, nextToken: page.nextToken } };
}
