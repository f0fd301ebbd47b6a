import { isIP } from "node:net";
import { z } from "zod";
import type { RequestContext } from "../core/context";
import { conflict, validation } from "../core/errors";
import type {
  RegionState,
  ResourceConfiguration,
  ResourceConfigurationDefinition,
  ResourceEndpointAssociation,
} from "../core/model";
import type { RestRoute } from "../core/rest-json";
import {
  byCreation,
  clientTokenSchema,
  findOwned,
  findVisible,
  idFromIdentifier,
  listPage,
  lookup,
  nameSchema,
  queryParam,
  regionOf,
  tagsSchema,
} from "./common";
import { associateChildWithGroupNetworks } from "./resource-associations";
import { defineKind, requireUniqueName } from "./kinds";
import { ipAddressTypeSchema } from "./resource-gateways";

const RESOURCE_TYPE = "RESOURCE_CONFIGURATION";

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

/** Checks a create request against its type and returns the gateway and group the new configuration joins. */
function placement(
  ctx: RequestContext,
  region: RegionState,
  input: z.infer<typeof createConfigurationSchema>,
) {
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
  if (type !== "CHILD") {
    if (!input.resourceGatewayIdentifier) {
      throw invalid(
        "resourceGatewayIdentifier",
        `resourceGatewayIdentifier is required for a ${type} resource configuration`,
      );
    }
    const gateway = findOwned(
      ctx,
      region.resourceGateways,
      input.resourceGatewayIdentifier,
      "RESOURCE_GATEWAY",
    );
    return { definition, resourceGatewayId: gateway.id, group: undefined };
  }
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
  const group = findOwned(
    ctx,
    region.resourceConfigurations,
    input.resourceConfigurationGroupIdentifier,
    RESOURCE_TYPE,
  );
  if (group.type !== "GROUP") {
    throw invalid(
      "resourceConfigurationGroupIdentifier",
      `Resource configuration ${group.id} is not of type GROUP`,
    );
  }
  return { definition, resourceGatewayId: group.resourceGatewayId, group };
}

export const resourceConfigurations = defineKind({
  noun: "ResourceConfiguration",
  path: "/resourceconfigurations",
  label: "resourceConfigurationIdentifier",
  resourceType: RESOURCE_TYPE,
  records: (region) => region.resourceConfigurations,
  create: {
    schema: createConfigurationSchema,
    status: 201,
    idPrefix: "rcfg-",
    arnType: "resourceconfiguration",
    prepare(ctx, region, input) {
      const placed = placement(ctx, region, input);
      requireUniqueName(
        ctx,
        region.resourceConfigurations,
        input.name,
        RESOURCE_TYPE,
        "resource configuration",
      );
      return placed;
    },
    build: ({
      ctx,
      input,
      prepared: { definition, resourceGatewayId, group },
      id,
      arn,
      now,
    }): ResourceConfiguration => ({
      id,
      name: input.name,
      arn,
      ownerAccountId: ctx.caller.accountId,
      region: ctx.region,
      type: input.type,
      status: "ACTIVE",
      ...(resourceGatewayId ? { resourceGatewayId } : {}),
      ...(group ? { resourceConfigurationGroupId: group.id } : {}),
      portRanges: input.portRanges ?? [],
      ...(input.type !== "ARN" ? { protocol: input.protocol ?? "TCP" } : {}),
      ...(definition ? { resourceConfigurationDefinition: definition } : {}),
      allowAssociationToShareableServiceNetwork:
        group?.allowAssociationToShareableServiceNetwork ??
        input.allowAssociationToShareableServiceNetwork ??
        false,
      amazonManaged: false,
      createdAt: now,
      lastUpdatedAt: now,
    }),
    after: (ctx, _region, c) => associateChildWithGroupNetworks(ctx, c),
    body: (c) => ({ ...configurationDetail(c), createdAt: c.createdAt }),
  },
  get: (_ctx, _region, c) => ({
    ...configurationDetail(c),
    createdAt: c.createdAt,
    amazonManaged: c.amazonManaged,
    lastUpdatedAt: c.lastUpdatedAt,
  }),
  list: {
    filter(ctx) {
      const gatewayFilter = queryParam(ctx, "resourceGatewayIdentifier");
      const groupFilter = queryParam(ctx, "resourceConfigurationGroupIdentifier");
      const domainVerificationFilter = queryParam(ctx, "domainVerificationIdentifier");
      return (c) =>
        (gatewayFilter === undefined || c.resourceGatewayId === idFromIdentifier(gatewayFilter)) &&
        (groupFilter === undefined || c.resourceConfigurationGroupId === idFromIdentifier(groupFilter)) &&
        // Domain verification is not emulated: no configuration carries one.
        domainVerificationFilter === undefined;
    },
    item: () => configurationSummary,
  },
  update: {
    schema: updateConfigurationSchema,
    lookupFirst: true,
    apply(ctx, _region, c, input) {
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
      return configurationDetail(c);
    },
  },
  delete: {
    check(_ctx, region, c) {
      const direct = [...region.serviceNetworkResourceAssociations.values()].find(
        (a) => a.resourceConfigurationId === c.id && !a.isManagedAssociation,
      );
      if (direct) {
        throw conflict(
          RESOURCE_TYPE,
          c.id,
          `Resource configuration ${c.id} is associated with service network ${direct.serviceNetworkId}`,
        );
      }
      const child = [...region.resourceConfigurations.values()].find(
        (r) => r.resourceConfigurationGroupId === c.id,
      );
      if (child) {
        throw conflict(
          RESOURCE_TYPE,
          c.id,
          `Resource configuration ${c.id} has child resource configuration ${child.id}`,
        );
      }
      const endpoint = [...region.resourceEndpointAssociations.values()].find(
        (e) => e.resourceConfigurationId === c.id,
      );
      if (endpoint) {
        throw conflict(
          RESOURCE_TYPE,
          c.id,
          `Resource configuration ${c.id} is associated with VPC endpoint ${endpoint.vpcEndpointId}`,
        );
      }
    },
    cascade(_ctx, region, c) {
      for (const a of [...region.serviceNetworkResourceAssociations.values()]) {
        if (a.resourceConfigurationId !== c.id) continue;
        region.serviceNetworkResourceAssociations.delete(a.id);
        region.tags.delete(a.arn);
      }
    },
  },
});

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
  const found = lookup(
    region.resourceEndpointAssociations,
    params.resourceEndpointAssociationIdentifier!,
    "RESOURCE_ENDPOINT_ASSOCIATION",
    (e) => endpointAssociationVisible(ctx, region, e),
  );
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

export const resourceEndpointAssociationRoutes: RestRoute[] = [
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
