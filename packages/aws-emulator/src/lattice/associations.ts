import { z } from "zod";
import type { RequestContext } from "../core/context";
import { accessDenied, conflict, notFound, validation } from "../core/errors";
import { jsonBody, type RestRoute } from "../core/rest-json";
import type {
  DnsEntry,
  RegionState,
  ResourceConfiguration,
  ServiceNetwork,
  ServiceNetworkResourceAssociation,
  ServiceNetworkServiceAssociation,
  ServiceNetworkVpcAssociation,
  Vpc,
} from "../core/model";
import type { World } from "../core/world";
import {
  byCreation,
  clientTokenSchema,
  findVisible,
  idFromIdentifier,
  latticeArn,
  listPage,
  parseInput,
  queryParam,
  regionOf,
  setTags,
  tagsSchema,
} from "./common";

const identifierSchema = z.string().min(3, "must be an ID or ARN").max(2048);
export const vpcIdSchema = z.string().regex(/^vpc-([0-9a-z]{8}|[0-9a-z]{17})$/, "must be a VPC ID (vpc-…)");
export const securityGroupIdsSchema = z
  .array(z.string().regex(/^sg-([0-9a-z]{8}|[0-9a-z]{17})$/, "must be a security group ID (sg-…)"))
  .max(5, "at most 5 security groups");

const dnsOptionsSchema = z.object({
  privateDnsPreference: z
    .enum([
      "VERIFIED_DOMAINS_ONLY",
      "ALL_DOMAINS",
      "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS",
      "SPECIFIED_DOMAINS_ONLY",
    ])
    .optional(),
  privateDnsSpecifiedDomains: z.array(z.string().min(1).max(255)).max(10).optional(),
});
type DnsOptions = z.infer<typeof dnsOptionsSchema>;

/** Who may see an association: its creator and the owners of what it connects. */
type Parties = (string | undefined)[];

function networkOwner(region: RegionState, serviceNetworkId: string): string | undefined {
  return region.serviceNetworks.get(serviceNetworkId)?.ownerAccountId;
}

function findAssociation<T extends { arn: string; ownerAccountId: string }>(
  ctx: RequestContext,
  map: Map<string, T>,
  identifier: string,
  resourceType: string,
  parties: (record: T) => Parties,
): T {
  const byId = map.get(idFromIdentifier(identifier));
  const found = byId && (!identifier.startsWith("arn:") || byId.arn === identifier) ? byId : undefined;
  if (
    !found ||
    (found.ownerAccountId !== ctx.caller.accountId && !parties(found).includes(ctx.caller.accountId))
  ) {
    throw notFound(
      resourceType,
      identifier,
      `${resourceType.toLowerCase().replace(/_/g, " ")} ${identifier} not found`,
    );
  }
  return found;
}

function requireFilter(names: string[]): never {
  const message =
    names.length === 1 ? `${names[0]} is required` : `You must provide either ${names.join(" or ")}`;
  throw validation(
    message,
    names.map((name) => ({ name, message })),
    "fieldValidationFailed",
  );
}

/** The caller's VPC in this region; VPCs of other accounts do not exist for the caller. */
export function findCallerVpc(ctx: RequestContext, vpcId: string): Vpc {
  const vpc = regionOf(ctx).vpcs.get(vpcId);
  if (!vpc || vpc.ownerId !== ctx.caller.accountId) throw notFound("VPC", vpcId, `VPC ${vpcId} not found`);
  return vpc;
}

/** Each security group must exist in the caller's account and belong to the VPC. */
export function checkSecurityGroups(ctx: RequestContext, vpc: Vpc, ids: string[]) {
  const region = regionOf(ctx);
  if (new Set(ids).size !== ids.length) {
    throw validation("securityGroupIds must not contain duplicates", [
      { name: "securityGroupIds", message: "must not contain duplicates" },
    ]);
  }
  for (const id of ids) {
    const group = region.securityGroups.get(id);
    if (!group || group.ownerId !== ctx.caller.accountId) {
      throw notFound("SECURITY_GROUP", id, `Security group ${id} not found`);
    }
    if (group.vpcId !== vpc.vpcId) {
      const message = `Security group ${id} does not belong to VPC ${vpc.vpcId}`;
      throw validation(message, [{ name: "securityGroupIds", message }]);
    }
  }
}

function randomChars(world: World, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(world.random() * alphabet.length)];
  return out;
}

function newHostedZoneId(world: World): string {
  return `Z${randomChars(world, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 13)}`;
}

// ---------------------------------------------------------------- service network ↔ VPC

function dnsOptionsOf(association: ServiceNetworkVpcAssociation): DnsOptions | undefined {
  if (!("dnsOptions" in association)) return undefined;
  const parsed = dnsOptionsSchema.safeParse(association.dnsOptions);
  return parsed.success ? parsed.data : undefined;
}

function checkDnsOptions(privateDnsEnabled: boolean | undefined, dnsOptions: DnsOptions | undefined) {
  if (!dnsOptions) return;
  const fail = (message: string) => validation(message, [{ name: "dnsOptions", message }]);
  if (privateDnsEnabled !== true) throw fail("dnsOptions are only supported when private DNS is enabled");
  const specified =
    dnsOptions.privateDnsPreference === "VERIFIED_DOMAINS_AND_SPECIFIED_DOMAINS" ||
    dnsOptions.privateDnsPreference === "SPECIFIED_DOMAINS_ONLY";
  const domains = dnsOptions.privateDnsSpecifiedDomains ?? [];
  if (specified && domains.length === 0) {
    throw fail(`privateDnsSpecifiedDomains is required with ${dnsOptions.privateDnsPreference}`);
  }
  if (!specified && domains.length > 0) {
    throw fail("privateDnsSpecifiedDomains is only supported with a SPECIFIED_DOMAINS preference");
  }
}

function vpcAssociationParties(region: RegionState) {
  return (a: ServiceNetworkVpcAssociation): Parties => [networkOwner(region, a.serviceNetworkId)];
}

function vpcAssociationSummary(region: RegionState, a: ServiceNetworkVpcAssociation) {
  const network = region.serviceNetworks.get(a.serviceNetworkId);
  return {
    id: a.id,
    arn: a.arn,
    status: a.status,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    lastUpdatedAt: a.lastUpdatedAt,
    serviceNetworkId: a.serviceNetworkId,
    serviceNetworkName: network?.name,
    serviceNetworkArn: network?.arn,
    vpcId: a.vpcId,
    privateDnsEnabled: a.privateDnsEnabled,
    dnsOptions: dnsOptionsOf(a),
  };
}

const createVpcAssociationSchema = z.object({
  serviceNetworkIdentifier: identifierSchema,
  vpcIdentifier: vpcIdSchema,
  clientToken: clientTokenSchema.optional(),
  privateDnsEnabled: z.boolean().optional(),
  securityGroupIds: securityGroupIdsSchema.optional(),
  tags: tagsSchema.optional(),
  dnsOptions: dnsOptionsSchema.optional(),
});

const updateVpcAssociationSchema = z.object({
  securityGroupIds: securityGroupIdsSchema.optional(),
  privateDnsEnabled: z.boolean().optional(),
  dnsOptions: dnsOptionsSchema.optional(),
});

function createVpcAssociation(ctx: RequestContext) {
  const input = parseInput(createVpcAssociationSchema, jsonBody(ctx));
  const region = regionOf(ctx);
  const network = findVisible(ctx, region.serviceNetworks, input.serviceNetworkIdentifier, "SERVICE_NETWORK");
  const vpc = findCallerVpc(ctx, input.vpcIdentifier);
  const securityGroupIds = input.securityGroupIds ?? [];
  checkSecurityGroups(ctx, vpc, securityGroupIds);
  checkDnsOptions(input.privateDnsEnabled, input.dnsOptions);
  for (const existing of region.serviceNetworkVpcAssociations.values()) {
    if (existing.vpcId === vpc.vpcId) {
      throw conflict(
        "SERVICE_NETWORK_VPC_ASSOCIATION",
        existing.id,
        `VPC ${vpc.vpcId} is already associated with service network ${existing.serviceNetworkId}`,
      );
    }
  }
  const id = ctx.world.newId("snva-");
  const now = ctx.world.now();
  const association: ServiceNetworkVpcAssociation & { dnsOptions?: DnsOptions } = {
    id,
    arn: latticeArn(ctx.region, ctx.caller.accountId, `servicenetworkvpcassociation/${id}`),
    ownerAccountId: ctx.caller.accountId,
    region: ctx.region,
    serviceNetworkId: network.id,
    vpcId: vpc.vpcId,
    status: "ACTIVE",
    createdBy: ctx.caller.accountId,
    securityGroupIds,
    ...(input.privateDnsEnabled !== undefined ? { privateDnsEnabled: input.privateDnsEnabled } : {}),
    ...(input.dnsOptions ? { dnsOptions: input.dnsOptions } : {}),
    createdAt: now,
    lastUpdatedAt: now,
  };
  region.serviceNetworkVpcAssociations.set(id, association);
  setTags(region, association.arn, input.tags);
  return {
    status: 200,
    body: {
      id,
      status: association.status,
      arn: association.arn,
      createdBy: association.createdBy,
      securityGroupIds,
      privateDnsEnabled: association.privateDnsEnabled,
      dnsOptions: input.dnsOptions,
    },
  };
}

function getVpcAssociation(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const a = findAssociation(
    ctx,
    region.serviceNetworkVpcAssociations,
    params.serviceNetworkVpcAssociationIdentifier!,
    "SERVICE_NETWORK_VPC_ASSOCIATION",
    vpcAssociationParties(region),
  );
  return { status: 200, body: { ...vpcAssociationSummary(region, a), securityGroupIds: a.securityGroupIds } };
}

function listVpcAssociations(ctx: RequestContext) {
  const region = regionOf(ctx);
  const networkFilter = queryParam(ctx, "serviceNetworkIdentifier");
  const vpcFilter = queryParam(ctx, "vpcIdentifier");
  if (!networkFilter && !vpcFilter) requireFilter(["serviceNetworkIdentifier", "vpcIdentifier"]);
  const networkId = networkFilter
    ? findVisible(ctx, region.serviceNetworks, networkFilter, "SERVICE_NETWORK").id
    : undefined;
  const parties = vpcAssociationParties(region);
  const items = [...region.serviceNetworkVpcAssociations.values()]
    .filter((a) => a.ownerAccountId === ctx.caller.accountId || parties(a).includes(ctx.caller.accountId))
    .filter((a) => networkId === undefined || a.serviceNetworkId === networkId)
    .filter((a) => vpcFilter === undefined || a.vpcId === vpcFilter)
    .sort(byCreation);
  const page = listPage(ctx, items);
  return { status: 200, body: { ...page, items: page.items.map((a) => vpcAssociationSummary(region, a)) } };
}

function updateVpcAssociation(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const a = findAssociation(
    ctx,
    region.serviceNetworkVpcAssociations,
    params.serviceNetworkVpcAssociationIdentifier!,
    "SERVICE_NETWORK_VPC_ASSOCIATION",
    vpcAssociationParties(region),
  );
  if (a.ownerAccountId !== ctx.caller.accountId) {
    throw accessDenied(
      `User: ${ctx.caller.arn} is not authorized to modify ${a.arn}: only the VPC owner can update it`,
    );
  }
  const input = parseInput(updateVpcAssociationSchema, jsonBody(ctx));
  if (input.securityGroupIds !== undefined) {
    if (input.securityGroupIds.length === 0 && a.securityGroupIds.length > 0) {
      const message =
        "You cannot remove all security groups from a VPC association once security groups are added";
      throw validation(message, [{ name: "securityGroupIds", message }]);
    }
    const vpc = region.vpcs.get(a.vpcId);
    if (!vpc) throw notFound("VPC", a.vpcId, `VPC ${a.vpcId} not found`);
    checkSecurityGroups(ctx, vpc, input.securityGroupIds);
  }
  const privateDnsEnabled = input.privateDnsEnabled ?? a.privateDnsEnabled;
  const dnsOptions = input.dnsOptions ?? (privateDnsEnabled ? dnsOptionsOf(a) : undefined);
  checkDnsOptions(privateDnsEnabled, dnsOptions);
  if (input.securityGroupIds !== undefined) a.securityGroupIds = input.securityGroupIds;
  if (privateDnsEnabled !== undefined) a.privateDnsEnabled = privateDnsEnabled;
  Object.assign(a, { dnsOptions });
  a.lastUpdatedAt = ctx.world.now();
  return {
    status: 200,
    body: {
      id: a.id,
      arn: a.arn,
      status: a.status,
      createdBy: a.createdBy,
      securityGroupIds: a.securityGroupIds,
      privateDnsEnabled: a.privateDnsEnabled,
      dnsOptions,
    },
  };
}

function deleteVpcAssociation(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const a = findAssociation(
    ctx,
    region.serviceNetworkVpcAssociations,
    params.serviceNetworkVpcAssociationIdentifier!,
    "SERVICE_NETWORK_VPC_ASSOCIATION",
    vpcAssociationParties(region),
  );
  region.serviceNetworkVpcAssociations.delete(a.id);
  region.tags.delete(a.arn);
  return { status: 200, body: { id: a.id, status: "DELETE_IN_PROGRESS", arn: a.arn } };
}

// ---------------------------------------------------------------- service network ↔ service

function serviceAssociationParties(region: RegionState) {
  return (a: ServiceNetworkServiceAssociation): Parties => [
    networkOwner(region, a.serviceNetworkId),
    region.services.get(a.serviceId)?.ownerAccountId,
  ];
}

function serviceAssociationSummary(region: RegionState, a: ServiceNetworkServiceAssociation) {
  const network = region.serviceNetworks.get(a.serviceNetworkId);
  const service = region.services.get(a.serviceId);
  return {
    id: a.id,
    status: a.status,
    arn: a.arn,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    serviceId: a.serviceId,
    serviceName: service?.name,
    serviceArn: service?.arn,
    serviceNetworkId: a.serviceNetworkId,
    serviceNetworkName: network?.name,
    serviceNetworkArn: network?.arn,
    dnsEntry: a.dnsEntry ?? service?.dnsEntry,
    customDomainName: a.customDomainName ?? service?.customDomainName,
  };
}

const createServiceAssociationSchema = z.object({
  serviceIdentifier: identifierSchema,
  serviceNetworkIdentifier: identifierSchema,
  clientToken: clientTokenSchema.optional(),
  tags: tagsSchema.optional(),
});

function createServiceAssociation(ctx: RequestContext) {
  const input = parseInput(createServiceAssociationSchema, jsonBody(ctx));
  const region = regionOf(ctx);
  const service = findVisible(ctx, region.services, input.serviceIdentifier, "SERVICE");
  const network = findVisible(ctx, region.serviceNetworks, input.serviceNetworkIdentifier, "SERVICE_NETWORK");
  for (const existing of region.serviceNetworkServiceAssociations.values()) {
    if (existing.serviceId === service.id && existing.serviceNetworkId === network.id) {
      throw conflict(
        "SERVICE_NETWORK_SERVICE_ASSOCIATION",
        existing.id,
        `Service ${service.id} is already associated with service network ${network.id}`,
      );
    }
  }
  const id = ctx.world.newId("snsa-");
  const association: ServiceNetworkServiceAssociation = {
    id,
    arn: latticeArn(ctx.region, ctx.caller.accountId, `servicenetworkserviceassociation/${id}`),
    ownerAccountId: ctx.caller.accountId,
    region: ctx.region,
    serviceNetworkId: network.id,
    serviceId: service.id,
    status: "ACTIVE",
    createdBy: ctx.caller.accountId,
    dnsEntry: { ...service.dnsEntry },
    ...(service.customDomainName ? { customDomainName: service.customDomainName } : {}),
    createdAt: ctx.world.now(),
  };
  region.serviceNetworkServiceAssociations.set(id, association);
  setTags(region, association.arn, input.tags);
  return {
    status: 200,
    body: {
      id,
      status: association.status,
      arn: association.arn,
      createdBy: association.createdBy,
      customDomainName: association.customDomainName,
      dnsEntry: association.dnsEntry,
    },
  };
}

function findServiceAssociation(ctx: RequestContext, identifier: string) {
  const region = regionOf(ctx);
  return findAssociation(
    ctx,
    region.serviceNetworkServiceAssociations,
    identifier,
    "SERVICE_NETWORK_SERVICE_ASSOCIATION",
    serviceAssociationParties(region),
  );
}

function getServiceAssociation(ctx: RequestContext, params: Record<string, string>) {
  const a = findServiceAssociation(ctx, params.serviceNetworkServiceAssociationIdentifier!);
  return { status: 200, body: serviceAssociationSummary(regionOf(ctx), a) };
}

function listServiceAssociations(ctx: RequestContext) {
  const region = regionOf(ctx);
  const networkFilter = queryParam(ctx, "serviceNetworkIdentifier");
  const serviceFilter = queryParam(ctx, "serviceIdentifier");
  if (!networkFilter && !serviceFilter) requireFilter(["serviceNetworkIdentifier", "serviceIdentifier"]);
  const networkId = networkFilter
    ? findVisible(ctx, region.serviceNetworks, networkFilter, "SERVICE_NETWORK").id
    : undefined;
  const serviceId = serviceFilter
    ? findVisible(ctx, region.services, serviceFilter, "SERVICE").id
    : undefined;
  const parties = serviceAssociationParties(region);
  const items = [...region.serviceNetworkServiceAssociations.values()]
    .filter((a) => a.ownerAccountId === ctx.caller.accountId || parties(a).includes(ctx.caller.accountId))
    .filter((a) => networkId === undefined || a.serviceNetworkId === networkId)
    .filter((a) => serviceId === undefined || a.serviceId === serviceId)
    .sort(byCreation);
  const page = listPage(ctx, items);
  return {
    status: 200,
    body: { ...page, items: page.items.map((a) => serviceAssociationSummary(region, a)) },
  };
}

function deleteServiceAssociation(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const a = findServiceAssociation(ctx, params.serviceNetworkServiceAssociationIdentifier!);
  region.serviceNetworkServiceAssociations.delete(a.id);
  region.tags.delete(a.arn);
  return { status: 200, body: { id: a.id, status: "DELETE_IN_PROGRESS", arn: a.arn } };
}

// ---------------------------------------------------------------- service network ↔ resource configuration

function resourceAssociationParties(region: RegionState) {
  return (a: ServiceNetworkResourceAssociation): Parties => [
    networkOwner(region, a.serviceNetworkId),
    region.resourceConfigurations.get(a.resourceConfigurationId)?.ownerAccountId,
  ];
}

function resourceAssociationSummary(region: RegionState, a: ServiceNetworkResourceAssociation) {
  const network = region.serviceNetworks.get(a.serviceNetworkId);
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
    serviceNetworkId: a.serviceNetworkId,
    serviceNetworkArn: network?.arn,
    serviceNetworkName: network?.name,
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

function addResourceAssociation(
  ctx: RequestContext,
  network: ServiceNetwork,
  configuration: ResourceConfiguration,
  options: { privateDnsEnabled?: boolean; managed: boolean },
): ServiceNetworkResourceAssociation {
  const region = regionOf(ctx);
  const id = ctx.world.newId("snra-");
  const now = ctx.world.now();
  const dnsSuffix = randomChars(ctx.world, "0123456789abcdef", 4);
  const privateDnsEntry = options.privateDnsEnabled
    ? privateDnsEntryFor(ctx.world, configuration)
    : undefined;
  const association: ServiceNetworkResourceAssociation = {
    id,
    arn: latticeArn(ctx.region, ctx.caller.accountId, `servicenetworkresourceassociation/${id}`),
    ownerAccountId: ctx.caller.accountId,
    region: ctx.region,
    serviceNetworkId: network.id,
    resourceConfigurationId: configuration.id,
    status: "ACTIVE",
    createdBy: ctx.caller.accountId,
    dnsEntry: {
      domainName: `${id}.${configuration.id}.${dnsSuffix}.vpc-lattice-rsc.${ctx.region}.on.aws`,
      hostedZoneId: newHostedZoneId(ctx.world),
    },
    ...(privateDnsEntry ? { privateDnsEntry } : {}),
    ...(options.privateDnsEnabled !== undefined ? { privateDnsEnabled: options.privateDnsEnabled } : {}),
    isManagedAssociation: options.managed,
    createdAt: now,
    lastUpdatedAt: now,
  };
  region.serviceNetworkResourceAssociations.set(id, association);
  return association;
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
    if (network) {
      addResourceAssociation(ctx, network, child, { privateDnsEnabled: a.privateDnsEnabled, managed: true });
    }
  }
}

function isShareable(network: ServiceNetwork): boolean {
  return network.sharingConfig?.enabled !== false;
}

const createResourceAssociationSchema = z.object({
  resourceConfigurationIdentifier: identifierSchema,
  serviceNetworkIdentifier: identifierSchema,
  clientToken: clientTokenSchema.optional(),
  privateDnsEnabled: z.boolean().optional(),
  tags: tagsSchema.optional(),
});

function createResourceAssociation(ctx: RequestContext) {
  const input = parseInput(createResourceAssociationSchema, jsonBody(ctx));
  const region = regionOf(ctx);
  const configuration = findVisible(
    ctx,
    region.resourceConfigurations,
    input.resourceConfigurationIdentifier,
    "RESOURCE_CONFIGURATION",
  );
  const network = findVisible(ctx, region.serviceNetworks, input.serviceNetworkIdentifier, "SERVICE_NETWORK");
  if (configuration.type === "CHILD") {
    const message = "A child resource configuration is associated through its group resource configuration";
    throw validation(message, [{ name: "resourceConfigurationIdentifier", message }]);
  }
  if (!configuration.allowAssociationToShareableServiceNetwork && isShareable(network)) {
    const message = `Resource configuration ${configuration.id} does not allow association with a shareable service network`;
    throw validation(message, [{ name: "serviceNetworkIdentifier", message }]);
  }
  for (const existing of region.serviceNetworkResourceAssociations.values()) {
    if (existing.resourceConfigurationId === configuration.id && existing.serviceNetworkId === network.id) {
      throw conflict(
        "SERVICE_NETWORK_RESOURCE_ASSOCIATION",
        existing.id,
        `Resource configuration ${configuration.id} is already associated with service network ${network.id}`,
      );
    }
  }
  const association = addResourceAssociation(ctx, network, configuration, {
    privateDnsEnabled: input.privateDnsEnabled,
    managed: false,
  });
  setTags(region, association.arn, input.tags);
  if (configuration.type === "GROUP") {
    for (const child of region.resourceConfigurations.values()) {
      if (child.resourceConfigurationGroupId === configuration.id) {
        addResourceAssociation(ctx, network, child, {
          privateDnsEnabled: input.privateDnsEnabled,
          managed: true,
        });
      }
    }
  }
  return {
    status: 201,
    body: {
      id: association.id,
      arn: association.arn,
      status: association.status,
      createdBy: association.createdBy,
      privateDnsEnabled: association.privateDnsEnabled,
    },
  };
}

function findResourceAssociation(ctx: RequestContext, identifier: string) {
  const region = regionOf(ctx);
  return findAssociation(
    ctx,
    region.serviceNetworkResourceAssociations,
    identifier,
    "SERVICE_NETWORK_RESOURCE_ASSOCIATION",
    resourceAssociationParties(region),
  );
}

function getResourceAssociation(ctx: RequestContext, params: Record<string, string>) {
  const a = findResourceAssociation(ctx, params.serviceNetworkResourceAssociationIdentifier!);
  return {
    status: 200,
    body: { ...resourceAssociationSummary(regionOf(ctx), a), lastUpdatedAt: a.lastUpdatedAt },
  };
}

function listResourceAssociations(ctx: RequestContext) {
  const region = regionOf(ctx);
  const networkFilter = queryParam(ctx, "serviceNetworkIdentifier");
  const configurationFilter = queryParam(ctx, "resourceConfigurationIdentifier");
  const includeChildrenRaw = queryParam(ctx, "includeChildren");
  if (includeChildrenRaw !== undefined && includeChildrenRaw !== "true" && includeChildrenRaw !== "false") {
    throw validation("includeChildren must be a boolean", [
      { name: "includeChildren", message: "must be a boolean" },
    ]);
  }
  const includeChildren = includeChildrenRaw === "true";
  const networkId = networkFilter
    ? findVisible(ctx, region.serviceNetworks, networkFilter, "SERVICE_NETWORK").id
    : undefined;
  const configurationId = configurationFilter
    ? findVisible(ctx, region.resourceConfigurations, configurationFilter, "RESOURCE_CONFIGURATION").id
    : undefined;
  const parties = resourceAssociationParties(region);
  const items = [...region.serviceNetworkResourceAssociations.values()]
    .filter((a) => a.ownerAccountId === ctx.caller.accountId || parties(a).includes(ctx.caller.accountId))
    .filter((a) => includeChildren || !a.isManagedAssociation)
    .filter((a) => networkId === undefined || a.serviceNetworkId === networkId)
    .filter((a) => configurationId === undefined || a.resourceConfigurationId === configurationId)
    .sort(byCreation);
  const page = listPage(ctx, items);
  return {
    status: 200,
    body: { ...page, items: page.items.map((a) => resourceAssociationSummary(region, a)) },
  };
}

function deleteResourceAssociation(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const a = findResourceAssociation(ctx, params.serviceNetworkResourceAssociationIdentifier!);
  if (a.isManagedAssociation) {
    const message = "A managed association is removed by disassociating its group resource configuration";
    throw validation(message, [{ name: "serviceNetworkResourceAssociationIdentifier", message }]);
  }
  region.serviceNetworkResourceAssociations.delete(a.id);
  region.tags.delete(a.arn);
  for (const other of [...region.serviceNetworkResourceAssociations.values()]) {
    if (!other.isManagedAssociation || other.serviceNetworkId !== a.serviceNetworkId) continue;
    if (
      region.resourceConfigurations.get(other.resourceConfigurationId)?.resourceConfigurationGroupId ===
      a.resourceConfigurationId
    ) {
      region.serviceNetworkResourceAssociations.delete(other.id);
    }
  }
  return { status: 200, body: { id: a.id, arn: a.arn, status: "DELETE_IN_PROGRESS" } };
}

// ---------------------------------------------------------------- service network ↔ VPC endpoint

function listVpcEndpointAssociations(ctx: RequestContext) {
  const region = regionOf(ctx);
  const networkFilter = queryParam(ctx, "serviceNetworkIdentifier");
  if (!networkFilter) requireFilter(["serviceNetworkIdentifier"]);
  const network = findVisible(ctx, region.serviceNetworks, networkFilter, "SERVICE_NETWORK");
  const isNetworkOwner = network.ownerAccountId === ctx.caller.accountId;
  const items = [...region.vpcEndpoints.values()]
    .filter((e) => e.vpcEndpointType === "ServiceNetwork" && e.serviceNetworkArn === network.arn)
    .filter((e) => isNetworkOwner || e.ownerId === ctx.caller.accountId)
    .sort((a, b) =>
      a.creationTimestamp === b.creationTimestamp
        ? a.vpcEndpointId.localeCompare(b.vpcEndpointId)
        : a.creationTimestamp.localeCompare(b.creationTimestamp),
    );
  const page = listPage(ctx, items);
  return {
    status: 200,
    body: {
      ...page,
      items: page.items.map((e) => ({
        id: e.vpcEndpointId,
        vpcEndpointId: e.vpcEndpointId,
        vpcId: e.vpcId,
        vpcEndpointOwnerId: e.ownerId,
        state: e.state,
        serviceNetworkArn: network.arn,
        createdAt: e.creationTimestamp,
      })),
    },
  };
}

export const associationRoutes: RestRoute[] = [
  {
    operation: "CreateServiceNetworkVpcAssociation",
    method: "POST",
    path: "/servicenetworkvpcassociations",
    handler: createVpcAssociation,
  },
  {
    operation: "ListServiceNetworkVpcAssociations",
    method: "GET",
    path: "/servicenetworkvpcassociations",
    handler: listVpcAssociations,
  },
  {
    operation: "GetServiceNetworkVpcAssociation",
    method: "GET",
    path: "/servicenetworkvpcassociations/{serviceNetworkVpcAssociationIdentifier}",
    handler: getVpcAssociation,
  },
  {
    operation: "UpdateServiceNetworkVpcAssociation",
    method: "PATCH",
    path: "/servicenetworkvpcassociations/{serviceNetworkVpcAssociationIdentifier}",
    handler: updateVpcAssociation,
  },
  {
    operation: "DeleteServiceNetworkVpcAssociation",
    method: "DELETE",
    path: "/servicenetworkvpcassociations/{serviceNetworkVpcAssociationIdentifier}",
    handler: deleteVpcAssociation,
  },
  {
    operation: "CreateServiceNetworkServiceAssociation",
    method: "POST",
    path: "/servicenetworkserviceassociations",
    handler: createServiceAssociation,
  },
  {
    operation: "ListServiceNetworkServiceAssociations",
    method: "GET",
    path: "/servicenetworkserviceassociations",
    handler: listServiceAssociations,
  },
  {
    operation: "GetServiceNetworkServiceAssociation",
    method: "GET",
    path: "/servicenetworkserviceassociations/{serviceNetworkServiceAssociationIdentifier}",
    handler: getServiceAssociation,
  },
  {
    operation: "DeleteServiceNetworkServiceAssociation",
    method: "DELETE",
    path: "/servicenetworkserviceassociations/{serviceNetworkServiceAssociationIdentifier}",
    handler: deleteServiceAssociation,
  },
  {
    operation: "CreateServiceNetworkResourceAssociation",
    method: "POST",
    path: "/servicenetworkresourceassociations",
    handler: createResourceAssociation,
  },
  {
    operation: "ListServiceNetworkResourceAssociations",
    method: "GET",
    path: "/servicenetworkresourceassociations",
    handler: listResourceAssociations,
  },
  {
    operation: "GetServiceNetworkResourceAssociation",
    method: "GET",
    path: "/servicenetworkresourceassociations/{serviceNetworkResourceAssociationIdentifier}",
    handler: getResourceAssociation,
  },
  {
    operation: "DeleteServiceNetworkResourceAssociation",
    method: "DELETE",
    path: "/servicenetworkresourceassociations/{serviceNetworkResourceAssociationIdentifier}",
    handler: deleteResourceAssociation,
  },
  {
    operation: "ListServiceNetworkVpcEndpointAssociations",
    method: "GET",
    path: "/servicenetworkvpcendpointassociations",
    handler: listVpcEndpointAssociations,
  },
];
