import { isIP } from "node:net";
import { z } from "zod";
import type { RequestContext } from "../core/context";
import { conflict, notFound, validation } from "../core/errors";
import { jsonBody, type RestRoute } from "../core/rest-json";
import { isVisibleTo } from "../core/sharing";
import type {
  RegionState,
  ResourceConfiguration,
  ResourceConfigurationDefinition,
  ResourceEndpointAssociation,
  ResourceGateway,
} from "../core/model";
import {
  byCreation,
  clientTokenSchema,
  findOwned,
  findVisible,
  idFromIdentifier,
  latticeArn,
  listPage,
  nameSchema,
  parseInput,
  queryParam,
  regionOf,
  setTags,
  tagsSchema,
} from "./common";
import {
  associateChildWithGroupNetworks,
  checkSecurityGroups,
  findCallerVpc,
  securityGroupIdsSchema,
  vpcIdSchema,
} from "./associations";

// ---------------------------------------------------------------- resource gateways

const ipAddressTypeSchema = z.enum(["IPV4", "IPV6", "DUALSTACK"]);
const dnsResolutionSchema = z.enum(["PUBLIC", "IN_VPC"]);
const DEFAULT_IPV4_ADDRESSES_PER_ENI = 16;

/** Fields the SDK has but the shared model does not; stored on the record itself. */
const gatewayExtrasSchema = z.object({
  ipv4AddressesPerEni: z.number().optional(),
  resourceConfigDnsResolution: dnsResolutionSchema.optional(),
});
type GatewayExtras = z.infer<typeof gatewayExtrasSchema>;

function gatewayExtras(gateway: ResourceGateway): GatewayExtras {
  const parsed = gatewayExtrasSchema.safeParse(gateway);
  return parsed.success ? parsed.data : {};
}

const createGatewaySchema = z.object({
  name: nameSchema(3, 40, "rgw-"),
  clientToken: clientTokenSchema.optional(),
  vpcIdentifier: vpcIdSchema,
  subnetIds: z
    .array(z.string().regex(/^subnet-([0-9a-z]{8}|[0-9a-z]{17})$/, "must be a subnet ID (subnet-…)"))
    .min(1, "at least one subnet is required")
    .max(20),
  securityGroupIds: securityGroupIdsSchema.optional(),
  ipAddressType: ipAddressTypeSchema.optional(),
  ipv4AddressesPerEni: z.number().int().min(1).max(62).optional(),
  resourceConfigDnsResolution: dnsResolutionSchema.optional(),
  tags: tagsSchema.optional(),
});

const updateGatewaySchema = z.object({ securityGroupIds: securityGroupIdsSchema.optional() });

function gatewaySummary(g: ResourceGateway) {
  return {
    name: g.name,
    id: g.id,
    arn: g.arn,
    status: g.status,
    vpcIdentifier: g.vpcId,
    subnetIds: g.subnetIds,
    securityGroupIds: g.securityGroupIds,
    ipAddressType: g.ipAddressType,
    ...gatewayExtras(g),
    createdAt: g.createdAt,
    lastUpdatedAt: g.lastUpdatedAt,
  };
}

function createGateway(ctx: RequestContext) {
  const input = parseInput(createGatewaySchema, jsonBody(ctx));
  const region = regionOf(ctx);
  const ipAddressType = input.ipAddressType ?? "IPV4";
  if (ipAddressType === "IPV6" && input.ipv4AddressesPerEni !== undefined) {
    const message = "ipv4AddressesPerEni is not supported for an IPV6 resource gateway";
    throw validation(message, [{ name: "ipv4AddressesPerEni", message }]);
  }
  for (const g of region.resourceGateways.values()) {
    if (g.ownerAccountId === ctx.caller.accountId && g.name === input.name) {
      throw conflict("RESOURCE_GATEWAY", g.id, `A resource gateway named ${input.name} already exists`);
    }
  }
  const vpc = findCallerVpc(ctx, input.vpcIdentifier);
  const knownSubnets = [...region.subnets.values()].filter((s) => s.vpcId === vpc.vpcId);
  if (knownSubnets.length > 0) {
    for (const subnetId of input.subnetIds) {
      if (!knownSubnets.some((s) => s.subnetId === subnetId)) {
        const message = `Subnet ${subnetId} does not exist in VPC ${vpc.vpcId}`;
        throw validation(message, [{ name: "subnetIds", message }]);
      }
    }
  }
  const securityGroupIds = input.securityGroupIds ?? [];
  checkSecurityGroups(ctx, vpc, securityGroupIds);
  const id = ctx.world.newId("rgw-");
  const now = ctx.world.now();
  const extras: GatewayExtras = {
    ...(ipAddressType !== "IPV6"
      ? { ipv4AddressesPerEni: input.ipv4AddressesPerEni ?? DEFAULT_IPV4_ADDRESSES_PER_ENI }
      : {}),
    resourceConfigDnsResolution: input.resourceConfigDnsResolution ?? "PUBLIC",
  };
  const gateway: ResourceGateway & GatewayExtras = {
    id,
    name: input.name,
    arn: latticeArn(ctx.region, ctx.caller.accountId, `resourcegateway/${id}`),
    ownerAccountId: ctx.caller.accountId,
    region: ctx.region,
    status: "ACTIVE",
    vpcId: vpc.vpcId,
    subnetIds: input.subnetIds,
    securityGroupIds,
    ipAddressType,
    ...extras,
    createdAt: now,
    lastUpdatedAt: now,
  };
  region.resourceGateways.set(id, gateway);
  setTags(region, gateway.arn, input.tags);
  return {
    status: 201,
    body: {
      name: gateway.name,
      id,
      arn: gateway.arn,
      status: gateway.status,
      vpcIdentifier: gateway.vpcId,
      subnetIds: gateway.subnetIds,
      securityGroupIds,
      ipAddressType,
      ...extras,
    },
  };
}

function getGateway(ctx: RequestContext, params: Record<string, string>) {
  const g = findVisible(
    ctx,
    regionOf(ctx).resourceGateways,
    params.resourceGatewayIdentifier!,
    "RESOURCE_GATEWAY",
  );
  const { vpcIdentifier, ...rest } = gatewaySummary(g);
  return { status: 200, body: { ...rest, vpcId: vpcIdentifier } };
}

function listGateways(ctx: RequestContext) {
  const region = regionOf(ctx);
  const items = [...region.resourceGateways.values()]
    .filter((g) => isVisibleTo(ctx.world, ctx.region, g, ctx.caller.accountId))
    .sort(byCreation);
  const page = listPage(ctx, items);
  return { status: 200, body: { ...page, items: page.items.map(gatewaySummary) } };
}

function updateGateway(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const g = findOwned(ctx, region.resourceGateways, params.resourceGatewayIdentifier!, "RESOURCE_GATEWAY");
  const input = parseInput(updateGatewaySchema, jsonBody(ctx));
  if (input.securityGroupIds !== undefined) {
    const vpc = findCallerVpc(ctx, g.vpcId);
    checkSecurityGroups(ctx, vpc, input.securityGroupIds);
    g.securityGroupIds = input.securityGroupIds;
    g.lastUpdatedAt = ctx.world.now();
  }
  return {
    status: 200,
    body: {
      name: g.name,
      id: g.id,
      arn: g.arn,
      status: g.status,
      vpcId: g.vpcId,
      subnetIds: g.subnetIds,
      securityGroupIds: g.securityGroupIds,
      ipAddressType: g.ipAddressType,
    },
  };
}

function deleteGateway(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const g = findOwned(ctx, region.resourceGateways, params.resourceGatewayIdentifier!, "RESOURCE_GATEWAY");
  const user = [...region.resourceConfigurations.values()].find((c) => c.resourceGatewayId === g.id);
  if (user) {
    throw conflict(
      "RESOURCE_GATEWAY",
      g.id,
      `Resource gateway ${g.id} is used by resource configuration ${user.id}`,
    );
  }
  region.resourceGateways.delete(g.id);
  region.tags.delete(g.arn);
  return { status: 200, body: { id: g.id, arn: g.arn, name: g.name, status: "DELETE_IN_PROGRESS" } };
}

// ---------------------------------------------------------------- resource configurations

function isPortRange(value: string): boolean {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from >= 1 && to <= 65535 && from <= to;
}

const portRangesSchema = z
  .array(z.string().refine(isPortRange, "must be a port (1-65535) or a port range such as 1-65535"))
  .min(1, "at least one port range is required")
  .max(11);

const definitionSchema = z
  .strictObject({
    dnsResource: z
      .object({
        domainName: z
          .string()
          .min(3, "must be between 3 and 255 characters")
          .max(255, "must be between 3 and 255 characters")
          .regex(/^[a-zA-Z0-9*]([a-zA-Z0-9*.-]*[a-zA-Z0-9])?$/, "must be a domain name"),
        ipAddressType: ipAddressTypeSchema.optional(),
      })
      .optional(),
    ipResource: z
      .object({ ipAddress: z.string().refine((v) => isIP(v) !== 0, "must be an IPv4 or IPv6 address") })
      .optional(),
    arnResource: z
      .object({ arn: z.string().regex(/^arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/, "must be an ARN") })
      .optional(),
  })
  .refine(
    (d) => [d.dnsResource, d.ipResource, d.arnResource].filter((m) => m !== undefined).length === 1,
    "must contain exactly one of dnsResource, ipResource or arnResource",
  );
type DefinitionInput = z.infer<typeof definitionSchema>;

function toDefinition(input: DefinitionInput): ResourceConfigurationDefinition {
  if (input.dnsResource) return { dnsResource: input.dnsResource };
  if (input.ipResource) return { ipResource: input.ipResource };
  if (input.arnResource) return { arnResource: input.arnResource };
  throw validation("resourceConfigurationDefinition is empty", [
    { name: "resourceConfigurationDefinition", message: "must contain exactly one member" },
  ]);
}

const createConfigurationSchema = z.object({
  name: nameSchema(3, 40, "rcfg-"),
  type: z.enum(["SINGLE", "GROUP", "CHILD", "ARN"]),
  portRanges: portRangesSchema.optional(),
  protocol: z.literal("TCP").optional(),
  resourceGatewayIdentifier: z.string().min(1).max(2048).optional(),
  resourceConfigurationGroupIdentifier: z.string().min(1).max(2048).optional(),
  resourceConfigurationDefinition: definitionSchema.optional(),
  allowAssociationToShareableServiceNetwork: z.boolean().optional(),
  clientToken: clientTokenSchema.optional(),
  tags: tagsSchema.optional(),
});

const updateConfigurationSchema = z.object({
  resourceConfigurationDefinition: definitionSchema.optional(),
  allowAssociationToShareableServiceNetwork: z.boolean().optional(),
  portRanges: portRangesSchema.optional(),
});

function invalid(field: string, message: string) {
  return validation(message, [{ name: field, message }]);
}

/** Which definition members each type takes (GROUP has none: its children carry them). */
function checkDefinitionForType(
  type: ResourceConfiguration["type"],
  definition: ResourceConfigurationDefinition | undefined,
) {
  const field = "resourceConfigurationDefinition";
  if (type === "GROUP") {
    if (definition) throw invalid(field, "A GROUP resource configuration takes no resource definition");
    return;
  }
  if (!definition)
    throw invalid(field, `resourceConfigurationDefinition is required for a ${type} resource configuration`);
  if (type === "ARN" && !("arnResource" in definition)) {
    throw invalid(field, "An ARN resource configuration requires an arnResource definition");
  }
  if (type !== "ARN" && "arnResource" in definition) {
    throw invalid(field, `A ${type} resource configuration takes a dnsResource or ipResource definition`);
  }
}

function configurationSummary(c: ResourceConfiguration) {
  return {
    id: c.id,
    name: c.name,
    arn: c.arn,
    resourceGatewayId: c.resourceGatewayId,
    resourceConfigurationGroupId: c.resourceConfigurationGroupId,
    type: c.type,
    status: c.status,
    amazonManaged: c.amazonManaged,
    createdAt: c.createdAt,
    lastUpdatedAt: c.lastUpdatedAt,
  };
}

function configurationDetail(c: ResourceConfiguration) {
  return {
    id: c.id,
    name: c.name,
    arn: c.arn,
    resourceGatewayId: c.resourceGatewayId,
    resourceConfigurationGroupId: c.resourceConfigurationGroupId,
    type: c.type,
    portRanges: c.portRanges.length > 0 ? c.portRanges : undefined,
    protocol: c.protocol,
    status: c.status,
    resourceConfigurationDefinition: c.resourceConfigurationDefinition,
    allowAssociationToShareableServiceNetwork: c.allowAssociationToShareableServiceNetwork,
  };
}

function createConfiguration(ctx: RequestContext) {
  const input = parseInput(createConfigurationSchema, jsonBody(ctx));
  const region = regionOf(ctx);
  const { type } = input;
  const definition = input.resourceConfigurationDefinition
    ? toDefinition(input.resourceConfigurationDefinition)
    : undefined;
  checkDefinitionForType(type, definition);
  if (type === "ARN" && input.portRanges) {
    throw invalid("portRanges", "portRanges is not supported for an ARN resource configuration");
  }
  if (type !== "ARN" && !input.portRanges) {
    throw invalid("portRanges", `portRanges is required for a ${type} resource configuration`);
  }
  if (type !== "CHILD" && input.resourceConfigurationGroupIdentifier) {
    throw invalid(
      "resourceConfigurationGroupIdentifier",
      "Only a CHILD resource configuration belongs to a group",
    );
  }
  let resourceGatewayId: string | undefined;
  let group: ResourceConfiguration | undefined;
  if (type === "CHILD") {
    if (input.resourceGatewayIdentifier) {
      throw invalid(
        "resourceGatewayIdentifier",
        "A CHILD resource configuration inherits the resource gateway of its group",
      );
    }
    if (!input.resourceConfigurationGroupIdentifier) {
      throw invalid(
        "resourceConfigurationGroupIdentifier",
        "resourceConfigurationGroupIdentifier is required for a CHILD resource configuration",
      );
    }
    group = findOwned(
      ctx,
      region.resourceConfigurations,
      input.resourceConfigurationGroupIdentifier,
      "RESOURCE_CONFIGURATION",
    );
    if (group.type !== "GROUP") {
      throw invalid(
        "resourceConfigurationGroupIdentifier",
        `Resource configuration ${group.id} is not of type GROUP`,
      );
    }
    resourceGatewayId = group.resourceGatewayId;
  } else {
    if (!input.resourceGatewayIdentifier) {
      throw invalid(
        "resourceGatewayIdentifier",
        `resourceGatewayIdentifier is required for a ${type} resource configuration`,
      );
    }
    resourceGatewayId = findOwned(
      ctx,
      region.resourceGateways,
      input.resourceGatewayIdentifier,
      "RESOURCE_GATEWAY",
    ).id;
  }
  for (const c of region.resourceConfigurations.values()) {
    if (c.ownerAccountId === ctx.caller.accountId && c.name === input.name) {
      throw conflict(
        "RESOURCE_CONFIGURATION",
        c.id,
        `A resource configuration named ${input.name} already exists`,
      );
    }
  }
  const id = ctx.world.newId("rcfg-");
  const now = ctx.world.now();
  const configuration: ResourceConfiguration = {
    id,
    name: input.name,
    arn: latticeArn(ctx.region, ctx.caller.accountId, `resourceconfiguration/${id}`),
    ownerAccountId: ctx.caller.accountId,
    region: ctx.region,
    type,
    status: "ACTIVE",
    ...(resourceGatewayId ? { resourceGatewayId } : {}),
    ...(group ? { resourceConfigurationGroupId: group.id } : {}),
    portRanges: input.portRanges ?? [],
    ...(type !== "ARN" ? { protocol: input.protocol ?? "TCP" } : {}),
    ...(definition ? { resourceConfigurationDefinition: definition } : {}),
    allowAssociationToShareableServiceNetwork:
      group?.allowAssociationToShareableServiceNetwork ??
      input.allowAssociationToShareableServiceNetwork ??
      false,
    amazonManaged: false,
    createdAt: now,
    lastUpdatedAt: now,
  };
  region.resourceConfigurations.set(id, configuration);
  setTags(region, configuration.arn, input.tags);
  if (type === "CHILD") associateChildWithGroupNetworks(ctx, configuration);
  return { status: 201, body: { ...configurationDetail(configuration), createdAt: configuration.createdAt } };
}

function getConfiguration(ctx: RequestContext, params: Record<string, string>) {
  const c = findVisible(
    ctx,
    regionOf(ctx).resourceConfigurations,
    params.resourceConfigurationIdentifier!,
    "RESOURCE_CONFIGURATION",
  );
  return {
    status: 200,
    body: {
      ...configurationDetail(c),
      createdAt: c.createdAt,
      amazonManaged: c.amazonManaged,
      lastUpdatedAt: c.lastUpdatedAt,
    },
  };
}

function listConfigurations(ctx: RequestContext) {
  const region = regionOf(ctx);
  const gatewayFilter = queryParam(ctx, "resourceGatewayIdentifier");
  const groupFilter = queryParam(ctx, "resourceConfigurationGroupIdentifier");
  const domainVerificationFilter = queryParam(ctx, "domainVerificationIdentifier");
  const items = [...region.resourceConfigurations.values()]
    .filter((c) => isVisibleTo(ctx.world, ctx.region, c, ctx.caller.accountId))
    .filter((c) => gatewayFilter === undefined || c.resourceGatewayId === idFromIdentifier(gatewayFilter))
    .filter(
      (c) => groupFilter === undefined || c.resourceConfigurationGroupId === idFromIdentifier(groupFilter),
    )
    // Domain verification is not emulated: no configuration carries one.
    .filter(() => domainVerificationFilter === undefined)
    .sort(byCreation);
  const page = listPage(ctx, items);
  return { status: 200, body: { ...page, items: page.items.map(configurationSummary) } };
}

function updateConfiguration(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const c = findOwned(
    ctx,
    region.resourceConfigurations,
    params.resourceConfigurationIdentifier!,
    "RESOURCE_CONFIGURATION",
  );
  const input = parseInput(updateConfigurationSchema, jsonBody(ctx));
  const definition = input.resourceConfigurationDefinition
    ? toDefinition(input.resourceConfigurationDefinition)
    : undefined;
  if (definition) checkDefinitionForType(c.type, definition);
  if (input.portRanges && c.type === "ARN") {
    throw invalid("portRanges", "portRanges is not supported for an ARN resource configuration");
  }
  if (definition) c.resourceConfigurationDefinition = definition;
  if (input.portRanges) c.portRanges = input.portRanges;
  if (input.allowAssociationToShareableServiceNetwork !== undefined) {
    c.allowAssociationToShareableServiceNetwork = input.allowAssociationToShareableServiceNetwork;
  }
  c.lastUpdatedAt = ctx.world.now();
  return { status: 200, body: configurationDetail(c) };
}

function removeArnState(region: RegionState, arn: string) {
  region.tags.delete(arn);
  region.authPolicies.delete(arn);
  region.resourcePolicies.delete(arn);
  for (const s of [...region.accessLogSubscriptions.values()]) {
    if (s.resourceArn === arn) {
      region.accessLogSubscriptions.delete(s.id);
      region.tags.delete(s.arn);
    }
  }
}

function deleteConfiguration(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const c = findOwned(
    ctx,
    region.resourceConfigurations,
    params.resourceConfigurationIdentifier!,
    "RESOURCE_CONFIGURATION",
  );
  const associations = [...region.serviceNetworkResourceAssociations.values()].filter(
    (a) => a.resourceConfigurationId === c.id,
  );
  const direct = associations.find((a) => !a.isManagedAssociation);
  if (direct) {
    throw conflict(
      "RESOURCE_CONFIGURATION",
      c.id,
      `Resource configuration ${c.id} is associated with service network ${direct.serviceNetworkId}`,
    );
  }
  const child = [...region.resourceConfigurations.values()].find(
    (r) => r.resourceConfigurationGroupId === c.id,
  );
  if (child) {
    throw conflict(
      "RESOURCE_CONFIGURATION",
      c.id,
      `Resource configuration ${c.id} has child resource configuration ${child.id}`,
    );
  }
  const endpoint = [...region.resourceEndpointAssociations.values()].find(
    (e) => e.resourceConfigurationId === c.id,
  );
  if (endpoint) {
    throw conflict(
      "RESOURCE_CONFIGURATION",
      c.id,
      `Resource configuration ${c.id} is associated with VPC endpoint ${endpoint.vpcEndpointId}`,
    );
  }
  for (const a of associations) {
    region.serviceNetworkResourceAssociations.delete(a.id);
    region.tags.delete(a.arn);
  }
  region.resourceConfigurations.delete(c.id);
  removeArnState(region, c.arn);
  return { status: 204 };
}

// ---------------------------------------------------------------- resource endpoint associations

function endpointAssociationVisible(
  ctx: RequestContext,
  region: RegionState,
  e: ResourceEndpointAssociation,
): boolean {
  const account = ctx.caller.accountId;
  return (
    e.ownerAccountId === account ||
    e.vpcEndpointOwner === account ||
    region.resourceConfigurations.get(e.resourceConfigurationId)?.ownerAccountId === account
  );
}

function listEndpointAssociations(ctx: RequestContext) {
  const region = regionOf(ctx);
  const configurationFilter = queryParam(ctx, "resourceConfigurationIdentifier");
  if (!configurationFilter) {
    const message = "resourceConfigurationIdentifier is required";
    throw validation(
      message,
      [{ name: "resourceConfigurationIdentifier", message }],
      "fieldValidationFailed",
    );
  }
  const configuration = findVisible(
    ctx,
    region.resourceConfigurations,
    configurationFilter,
    "RESOURCE_CONFIGURATION",
  );
  const associationFilter = queryParam(ctx, "resourceEndpointAssociationIdentifier");
  const endpointFilter = queryParam(ctx, "vpcEndpointId");
  const ownerFilter = queryParam(ctx, "vpcEndpointOwner");
  const items = [...region.resourceEndpointAssociations.values()]
    .filter((e) => e.resourceConfigurationId === configuration.id)
    .filter((e) => endpointAssociationVisible(ctx, region, e))
    .filter(
      (e) =>
        associationFilter === undefined ||
        (associationFilter.startsWith("arn:") ? e.arn === associationFilter : e.id === associationFilter),
    )
    .filter((e) => endpointFilter === undefined || e.vpcEndpointId === endpointFilter)
    .filter((e) => ownerFilter === undefined || e.vpcEndpointOwner === ownerFilter)
    .sort(byCreation);
  const page = listPage(ctx, items);
  return {
    status: 200,
    body: {
      ...page,
      items: page.items.map((e) => ({
        id: e.id,
        arn: e.arn,
        resourceConfigurationId: configuration.id,
        resourceConfigurationArn: configuration.arn,
        resourceConfigurationName: configuration.name,
        vpcEndpointId: e.vpcEndpointId,
        vpcEndpointOwner: e.vpcEndpointOwner,
        createdBy: e.createdBy,
        createdAt: e.createdAt,
      })),
    },
  };
}

function deleteEndpointAssociation(ctx: RequestContext, params: Record<string, string>) {
  const region = regionOf(ctx);
  const identifier = params.resourceEndpointAssociationIdentifier!;
  const found = region.resourceEndpointAssociations.get(idFromIdentifier(identifier));
  if (
    !found ||
    (identifier.startsWith("arn:") && found.arn !== identifier) ||
    !endpointAssociationVisible(ctx, region, found)
  ) {
    throw notFound(
      "RESOURCE_ENDPOINT_ASSOCIATION",
      identifier,
      `resource endpoint association ${identifier} not found`,
    );
  }
  region.resourceEndpointAssociations.delete(found.id);
  region.tags.delete(found.arn);
  return {
    status: 200,
    body: {
      id: found.id,
      arn: found.arn,
      resourceConfigurationId: found.resourceConfigurationId,
      resourceConfigurationArn: region.resourceConfigurations.get(found.resourceConfigurationId)?.arn,
      vpcEndpointId: found.vpcEndpointId,
    },
  };
}

export const resourceRoutes: RestRoute[] = [
  { operation: "CreateResourceGateway", method: "POST", path: "/resourcegateways", handler: createGateway },
  { operation: "ListResourceGateways", method: "GET", path: "/resourcegateways", handler: listGateways },
  {
    operation: "GetResourceGateway",
    method: "GET",
    path: "/resourcegateways/{resourceGatewayIdentifier}",
    handler: getGateway,
  },
  {
    operation: "UpdateResourceGateway",
    method: "PATCH",
    path: "/resourcegateways/{resourceGatewayIdentifier}",
    handler: updateGateway,
  },
  {
    operation: "DeleteResourceGateway",
    method: "DELETE",
    path: "/resourcegateways/{resourceGatewayIdentifier}",
    handler: deleteGateway,
  },
  {
    operation: "CreateResourceConfiguration",
    method: "POST",
    path: "/resourceconfigurations",
    handler: createConfiguration,
  },
  {
    operation: "ListResourceConfigurations",
    method: "GET",
    path: "/resourceconfigurations",
    handler: listConfigurations,
  },
  {
    operation: "GetResourceConfiguration",
    method: "GET",
    path: "/resourceconfigurations/{resourceConfigurationIdentifier}",
    handler: getConfiguration,
  },
  {
    operation: "UpdateResourceConfiguration",
    method: "PATCH",
    path: "/resourceconfigurations/{resourceConfigurationIdentifier}",
    handler: updateConfiguration,
  },
  {
    operation: "DeleteResourceConfiguration",
    method: "DELETE",
    path: "/resourceconfigurations/{resourceConfigurationIdentifier}",
    handler: deleteConfiguration,
  },
  {
    operation: "ListResourceEndpointAssociations",
    method: "GET",
    path: "/resourceendpointassociations",
    handler: listEndpointAssociations,
  },
  {
    operation: "DeleteResourceEndpointAssociation",
    method: "DELETE",
    path: "/resourceendpointassociations/{resourceEndpointAssociationIdentifier}",
    handler: deleteEndpointAssociation,
  },
];
