import "server-only";
import {
  GetServiceNetworkCommand,
  GetServiceNetworkVpcAssociationCommand,
  ListServiceNetworkResourceAssociationsCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListServiceNetworkVpcEndpointAssociationsCommand,
  ListServiceNetworksCommand,
  type ServiceNetworkSummary,
} from "@aws-sdk/client-vpc-lattice";
import type { RelationKind } from "@/lib/domain/snapshot";
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
    const out = await s.clients.lattice.send(new ListServiceNetworksCommand({ nextToken }));
    return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
  });
  if (!networks) return;
  let allNetworksRead = true;
  const associationsRead = new Set<RelationKind>(ASSOCIATION_KINDS);
  await Promise.all(
    networks.map(async (summary) => {
      const arn = summary.arn;
      if (!arn || s.ownedByOtherCrawledAccount(arn)) return;
      const [read, associations] = await Promise.all([
        s.owns(arn) ? readServiceNetwork(s, arn, summary) : Promise.resolve(true),
        crawlAssociations(s, arn),
      ]);
      if (!read) allNetworksRead = false;
      for (const kind of ASSOCIATION_KINDS) if (!associations.has(kind)) associationsRead.delete(kind);
    }),
  );
  if (allNetworksRead) s.ctx.completed("service-network");
  // Every network this scope is responsible for was listed: associations to networks that vanished are gone too.
  for (const kind of associationsRead) s.ctx.completed(kind);
}

async function readServiceNetwork(
  s: ScopeCrawl,
  arn: string,
  summary: ServiceNetworkSummary,
): Promise<boolean> {
  const [detail, authPolicy, resourcePolicy, tags, accessLogs] = await Promise.all([
    s.ctx.call("GetServiceNetwork", arn, () =>
      s.clients.lattice.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: arn })),
    ),
    authPolicyOf(s, arn),
    resourcePolicyOf(s, arn),
    tagsOf(s, arn),
    accessLogsOf(s, arn),
  ]);
  if (
    !detail ||
    authPolicy === undefined ||
    resourcePolicy === undefined ||
    tags === undefined ||
    accessLogs === undefined
  ) {
    return false;
  }
  s.ctx.addResource({
    id: arn,
    kind: "service-network",
    accountId: s.accountId,
    region: s.region,
    name: detail.name ?? summary.name ?? arn,
    parentId: accountNode(s.accountId),
    data: plainJson({
      ...payload(detail),
      authPolicy,
      resourcePolicy,
      tags,
      accessLogSubscriptions: accessLogs,
    }),
    raw: plainJson({ GetServiceNetwork: payload(detail) }),
  });
  return true;
}

/** Crawls the network's associations; returns the kinds whose listing (and details) were read completely. */
async function crawlAssociations(s: ScopeCrawl, snArn: string): Promise<Set<RelationKind>> {
  const mine = s.owns(snArn);
  const madeHere = (creator: string | undefined) => mine || creator === s.accountId;
  const read = new Set<RelationKind>();
  const done = (kind: RelationKind) => {
    read.add(kind);
    s.ctx.completed(kind, snArn);
  };

  await Promise.all([
    (async () => {
      const associations = await s.ctx.list("ListServiceNetworkVpcAssociations", snArn, async (nextToken) => {
        const out = await s.clients.lattice.send(
          new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: snArn, nextToken }),
        );
        return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
      });
      if (!associations) return;
      let allRead = true;
      await Promise.all(
        associations.map(async (a) => {
          const createdBy = a.createdBy ?? arnAccount(a.arn ?? "");
          if (!madeHere(createdBy) || !a.arn || !a.vpcId) return;
          const detail = await s.ctx.call("GetServiceNetworkVpcAssociation", a.arn, () =>
            s.clients.lattice.send(
              new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: a.arn }),
            ),
          );
          if (!detail) {
            allRead = false;
            return;
          }
          s.ctx.addRelation(
            "sn-vpc",
            snArn,
            vpcNode(s.region, createdBy, a.vpcId),
            plainJson({
              associationId: a.id,
              associationArn: a.arn,
              status: a.status,
              createdBy,
              serviceNetworkName: a.serviceNetworkName,
              vpcId: a.vpcId,
              securityGroupIds: detail.securityGroupIds ?? [],
              privateDnsEnabled: detail.privateDnsEnabled ?? a.privateDnsEnabled,
              dnsOptions: detail.dnsOptions ?? a.dnsOptions,
            }),
          );
        }),
      );
      if (allRead) done("sn-vpc");
    })(),
    (async () => {
      const associations = await s.ctx.list(
        "ListServiceNetworkServiceAssociations",
        snArn,
        async (nextToken) => {
          const out = await s.clients.lattice.send(
            new ListServiceNetworkServiceAssociationsCommand({ serviceNetworkIdentifier: snArn, nextToken }),
          );
          return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
        },
      );
      if (!associations) return;
      for (const a of associations) {
        if (!madeHere(a.createdBy) || !a.serviceArn) continue;
        s.ctx.addRelation(
          "sn-service",
          snArn,
          a.serviceArn,
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
      }
      done("sn-service");
    })(),
    (async () => {
      const associations = await s.ctx.list(
        "ListServiceNetworkResourceAssociations",
        snArn,
        async (nextToken) => {
          const out = await s.clients.lattice.send(
            new ListServiceNetworkResourceAssociationsCommand({ serviceNetworkIdentifier: snArn, nextToken }),
          );
          return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
        },
      );
      if (!associations) return;
      for (const a of associations) {
        if (!madeHere(a.createdBy) || !a.resourceConfigurationArn) continue;
        s.ctx.addRelation(
          "sn-resource",
          snArn,
          a.resourceConfigurationArn,
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
      }
      done("sn-resource");
    })(),
    (async () => {
      const associations = await s.ctx.list(
        "ListServiceNetworkVpcEndpointAssociations",
        snArn,
        async (nextToken) => {
          const out = await s.clients.lattice.send(
            new ListServiceNetworkVpcEndpointAssociationsCommand({
              serviceNetworkIdentifier: snArn,
              nextToken,
            }),
          );
          return { items: out.items, nextToken: out.nextToken, $metadata: out.$metadata };
        },
      );
      if (!associations) return;
      for (const a of associations) {
        const endpointOwner = a.vpcEndpointOwnerId ?? s.accountId;
        if (!madeHere(endpointOwner) || !a.vpcEndpointId) continue;
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
      done("sn-endpoint");
    })(),
  ]);
  return read;
}
