import type { RequestContext } from "../core/context";
import type { RegionState } from "../core/model";
import { checkArn, invalidParameter, principalAccount, ramError, type Body } from "./common";
import { latticeResource, type LatticeResourceRef } from "./resources";

const ORGANIZATION = /^arn:aws:organizations::\d{12}:organization\/(o-[a-z0-9]{10,32})$/;
const ORGANIZATIONAL_UNIT =
  /^arn:aws:organizations::\d{12}:ou\/(o-[a-z0-9]{10,32})\/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const IAM_PRINCIPAL = /^arn:aws:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

export interface PlannedPrincipal {
  id: string;
  external: boolean;
  /** Account to invite (external principals only). */
  inviteAccount?: string;
}

export function validateTags(body: Body): Record<string, string> {
  const raw = body.tags;
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) throw invalidParameter("The parameter tags must be a list of {key, value}");
  const tags: Record<string, string> = {};
  for (const tag of raw as unknown[]) {
    const { key, value } = (tag ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== "string" || key.length < 1 || key.length > 128) {
      throw invalidParameter("Each tag key must be a string of 1 to 128 characters");
    }
    if (value !== undefined && (typeof value !== "string" || value.length > 256)) {
      throw invalidParameter("Each tag value must be a string of at most 256 characters");
    }
    tags[key] = typeof value === "string" ? value : "";
  }
  if (Object.keys(tags).length > 50) {
    throw ramError("TagLimitExceededException", "A resource share can have at most 50 tags");
  }
  return tags;
}

/** Resolves resource ARNs to Lattice resources the caller owns in this region; validates before any change. */
export function planResources(
  ctx: RequestContext,
  region: RegionState,
  arns: string[],
): LatticeResourceRef[] {
  return arns.map((arn) => {
    checkArn(arn);
    const ref = latticeResource(region, arn);
    if (!ref || ref.ownerAccountId !== ctx.caller.accountId) {
      throw ramError("UnknownResourceException", `The resource ${arn} could not be found.`);
    }
    if (!ref.shareable) {
      throw ramError("OperationNotPermittedException", `The resource ${arn} cannot be shared.`);
    }
    return ref;
  });
}

/**
 * Checks each principal and decides how it joins: accounts in the owner's organisation (and the
 * organisation or its OUs) are associated at once, other accounts need allowExternalPrincipals and an
 * accepted invitation.
 */
export function planPrincipals(
  ctx: RequestContext,
  principals: string[],
  allowExternal: boolean,
): PlannedPrincipal[] {
  const world = ctx.world;
  const owner = ctx.caller.accountId;
  const ownerOrg = world.accounts.get(owner)?.organizationId;
  return principals.map((id) => {
    const org = ORGANIZATION.exec(id)?.[1] ?? ORGANIZATIONAL_UNIT.exec(id)?.[1];
    if (org !== undefined) {
      if (org !== ownerOrg) {
        throw ramError("UnknownResourceException", `Organization ${org} could not be found.`);
      }
      return { id, external: false };
    }
    if (id.startsWith("arn:") && !IAM_PRINCIPAL.test(id)) {
      throw ramError("MalformedArnException", `The format of the principal ARN ${id} is not valid`);
    }
    const account = principalAccount(id);
    if (account === undefined) {
      throw invalidParameter(`Principal ID ${id} is malformed. Verify the ID and try again.`);
    }
    if (account === owner) {
      throw invalidParameter(`The principal ${id} belongs to the account that owns the resource share.`);
    }
    if (world.sameOrganization(owner, account)) return { id, external: false };
    if (!allowExternal) {
      throw ramError(
        "OperationNotPermittedException",
        `The resource share does not allow external principals, and ${id} is not in your organization.`,
      );
    }
    return { id, external: true, inviteAccount: account };
  });
}
