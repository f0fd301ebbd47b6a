import type { RequestContext } from "../core/context";
import { ApiError } from "../core/errors";
import type { RegionState, ResourceShare, ResourceShareInvitation } from "../core/model";
import { jsonBody, paginate } from "../core/rest-json";
import { principalCovers } from "../core/sharing";
import type { World } from "../core/world";

export type Body = Record<string, unknown>;
export type AssociationStatus = ResourceShare["principals"][number]["status"];
export type SharedResource = ResourceShare["resources"][number];
export type SharePrincipal = ResourceShare["principals"][number];

export const RAM_MAX_RESULTS = 500;
/** Invitations that are neither accepted nor rejected expire after seven days. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export function ramError(code: string, message: string, status = 400): ApiError {
  return new ApiError(status, code, message);
}

export function invalidParameter(message: string): ApiError {
  return ramError("InvalidParameterException", message);
}

/** The JSON body; anything that is not a JSON object is an InvalidParameterException. */
export function ramBody(ctx: RequestContext): Body {
  try {
    return jsonBody(ctx);
  } catch {
    throw invalidParameter("The request body could not be parsed as a JSON object");
  }
}

export function optString(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidParameter(`The parameter ${key} must be a string`);
  return value;
}

export function reqString(body: Body, key: string): string {
  const value = optString(body, key);
  if (value === undefined || value === "") {
    throw ramError(
      "MissingRequiredParameterException",
      `The request is missing the required parameter ${key}`,
    );
  }
  return value;
}

export function optStringList(body: Body, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalidParameter(`The parameter ${key} must be a list of strings`);
  }
  return value as string[];
}

export function optBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidParameter(`The parameter ${key} must be a boolean`);
  return value;
}

export function optEnum<T extends string>(body: Body, key: string, values: readonly T[]): T | undefined {
  const value = optString(body, key);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw invalidParameter(`The value ${value} for ${key} is not valid. Valid values: ${values.join(", ")}`);
  }
  return value as T;
}

export function reqEnum<T extends string>(body: Body, key: string, values: readonly T[]): T {
  reqString(body, key);
  return optEnum(body, key, values)!;
}

export const RESOURCE_OWNERS = ["SELF", "OTHER-ACCOUNTS"] as const;
export type ResourceOwner = (typeof RESOURCE_OWNERS)[number];
export const REGION_SCOPES = ["ALL", "REGIONAL", "GLOBAL"] as const;

export function clientToken(body: Body): string | undefined {
  const token = optString(body, "clientToken");
  if (token !== undefined && (token.length < 1 || token.length > 64)) {
    throw ramError(
      "InvalidClientTokenException",
      "The client token must be between 1 and 64 characters long",
    );
  }
  return token;
}

/** One page of a RAM list: `maxResults` 1–500 and `nextToken` in the body. */
export function ramPage<T>(body: Body, items: T[]): { items: T[]; nextToken?: string } {
  return paginate(items, body.maxResults, body.nextToken, {
    max: RAM_MAX_RESULTS,
    invalid: (_message, field) =>
      field === "maxResults"
        ? ramError(
            "InvalidMaxResultsException",
            `The value of maxResults must be between 1 and ${RAM_MAX_RESULTS}`,
          )
        : ramError("InvalidNextTokenException", "The specified value for nextToken is not valid"),
  });
}

/** RAM timestamps are restJson1 epoch seconds (numbers), unlike Lattice's RFC 3339 strings. */
export function epoch(iso: string): number {
  return Date.parse(iso) / 1000;
}

const SHARE_ARN = /^arn:aws:ram:[a-z0-9-]+:\d{12}:resource-share\/[0-9A-Za-z-]+$/;
const INVITATION_ARN = /^arn:aws:ram:[a-z0-9-]+:\d{12}:resource-share-invitation\/[0-9A-Za-z-]+$/;
const ANY_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

export function checkShareArn(arn: string): void {
  if (!SHARE_ARN.test(arn)) {
    throw ramError("MalformedArnException", `The format of the resource share ARN ${arn} is not valid`);
  }
}

export function checkInvitationArn(arn: string): void {
  if (!INVITATION_ARN.test(arn)) {
    throw ramError(
      "MalformedArnException",
      `The format of the resource share invitation ARN ${arn} is not valid`,
    );
  }
}

export function checkArn(arn: string): void {
  if (!ANY_ARN.test(arn)) {
    throw ramError("MalformedArnException", `The format of the ARN ${arn} is not valid`);
  }
}

export function shareByArn(region: RegionState, arn: string): ResourceShare | undefined {
  return (
    region.resourceShares.get(arn) ??
    [...region.resourceShares.values()].find((s) => s.resourceShareArn === arn)
  );
}

export function invitationByArn(region: RegionState, arn: string): ResourceShareInvitation | undefined {
  return (
    region.resourceShareInvitations.get(arn) ??
    [...region.resourceShareInvitations.values()].find((i) => i.resourceShareInvitationArn === arn)
  );
}

/** A share owned by the caller, by ARN; anything else is UnknownResourceException. */
export function findOwnedShare(ctx: RequestContext, arn: string): ResourceShare {
  checkShareArn(arn);
  const share = shareByArn(ctx.world.region(ctx.region), arn);
  if (!share || share.owningAccountId !== ctx.caller.accountId) {
    throw ramError("UnknownResourceException", `ResourceShare ${arn} could not be found.`);
  }
  return share;
}

/** The account an account-id or IAM ARN principal belongs to (undefined for organisations and OUs). */
export function principalAccount(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:aws:iam::(\d{12}):/.exec(principal);
  return m?.[1];
}

/** Shares of other accounts whose ASSOCIATED principals cover the caller, as sharing.ts sees them. */
export function sharedWithCaller(world: World, region: RegionState, accountId: string): ResourceShare[] {
  return [...region.resourceShares.values()].filter(
    (share) =>
      share.owningAccountId !== accountId &&
      share.status === "ACTIVE" &&
      share.principals.some((p) => p.status === "ASSOCIATED" && principalCovers(world, p.id, accountId)),
  );
}

export function tagList(tags: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

export function shareOut(share: ResourceShare) {
  return {
    resourceShareArn: share.resourceShareArn,
    name: share.name,
    owningAccountId: share.owningAccountId,
    allowExternalPrincipals: share.allowExternalPrincipals,
    status: share.status,
    ...(share.statusMessage ? { statusMessage: share.statusMessage } : {}),
    tags: tagList(share.tags),
    creationTime: epoch(share.creationTime),
    lastUpdatedTime: epoch(share.lastUpdatedTime),
    featureSet: share.featureSet,
  };
}

export function resourceAssociationOut(share: ResourceShare, resource: SharedResource) {
  return {
    resourceShareArn: share.resourceShareArn,
    resourceShareName: share.name,
    associatedEntity: resource.arn,
    associationType: "RESOURCE",
    status: resource.status,
    ...(resource.statusMessage ? { statusMessage: resource.statusMessage } : {}),
    creationTime: epoch(resource.creationTime),
    lastUpdatedTime: epoch(resource.lastUpdatedTime),
    external: false,
  };
}

export function principalAssociationOut(share: ResourceShare, principal: SharePrincipal) {
  return {
    resourceShareArn: share.resourceShareArn,
    resourceShareName: share.name,
    associatedEntity: principal.id,
    associationType: "PRINCIPAL",
    status: principal.status,
    ...(principal.statusMessage ? { statusMessage: principal.statusMessage } : {}),
    creationTime: epoch(principal.creationTime),
    lastUpdatedTime: epoch(principal.lastUpdatedTime),
    external: principal.external,
  };
}

export function invitationOut(invitation: ResourceShareInvitation) {
  return {
    resourceShareInvitationArn: invitation.resourceShareInvitationArn,
    resourceShareName: invitation.resourceShareName,
    resourceShareArn: invitation.resourceShareArn,
    senderAccountId: invitation.senderAccountId,
    receiverAccountId: invitation.receiverAccountId,
    invitationTimestamp: epoch(invitation.invitationTimestamp),
    status: invitation.status,
    ...(invitation.receiverArn ? { receiverArn: invitation.receiverArn } : {}),
  };
}

export function resourceOut(share: ResourceShare, resource: SharedResource, status: "AVAILABLE" | "PENDING") {
  return {
    arn: resource.arn,
    type: resource.type,
    resourceShareArn: share.resourceShareArn,
    status,
    creationTime: epoch(resource.creationTime),
    lastUpdatedTime: epoch(resource.lastUpdatedTime),
    resourceRegionScope: "REGIONAL",
  };
}
