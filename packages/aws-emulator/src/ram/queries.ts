import type { ApiResponse, RequestContext } from "../core/context";
import type { ResourceShare } from "../core/model";
import { principalCovers } from "../core/sharing";
import {
  checkArn,
  checkShareArn,
  epoch,
  invalidParameter,
  optEnum,
  optString,
  optStringList,
  principalAssociationOut,
  ramBody,
  ramError,
  ramPage,
  REGION_SCOPES,
  reqEnum,
  RESOURCE_OWNERS,
  resourceAssociationOut,
  resourceOut,
  sharedWithCaller,
  shareOut,
  type Body,
  type ResourceOwner,
} from "./common";
import { LATTICE_RESOURCE_TYPES } from "./resources";

const SHARE_STATUSES = ["PENDING", "ACTIVE", "FAILED", "DELETING", "DELETED"] as const;
const ASSOCIATION_STATUSES = [
  "ASSOCIATING",
  "ASSOCIATED",
  "FAILED",
  "DISASSOCIATING",
  "DISASSOCIATED",
] as const;

function ownedShares(ctx: RequestContext): ResourceShare[] {
  return [...ctx.world.region(ctx.region).resourceShares.values()].filter(
    (s) => s.owningAccountId === ctx.caller.accountId,
  );
}

function sharesFor(ctx: RequestContext, owner: ResourceOwner): ResourceShare[] {
  return owner === "SELF"
    ? ownedShares(ctx)
    : sharedWithCaller(ctx.world, ctx.world.region(ctx.region), ctx.caller.accountId);
}

/** `resourceShareArns` filter: every ARN must be well-formed; unknown ones simply match nothing. */
function shareArnFilter(body: Body): ((share: ResourceShare) => boolean) | undefined {
  const arns = optStringList(body, "resourceShareArns");
  if (arns === undefined) return undefined;
  arns.forEach(checkShareArn);
  const wanted = new Set(arns);
  return (share) => wanted.has(share.resourceShareArn);
}

function resourceTypeParam(body: Body): string | undefined {
  const type = optString(body, "resourceType");
  if (type !== undefined && !/^[a-z0-9-]+:[A-Za-z0-9]+$/i.test(type)) {
    throw ramError("InvalidResourceTypeException", `The resource type ${type} is not valid`);
  }
  return type?.toLowerCase();
}

const live = (status: string) => status === "ASSOCIATED";

export function getResourceShares(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const owner = reqEnum(body, "resourceOwner", RESOURCE_OWNERS);
  const status = optEnum(body, "resourceShareStatus", SHARE_STATUSES);
  const name = optString(body, "name");
  const byArn = shareArnFilter(body);
  const tagFilters = body.tagFilters;
  if (tagFilters !== undefined && tagFilters !== null && owner === "OTHER-ACCOUNTS") {
    throw invalidParameter(
      "You cannot use resourceOwner set to OTHER-ACCOUNTS and tagFilters in one request. Specify one parameter and try again.",
    );
  }
  if (tagFilters !== undefined && tagFilters !== null && !Array.isArray(tagFilters)) {
    throw invalidParameter("The parameter tagFilters must be a list of {tagKey, tagValues}");
  }
  const tagChecks = ((tagFilters as unknown[] | null | undefined) ?? []).map((raw) => {
    const { tagKey, tagValues } = (raw ?? {}) as { tagKey?: unknown; tagValues?: unknown };
    if (typeof tagKey !== "string" || (tagValues !== undefined && !Array.isArray(tagValues))) {
      throw invalidParameter("Each tag filter needs a tagKey and optional tagValues");
    }
    const values = (tagValues as unknown[] | undefined) ?? [];
    return (share: ResourceShare) =>
      Object.hasOwn(share.tags, tagKey) && (values.length === 0 || values.includes(share.tags[tagKey]));
  });
  const shares = sharesFor(ctx, owner).filter(
    (s) =>
      (status === undefined || s.status === status) &&
      (name === undefined || s.name === name) &&
      (byArn === undefined || byArn(s)) &&
      tagChecks.every((check) => check(s)),
  );
  const page = ramPage(body, shares);
  return { status: 200, body: { resourceShares: page.items.map(shareOut), nextToken: page.nextToken } };
}

export function listResources(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const owner = reqEnum(body, "resourceOwner", RESOURCE_OWNERS);
  const principal = optString(body, "principal");
  const type = resourceTypeParam(body);
  const resourceArns = optStringList(body, "resourceArns");
  resourceArns?.forEach(checkArn);
  const byShare = shareArnFilter(body);
  // Lattice resources are all regional, so a GLOBAL scope matches none of them.
  const scope = optEnum(body, "resourceRegionScope", REGION_SCOPES) ?? "ALL";
  const rows = sharesFor(ctx, owner)
    .filter((s) => scope !== "GLOBAL" && s.status === "ACTIVE" && (byShare === undefined || byShare(s)))
    .filter(
      (s) =>
        principal === undefined ||
        (owner === "SELF"
          ? s.principals.some((p) => p.id === principal && (live(p.status) || p.status === "ASSOCIATING"))
          : s.owningAccountId === principal),
    )
    .flatMap((share) =>
      share.resources
        .filter(
          (r) =>
            live(r.status) &&
            (type === undefined || r.type.toLowerCase() === type) &&
            (resourceArns === undefined || resourceArns.includes(r.arn)),
        )
        .map((r) => resourceOut(share, r, "AVAILABLE")),
    );
  const page = ramPage(body, rows);
  return { status: 200, body: { resources: page.items, nextToken: page.nextToken } };
}

export function listPrincipals(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const owner = reqEnum(body, "resourceOwner", RESOURCE_OWNERS);
  const resourceArn = optString(body, "resourceArn");
  if (resourceArn !== undefined) checkArn(resourceArn);
  const principals = optStringList(body, "principals");
  const type = resourceTypeParam(body);
  const byShare = shareArnFilter(body);
  const shares = sharesFor(ctx, owner).filter(
    (s) =>
      s.status === "ACTIVE" &&
      (byShare === undefined || byShare(s)) &&
      (resourceArn === undefined || s.resources.some((r) => r.arn === resourceArn && live(r.status))) &&
      (type === undefined || s.resources.some((r) => r.type.toLowerCase() === type && live(r.status))),
  );
  const rows =
    owner === "SELF"
      ? shares.flatMap((share) =>
          share.principals
            .filter(
              (p) => (live(p.status) || p.status === "ASSOCIATING") && (principals?.includes(p.id) ?? true),
            )
            .map((p) => {
              const { associatedEntity, creationTime, lastUpdatedTime, external } = principalAssociationOut(
                share,
                p,
              );
              return {
                id: associatedEntity,
                resourceShareArn: share.resourceShareArn,
                creationTime,
                lastUpdatedTime,
                external,
              };
            }),
        )
      : shares
          .filter((share) => principals?.includes(share.owningAccountId) ?? true)
          .map((share) => {
            const { creationTime, lastUpdatedTime, external } = sharedShareTimes(ctx, share);
            return {
              id: share.owningAccountId,
              resourceShareArn: share.resourceShareArn,
              creationTime,
              lastUpdatedTime,
              external,
            };
          });
  const page = ramPage(body, rows);
  return { status: 200, body: { principals: page.items, nextToken: page.nextToken } };
}

/** For a share seen by a principal: when its principal association was made, and whether it is external. */
function sharedShareTimes(ctx: RequestContext, share: ResourceShare) {
  const accountId = ctx.caller.accountId;
  const own = share.principals.find((p) => live(p.status) && principalCovers(ctx.world, p.id, accountId));
  return {
    creationTime: epoch(own?.creationTime ?? share.creationTime),
    lastUpdatedTime: epoch(own?.lastUpdatedTime ?? share.lastUpdatedTime),
    external: !ctx.world.sameOrganization(share.owningAccountId, accountId),
  };
}

export function getResourceShareAssociations(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const associationType = reqEnum(body, "associationType", ["PRINCIPAL", "RESOURCE"] as const);
  const resourceArn = optString(body, "resourceArn");
  const principal = optString(body, "principal");
  if (resourceArn !== undefined && associationType === "PRINCIPAL") {
    throw invalidParameter("You cannot specify resourceArn when associationType is PRINCIPAL.");
  }
  if (principal !== undefined && associationType === "RESOURCE") {
    throw invalidParameter("You cannot specify principal when associationType is RESOURCE.");
  }
  if (resourceArn !== undefined) checkArn(resourceArn);
  const status = optEnum(body, "associationStatus", ASSOCIATION_STATUSES);
  const byShare = shareArnFilter(body);
  const shares = ownedShares(ctx).filter((s) => byShare === undefined || byShare(s));
  const rows =
    associationType === "RESOURCE"
      ? shares.flatMap((share) =>
          share.resources
            .filter(
              (r) =>
                (resourceArn === undefined || r.arn === resourceArn) &&
                (status === undefined || r.status === status),
            )
            .map((r) => resourceAssociationOut(share, r)),
        )
      : shares.flatMap((share) =>
          share.principals
            .filter(
              (p) =>
                (principal === undefined || p.id === principal) &&
                (status === undefined || p.status === status),
            )
            .map((p) => principalAssociationOut(share, p)),
        );
  const page = ramPage(body, rows);
  return { status: 200, body: { resourceShareAssociations: page.items, nextToken: page.nextToken } };
}

export function listResourceTypes(ctx: RequestContext): ApiResponse {
  const body = ramBody(ctx);
  const scope = optEnum(body, "resourceRegionScope", REGION_SCOPES) ?? "ALL";
  const types =
    scope === "GLOBAL"
      ? []
      : LATTICE_RESOURCE_TYPES.map((t) => ({
          resourceType: t.resourceType,
          serviceName: "vpc-lattice",
          resourceRegionScope: "REGIONAL",
        }));
  const page = ramPage(body, types);
  return { status: 200, body: { resourceTypes: page.items, nextToken: page.nextToken } };
}
