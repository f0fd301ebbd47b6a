import type { World } from "./world";

/** Account id of an ARN (`arn:aws:svc:region:account:…`). */
export function arnAccount(arn: string): string | undefined {
  return arn.split(":")[4] || undefined;
}

/** True when `principal` (an account id, org/OU ARN or IAM ARN in a share) covers `accountId`. */
export function principalCovers(world: World, principal: string, accountId: string): boolean {
  if (principal === accountId) return true;
  if (principal.startsWith("arn:aws:organizations::")) {
    const org = world.accounts.get(accountId)?.organizationId;
    return org !== undefined && principal.includes(`/${org}`);
  }
  if (principal.startsWith("arn:aws:iam::")) return arnAccount(principal) === accountId;
  return false;
}

/**
 * As in AWS, a resource shared through RAM is visible to a principal account once the share is ACTIVE, the
 * resource is associated and the principal's association is ASSOCIATED (for an external account: once it
 * accepted the invitation).
 */
export function isSharedWith(world: World, region: string, resourceArn: string, accountId: string): boolean {
  const state = world.regions.get(region);
  if (!state) return false;
  for (const share of state.resourceShares.values()) {
    if (share.status !== "ACTIVE") continue;
    if (!share.resources.some((r) => r.arn === resourceArn && r.status === "ASSOCIATED")) continue;
    if (share.principals.some((p) => p.status === "ASSOCIATED" && principalCovers(world, p.id, accountId)))
      return true;
  }
  return false;
}

/** Owned by the account, or shared with it. */
export function isVisibleTo(
  world: World,
  region: string,
  resource: { arn: string; ownerAccountId: string },
  accountId: string,
): boolean {
  return resource.ownerAccountId === accountId || isSharedWith(world, region, resource.arn, accountId);
}
