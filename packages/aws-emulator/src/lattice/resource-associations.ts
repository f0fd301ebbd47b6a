import { z } from "zod";
import type { RequestContext } from "../core/context";
import { conflict, validation } from "../core/errors";
import type {
  DnsEntry,
  RegionState,
  ResourceConfiguration,
  ServiceNetwork,
  ServiceNetworkResourceAssociation,
} from "../core/model";
import type { World } from "../core/world";
import { clientTokenSchema, findVisible, latticeArn, queryParam, regionOf, tagsSchema } from "./common";
import { defineKind } from "./kinds";
import {
  associationReaders,
  byServiceNetwork,
  endById,
  endFilters,
  identifierSchema,
  networkFields,
} from "./associations";

function randomChars(world: World, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(world.random() * alphabet.length)];
  return out;
}

function newHostedZoneId(world: World): string {
  return `Z${randomChars(world, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 13)}`;
}

function resourceAssociationSummary(region: RegionState, a: ServiceNetworkResourceAssociation) {
  const network = networkFields(region, a.serviceNetworkId);
  const configuration = region.resourceConfigurations.get(a.resourceConfigurationId);
  return {
    id: a.id,
    arn: a.arn,
    status: a.status,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    resourceConfigurationId: a.resourceConfigurationId,
    resourceConfigurationArn: configuration?.arn,
    resourceConfigurationName: configuration?.name,
    serviceNetworkId: network.id,
    serviceNetworkArn: network.arn,
    serviceNetworkName: network.name,
    dnsEntry: a.dnsEntry,
    privateDnsEntry: a.privateDnsEntry,
    isManagedAssociation: a.isManagedAssociation,
    privateDnsEnabled: a.privateDnsEnabled,
  };
}

/** The name clients resolve for an ARN resource (e.g. an RDS cluster): `{name}.{service}.{region}.amazonaws.com`. */
function arnResourceDomain(arn: string): string {
  const parts = arn.split(":");
  const name = (parts.slice(5).join(":").split(/[:/]/).pop() ?? "resource").toLowerCase();
  return `${name}.${parts[2] ?? "aws"}.${parts[3] ?? "us-east-1"}.amazonaws.com`;
}

function privateDnsEntryFor(world: World, configuration: ResourceConfiguration): DnsEntry | undefined {
  const definition = configuration.resourceConfigurationDefinition;
  if (!definition) return undefined;
  if ("dnsResource" in definition) {
    return { domainName: definition.dnsResource.domainName, hostedZoneId: newHostedZoneId(world) };
  }
  if ("arnResource" in definition) {
    return {
      domainName: arnResourceDomain(definition.arnResource.arn),
      hostedZoneId: newHostedZoneId(world),
    };
  }
  return undefined;
}

interface ResourceAssociationEnds {
  network: ServiceNetwork;
  configuration: ResourceConfiguration;
  privateDnsEnabled: boolean | undefined;
  managed: boolean;
}

function newResourceAssociation(
  ctx: RequestContext,
  ends: ResourceAssociationEnds,
  fresh: { id: string; arn: string; now: string },
): ServiceNetworkResourceAssociation {
  const { id, now } = fresh;
  const dnsSuffix = randomChars(ctx.world, "0123456789abcdef", 4);
  const privateDnsEntry = ends.privateDnsEnabled
    ? privateDnsEntryFor(ctx.world, ends.configuration)
    : undefined;
  return {
    id,
    arn: fresh.arn,
    ownerAccountId: ctx.caller.accountId,
    region: ctx.region,
    serviceNetworkId: ends.network.id,
    resourceConfigurationId: ends.configuration.id,
    status: "ACTIVE",
    createdBy: ctx.caller.accountId,
    dnsEntry: {
      domainName: `${id}.${ends.configuration.id}.${dnsSuffix}.vpc-lattice-rsc.${ctx.region}.on.aws`,
      hostedZoneId: newHostedZoneId(ctx.world),
    },
    ...(privateDnsEntry ? { privateDnsEntry } : {}),
    ...(ends.privateDnsEnabled !== undefined ? { privateDnsEnabled: ends.privateDnsEnabled } : {}),
    isManagedAssociation: ends.managed,
    createdAt: now,
    lastUpdatedAt: now,
  };
}

/** A managed association: a child configuration in a service network through its group's association. */
function addManagedAssociation(
  ctx: RequestContext,
  network: ServiceNetwork,
  child: ResourceConfiguration,
  privateDnsEnabled: boolean | undefined,
) {
  const region = regionOf(ctx);
  const id = ctx.world.newId("snra-");
  const arn = latticeArn(ctx.region, ctx.caller.accountId, `servicenetworkresourceassociation/${id}`);
  const ends = { network, configuration: child, privateDnsEnabled, managed: true };
  region.serviceNetworkResourceAssociations.set(
    id,
    newResourceAssociation(ctx, ends, { id, arn, now: ctx.world.now() }),
  );
}

/**
 * A child configuration joins every service network its group is associated with, as a managed association
 * (listed with includeChildren=true).
 */
export function associateChildWithGroupNetworks(ctx: RequestContext, child: ResourceConfiguration) {
  const region = regionOf(ctx);
  const groupId = child.resourceConfigurationGroupId;
  if (!groupId) return;
  for (const a of [...region.serviceNetworkResourceAssociations.values()]) {
    if (a.resourceConfigurationId !== groupId || a.isManagedAssociation) continue;
    const network = region.serviceNetworks.get(a.serviceNetworkId);
    if (network) addManagedAssociation(ctx, network, child, a.privateDnsEnabled);
  }
}

function isShareable(network: ServiceNetwork): boolean {
  return network.sharingConfig?.enabled !== false;
}

const byConfiguration = endById(
  "resourceConfigurationIdentifier",
  (region) => region.resourceConfigurations,
  "RESOURCE_CONFIGURATION",
  (a: ServiceNetworkResourceAssociation) => a.resourceConfigurationId,
);

export const resourceAssociations = defineKind({
  noun: "ServiceNetworkResourceAssociation",
  path: "/servicenetworkresourceassociations",
  label: "serviceNetworkResourceAssociationIdentifier",
  resourceType: "SERVICE_NETWORK_RESOURCE_ASSOCIATION",
  records: (region) => region.serviceNetworkResourceAssociations,
  readable: associationReaders(
    (region, a: ServiceNetworkResourceAssociation) =>
      region.resourceConfigurations.get(a.resourceConfigurationId)?.ownerAccountId,
  ),
  writers: "readers",
  create: {
    schema: z.object({
      resourceConfigurationIdentifier: identifierSchema,
      serviceNetworkIdentifier: identifierSchema,
      clientToken: clientTokenSchema.optional(),
      privateDnsEnabled: z.boolean().optional(),
      tags: tagsSchema.optional(),
    }),
    status: 201,
    idPrefix: "snra-",
    arnType: "servicenetworkresourceassociation",
    prepare(ctx, region, input): ResourceAssociationEnds {
      const configuration = findVisible(
        ctx,
        region.resourceConfigurations,
        input.resourceConfigurationIdentifier,
        "RESOURCE_CONFIGURATION",
      );
      const network = findVisible(
        ctx,
        region.serviceNetworks,
        input.serviceNetworkIdentifier,
        "SERVICE_NETWORK",
      );
      if (configuration.type === "CHILD") {
        const message =
          "A child resource configuration is associated through its group resource configuration";
        throw validation(message, [{ name: "resourceConfigurationIdentifier", message }]);
      }
      if (!configuration.allowAssociationToShareableServiceNetwork && isShareable(network)) {
        const message = `Resource configuration ${configuration.id} does not allow association with a shareable service network`;
        throw validation(message, [{ name: "serviceNetworkIdentifier", message }]);
      }
      for (const existing of region.serviceNetworkResourceAssociations.values()) {
        if (
          existing.resourceConfigurationId === configuration.id &&
          existing.serviceNetworkId === network.id
        ) {
          throw conflict(
            "SERVICE_NETWORK_RESOURCE_ASSOCIATION",
            existing.id,
            `Resource configuration ${configuration.id} is already associated with service network ${network.id}`,
          );
        }
      }
      return { network, configuration, privateDnsEnabled: input.privateDnsEnabled, managed: false };
    },
    build: ({ ctx, prepared, id, arn, now }) => newResourceAssociation(ctx, prepared, { id, arn, now }),
    after(ctx, region, a) {
      const network = region.serviceNetworks.get(a.serviceNetworkId);
      if (!network || region.resourceConfigurations.get(a.resourceConfigurationId)?.type !== "GROUP") return;
      for (const child of region.resourceConfigurations.values()) {
        if (child.resourceConfigurationGroupId === a.resourceConfigurationId) {
          addManagedAssociation(ctx, network, child, a.privateDnsEnabled);
        }
      }
    },
    body: (a) => ({
      id: a.id,
      arn: a.arn,
      status: a.status,
      createdBy: a.createdBy,
      privateDnsEnabled: a.privateDnsEnabled,
    }),
  },
  get: (_ctx, region, a) => ({ ...resourceAssociationSummary(region, a), lastUpdatedAt: a.lastUpdatedAt }),
  list: {
    filter(ctx, region) {
      const includeChildrenRaw = queryParam(ctx, "includeChildren");
      if (
        includeChildrenRaw !== undefined &&
        includeChildrenRaw !== "true" &&
        includeChildrenRaw !== "false"
      ) {
        throw validation("includeChildren must be a boolean", [
          { name: "includeChildren", message: "must be a boolean" },
        ]);
      }
      const includeChildren = includeChildrenRaw === "true";
      const byEnds = endFilters(ctx, region, [byServiceNetwork, byConfiguration], false);
      return (a) => (includeChildren || !a.isManagedAssociation) && byEnds(a);
    },
    item: (_ctx, region) => (a) => resourceAssociationSummary(region, a),
  },
  delete: {
    check(_ctx, _region, a) {
      if (a.isManagedAssociation) {
        const message = "A managed association is removed by disassociating its group resource configuration";
        throw validation(message, [{ name: "serviceNetworkResourceAssociationIdentifier", message }]);
      }
    },
    cascade(_ctx, region, a) {
      for (const other of [...region.serviceNetworkResourceAssociations.values()]) {
        if (!other.isManagedAssociation || other.serviceNetworkId !== a.serviceNetworkId) continue;
        if (
          region.resourceConfigurations.get(other.resourceConfigurationId)?.resourceConfigurationGroupId ===
          a.resourceConfigurationId
        ) {
          region.serviceNetworkResourceAssociations.delete(other.id);
        }
      }
    },
    body: (a) => ({ id: a.id, arn: a.arn, status: "DELETE_IN_PROGRESS" }),
  },
});
