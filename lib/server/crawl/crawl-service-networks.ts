import "server-only";
import type { ServiceNetworkSummary } from "../aws/crawl-reads";
import type { CrawledIncompletePart } from "@/lib/domain/topology/incomplete";
import type { RelationKind } from "@/lib/domain/topology/snapshot";
import { accountNode, arnAccount, endpointNode, vpcNode } from "./node-ids";
import { payload, plainJson } from "./payload";
import { accessLogsOf, authPolicyOf, resourcePolicyOf, tagsOf, type ScopeCrawl } from "./scope-crawl";

const ASSOCIATION_KINDS = [
  "sn-vpc",
  "sn-service",
  "sn-resource",
  "sn-endpoint",
] as const satisfies RelationKind[];

/**
 * Service networks the account owns, and the associations (VPC, service, resource configuration, VPC endpoint)
 * of every network it sees. A network's owner records all of its associations; for a network shared in from an
 * account this run does not crawl, the scope records the associations its own account made.
 */
export async function crawlServiceNetworks(s: ScopeCrawl): Promise<void> {
  const networks = await s.ctx.list("ListServiceNetworks", undefined, async (nextToken) => {
    const out = await s.aws.listServiceNetworks({ nextToken });
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!networks) {
    s.ctx.listingFailed("service-networks", "ListServiceNetworks");
    return;
  }
  let allPlaced = true;
  const associationsRead = new Set<RelationKind>(ASSOCIATION_KINDS);
  await Promise.all(
    networks.map(async (summary) => {
      const arn = summary.arn ?? (await networkArnById(s, summary.id));
      if (!arn) {
        allPlaced = false;
        for (const kind of ASSOCIATION_KINDS) associationsRead.delete(kind);
        return;
      }
      if (s.ownedByOtherCrawledAccount(arn)) return;
      const [, associations] = await Promise.all([
        s.owns(arn) ? readServiceNetwork(s, arn, summary) : Promise.resolve(),
        crawlAssociations(s, arn),
      ]);
      for (const kind of ASSOCIATION_KINDS) if (!associations.has(kind)) associationsRead.delete(kind);
    }),
  );
  if (allPlaced) s.ctx.completed("service-network");
  // Every network this scope is responsible for was listed: associations to networks that vanished are gone too.
  for (const kind of associationsRead) s.ctx.completed(kind);
}

/** A network listed without its ARN: GetServiceNetwork by id names it, or the error says why it is missing. */
async function networkArnById(s: ScopeCrawl, id: string | undefined): Promise<string | undefined> {
  if (!id) {
    s.ctx.problem(
      "ListServiceNetworks",
      undefined,
      "ListServiceNetworks returned a service network without arn or id",
    );
    return undefined;
  }
  const detail = await s.ctx.call("GetServiceNetwork", id, () =>
    s.aws.getServiceNetwork({ serviceNetworkIdentifier: id }),
  );
  if (detail?.arn) return detail.arn;
  s.ctx.problem(
    "ListServiceNetworks",
    undefined,
    `ListServiceNetworks returned service network ${id} without its ARN, and GetServiceNetwork did not give it; ` +
      "its owner is unknown, so it could not be placed",
  );
  return undefined;
}

export async function readServiceNetwork(
  s: ScopeCrawl,
  arn: string,
  summary: ServiceNetworkSummary,
): Promise<void> {
  const [detail, authPolicy, resourcePolicy, tags, accessLogs] = await Promise.all([
    s.ctx.call("GetServiceNetwork", arn, () =>
      s.aws.getServiceNetwork({ serviceNetworkIdentifier: s.identifier(arn) }),
    ),
    authPolicyOf(s, arn),
    resourcePolicyOf(s, arn),
    tagsOf(s, arn),
    accessLogsOf(s, arn),
  ]);
  const listed = plainJson({ ...summary, arn });
  const incomplete: CrawledIncompletePart[] = [];
  if (!detail)
    incomplete.push(s.ctx.unread("detail", "GetServiceNetwork", arn, { fromListing: Object.keys(listed) }));
  if (authPolicy === undefined)
    incomplete.push(s.ctx.unread("auth-policy", "GetAuthPolicy", arn, { keys: ["authPolicy"] }));
  if (resourcePolicy === undefined) {
    incomplete.push(s.ctx.unread("resource-policy", "GetResourcePolicy", arn, { keys: ["resourcePolicy"] }));
  }
  if (tags === undefined)
    incomplete.push(s.ctx.unread("tags", "ListTagsForResource", arn, { keys: ["tags"] }));
  if (accessLogs === undefined) {
    incomplete.push(
      s.ctx.unread("access-logs", "ListAccessLogSubscriptions", arn, { keys: ["accessLogSubscriptions"] }),
    );
  }
  s.ctx.addResource({
    id: arn,
    kind: "service-network",
    accountId: s.accountId,
    region: s.region,
    name: detail?.name ?? summary.name ?? arn,
    parentId: accountNode(s.accountId),
    data: plainJson({
      ...(detail ? payload(detail) : listed),
      ...(authPolicy !== undefined ? { authPolicy } : {}),
      ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
      ...(tags !== undefined ? { tags } : {}),
      ...(accessLogs !== undefined ? { accessLogSubscriptions: accessLogs } : {}),
    }),
    raw: plainJson(detail ? { GetServiceNetwork: payload(detail) } : { ListServiceNetworks: summary }),
    ...(incomplete.length > 0 ? { incomplete } : {}),
  });
}

/**
 * An association listed with only the id of what it associates: GetServiceNetwork{Service,Resource}Association
 * names its ARN; else the error says why it could not be placed.
 */
async function placeById(
  s: ScopeCrawl,
  listing: string,
  snArn: string,
  association: { id?: string; arn?: string },
  what: { label: string; id: string | undefined },
  read: (identifier: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  const identifier = association.arn ?? association.id;
  const arn = identifier ? await read(identifier) : undefined;
  if (arn) return arn;
  s.ctx.problem(
    listing,
    snArn,
    `${listing} returned association ${association.id ?? "without id"} with ${what.label} ${what.id ?? "unknown"} ` +
      `but no ${what.label} ARN, and the association's detail did not give it either; it could not be placed`,
  );
  return undefined;
}

/** Crawls the network's associations; returns the kinds whose listing was read and every item placed. */
export async function crawlAssociations(s: ScopeCrawl, snArn: string): Promise<Set<RelationKind>> {
  const mine = s.owns(snArn);
  const madeHere = (creator: string | undefined) => mine || creator === s.accountId;
  const read = new Set<RelationKind>();
  const done = (kind: RelationKind) => {
    read.add(kind);
    s.ctx.completed(kind, snArn);
  };
  const listingFailed = (part: CrawledIncompletePart["part"], operation: string) =>
    s.ctx.markIncomplete(snArn, s.ctx.unread(part, operation, snArn, { keys: [] }));
  const snIdentifier = s.identifier(snArn);

  await Promise.all([
    (async () => {
      const associations = await s.ctx.list("ListServiceNetworkVpcAssociations", snArn, async (nextToken) => {
        const out = await s.aws.listServiceNetworkVpcAssociations({
          serviceNetworkIdentifier: snIdentifier,
          nextToken,
        });
        return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
      });
      if (!associations) return listingFailed("vpc-associations", "ListServiceNetworkVpcAssociations");
      let allPlaced = true;
      await Promise.all(
        associations.map(async (a) => {
          const createdBy = a.createdBy ?? arnAccount(a.arn ?? "");
          if (!madeHere(createdBy)) return;
          const associationArn =
            a.arn ??
            (a.id && createdBy
              ? `arn:aws:vpc-lattice:${s.region}:${createdBy}:servicenetworkvpcassociation/${a.id}`
              : undefined);
          if (!a.vpcId || !associationArn) {
            allPlaced = false;
            s.ctx.problem(
              "ListServiceNetworkVpcAssociations",
              snArn,
              `ListServiceNetworkVpcAssociations returned association ${a.id ?? "without id"} without ` +
                `${a.vpcId ? "arn, id or creator" : "vpcId"}; it could not be placed`,
            );
            return;
          }
          const detail = await s.ctx.call("GetServiceNetworkVpcAssociation", associationArn, () =>
            s.aws.getServiceNetworkVpcAssociation({
              serviceNetworkVpcAssociationIdentifier: s.identifier(associationArn),
            }),
          );
          const incomplete = detail
            ? []
            : [
                s.ctx.unread("detail", "GetServiceNetworkVpcAssociation", associationArn, {
                  keys: ["securityGroupIds", "privateDnsEnabled", "dnsOptions"],
                }),
              ];
          s.ctx.addRelation(
            "sn-vpc",
            snArn,
            vpcNode(s.region, createdBy, a.vpcId),
            plainJson({
              associationId: a.id,
              associationArn,
              status: a.status,
              createdBy,
              serviceNetworkName: a.serviceNetworkName,
              vpcId: a.vpcId,
              ...(detail ? { securityGroupIds: detail.securityGroupIds ?? [] } : {}),
              privateDnsEnabled: detail?.privateDnsEnabled ?? a.privateDnsEnabled,
              dnsOptions: detail?.dnsOptions ?? a.dnsOptions,
            }),
            incomplete,
          );
        }),
      );
      if (allPlaced) done("sn-vpc");
      else listingFailed("vpc-associations", "ListServiceNetworkVpcAssociations");
    })(),
    (async () => {
      const listing = "ListServiceNetworkServiceAssociations";
      const associations = await s.ctx.list(listing, snArn, async (nextToken) => {
        const out = await s.aws.listServiceNetworkServiceAssociations({
          serviceNetworkIdentifier: snIdentifier,
          nextToken,
        });
        return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
      });
      if (!associations) return listingFailed("service-associations", listing);
      let allPlaced = true;
      await Promise.all(
        associations.map(async (a) => {
          if (!madeHere(a.createdBy)) return;
          const serviceArn =
            a.serviceArn ??
            (await placeById(
              s,
              listing,
              snArn,
              a,
              { label: "service", id: a.serviceId },
              async (identifier) => {
                const out = await s.ctx.call("GetServiceNetworkServiceAssociation", identifier, () =>
                  s.aws.getServiceNetworkServiceAssociation({
                    serviceNetworkServiceAssociationIdentifier: s.identifier(identifier),
                  }),
                );
                return out?.serviceArn;
              },
            ));
          if (!serviceArn) {
            allPlaced = false;
            return;
          }
          s.ctx.addRelation(
            "sn-service",
            snArn,
            serviceArn,
            plainJson({
              associationId: a.id,
              associationArn: a.arn,
              status: a.status,
              createdBy: a.createdBy,
              serviceName: a.serviceName,
              serviceNetworkName: a.serviceNetworkName,
              dnsEntry: a.dnsEntry,
              customDomainName: a.customDomainName,
            }),
          );
        }),
      );
      if (allPlaced) done("sn-service");
      else listingFailed("service-associations", listing);
    })(),
    (async () => {
      const listing = "ListServiceNetworkResourceAssociations";
      const associations = await s.ctx.list(listing, snArn, async (nextToken) => {
        const out = await s.aws.listServiceNetworkResourceAssociations({
          serviceNetworkIdentifier: snIdentifier,
          nextToken,
        });
        return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
      });
      if (!associations) return listingFailed("resource-associations", listing);
      let allPlaced = true;
      await Promise.all(
        associations.map(async (a) => {
          if (!madeHere(a.createdBy)) return;
          const configurationArn =
            a.resourceConfigurationArn ??
            (await placeById(
              s,
              listing,
              snArn,
              a,
              { label: "resource configuration", id: a.resourceConfigurationId },
              async (identifier) => {
                const out = await s.ctx.call("GetServiceNetworkResourceAssociation", identifier, () =>
                  s.aws.getServiceNetworkResourceAssociation({
                    serviceNetworkResourceAssociationIdentifier: s.identifier(identifier),
                  }),
                );
                return out?.resourceConfigurationArn;
              },
            ));
          if (!configurationArn) {
            allPlaced = false;
            return;
          }
          s.ctx.addRelation(
            "sn-resource",
            snArn,
            configurationArn,
            plainJson({
              associationId: a.id,
              associationArn: a.arn,
              status: a.status,
              createdBy: a.createdBy,
              resourceConfigurationName: a.resourceConfigurationName,
              serviceNetworkName: a.serviceNetworkName,
              dnsEntry: a.dnsEntry,
              privateDnsEntry: a.privateDnsEntry,
              privateDnsEnabled: a.privateDnsEnabled,
              isManagedAssociation: a.isManagedAssociation,
              failureCode: a.failureCode,
            }),
          );
        }),
      );
      if (allPlaced) done("sn-resource");
      else listingFailed("resource-associations", listing);
    })(),
    (async () => {
      const listing = "ListServiceNetworkVpcEndpointAssociations";
      const associations = await s.ctx.list(listing, snArn, async (nextToken) => {
        const out = await s.aws.listServiceNetworkVpcEndpointAssociations({
          serviceNetworkIdentifier: snIdentifier,
          nextToken,
        });
        return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
      });
      if (!associations) return listingFailed("endpoint-associations", listing);
      let allPlaced = true;
      for (const a of associations) {
        const endpointOwner = a.vpcEndpointOwnerId ?? s.accountId;
        if (!madeHere(endpointOwner)) continue;
        if (!a.vpcEndpointId) {
          allPlaced = false;
          s.ctx.problem(
            listing,
            snArn,
            `${listing} returned association ${a.id ?? "without id"} without vpcEndpointId; it could not be placed`,
          );
          continue;
        }
        s.ctx.addRelation(
          "sn-endpoint",
          snArn,
          endpointNode(s.region, endpointOwner, a.vpcEndpointId),
          plainJson({
            associationId: a.id,
            state: a.state,
            vpcEndpointId: a.vpcEndpointId,
            vpcId: a.vpcId,
            vpcEndpointOwnerId: a.vpcEndpointOwnerId,
          }),
        );
      }
      if (allPlaced) done("sn-endpoint");
      else listingFailed("endpoint-associations", listing);
    })(),
  ]);
  return read;
}
