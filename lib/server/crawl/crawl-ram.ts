import "server-only";
import { accountNode, principalNode } from "./node-ids";
import { plainJson } from "./payload";
import type { ScopeCrawl } from "./scope-crawl";

/**
 * RAM shares the account owns: one node per share, and a `shared-with` edge from each shared resource to each
 * principal, carrying the association status (ASSOCIATING while an invitation is pending).
 */
export async function crawlRam(s: ScopeCrawl): Promise<void> {
  const [shares, principals, resources, invitations] = await Promise.all([
    s.ctx.list("GetResourceShares", undefined, async (nextToken) => {
      const out = await s.aws.getResourceShares({ resourceOwner: "SELF", nextToken });
      return { items: out.resourceShares, nextToken: out.nextToken, $metadata: out.$metadata };
    }),
    s.ctx.list("GetResourceShareAssociations", "PRINCIPAL", async (nextToken) => {
      const out = await s.aws.getResourceShareAssociations({ associationType: "PRINCIPAL", nextToken });
      return { items: out.resourceShareAssociations, nextToken: out.nextToken, $metadata: out.$metadata };
    }),
    s.ctx.list("GetResourceShareAssociations", "RESOURCE", async (nextToken) => {
      const out = await s.aws.getResourceShareAssociations({ associationType: "RESOURCE", nextToken });
      return { items: out.resourceShareAssociations, nextToken: out.nextToken, $metadata: out.$metadata };
    }),
    s.ctx.list("GetResourceShareInvitations", undefined, async (nextToken) => {
      const out = await s.aws.getResourceShareInvitations({ nextToken });
      return { items: out.resourceShareInvitations, nextToken: out.nextToken, $metadata: out.$metadata };
    }),
  ]);
  if (!shares || !principals || !resources || !invitations) {
    if (!shares) s.ctx.listingFailed("ram-shares", "GetResourceShares");
    if (!principals) s.ctx.listingFailed("ram-shares", "GetResourceShareAssociations", "PRINCIPAL");
    if (!resources) s.ctx.listingFailed("ram-shares", "GetResourceShareAssociations", "RESOURCE");
    if (!invitations) s.ctx.listingFailed("ram-shares", "GetResourceShareInvitations");
    return;
  }
  const live = (status: string | undefined) => status !== "DISASSOCIATED";
  let allPlaced = true;
  for (const share of shares) {
    const arn = share.resourceShareArn;
    if (share.status === "DELETED") continue;
    if (!arn) {
      allPlaced = false;
      s.ctx.problem(
        "GetResourceShares",
        undefined,
        `GetResourceShares returned share ${share.name ?? "without a name"} without resourceShareArn; it could not be placed`,
      );
      continue;
    }
    const sharePrincipals = principals.filter((p) => p.resourceShareArn === arn && live(p.status));
    const shareResources = resources.filter((r) => r.resourceShareArn === arn && live(r.status));
    const shareInvitations = invitations.filter((i) => i.resourceShareArn === arn);
    s.ctx.addResource({
      id: arn,
      kind: "ram-share",
      accountId: s.accountId,
      region: s.region,
      name: share.name ?? arn,
      parentId: accountNode(s.accountId),
      data: plainJson({
        ...share,
        tags: Object.fromEntries((share.tags ?? []).map((t) => [t.key ?? "", t.value ?? ""])),
        principals: sharePrincipals.map((p) => ({
          id: p.associatedEntity,
          status: p.status,
          external: p.external,
        })),
        resources: shareResources.map((r) => ({ arn: r.associatedEntity, status: r.status })),
        invitations: shareInvitations,
      }),
    });
    for (const resource of shareResources) {
      for (const principal of sharePrincipals) {
        // An association without its entity names nothing to draw; the share's own record lists it as read.
        if (!resource.associatedEntity || !principal.associatedEntity) continue;
        const invitation = shareInvitations.find((i) => i.receiverAccountId === principal.associatedEntity);
        s.ctx.addRelation(
          "shared-with",
          resource.associatedEntity,
          principalNode(principal.associatedEntity),
          {
            shareArn: arn,
            shareName: share.name ?? null,
            status: principal.status ?? null,
            resourceStatus: resource.status ?? null,
            external: principal.external ?? false,
            invitationStatus: invitation?.status ?? null,
          },
        );
      }
    }
  }
  if (!allPlaced) return;
  s.ctx.completed("ram-share");
  s.ctx.completed("shared-with");
}
