import { z } from "zod";
import { conflict } from "../core/errors";
import type { RegionState, ServiceNetworkServiceAssociation } from "../core/model";
import { clientTokenSchema, findVisible, tagsSchema } from "./common";
import { defineKind } from "./kinds";
import {
  associationReaders,
  byServiceNetwork,
  endById,
  endFilters,
  identifierSchema,
  networkFields,
} from "./associations";

function serviceAssociationSummary(region: RegionState, a: ServiceNetworkServiceAssociation) {
  const network = networkFields(region, a.serviceNetworkId);
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
    serviceNetworkId: network.id,
    serviceNetworkName: network.name,
    serviceNetworkArn: network.arn,
    dnsEntry: a.dnsEntry ?? service?.dnsEntry,
    customDomainName: a.customDomainName ?? service?.customDomainName,
  };
}

const byService = endById(
  "serviceIdentifier",
  (region) => region.services,
  "SERVICE",
  (a: ServiceNetworkServiceAssociation) => a.serviceId,
);

export const serviceAssociations = defineKind({
  noun: "ServiceNetworkServiceAssociation",
  path: "/servicenetworkserviceassociations",
  label: "serviceNetworkServiceAssociationIdentifier",
  resourceType: "SERVICE_NETWORK_SERVICE_ASSOCIATION",
  records: (region) => region.serviceNetworkServiceAssociations,
  readable: associationReaders(
    (region, a: ServiceNetworkServiceAssociation) => region.services.get(a.serviceId)?.ownerAccountId,
  ),
  writers: "readers",
  create: {
    schema: z.object({
      serviceIdentifier: identifierSchema,
      serviceNetworkIdentifier: identifierSchema,
      clientToken: clientTokenSchema.optional(),
      tags: tagsSchema.optional(),
    }),
    status: 200,
    idPrefix: "snsa-",
    arnType: "servicenetworkserviceassociation",
    prepare(ctx, region, input) {
      const service = findVisible(ctx, region.services, input.serviceIdentifier, "SERVICE");
      const network = findVisible(
        ctx,
        region.serviceNetworks,
        input.serviceNetworkIdentifier,
        "SERVICE_NETWORK",
      );
      for (const existing of region.serviceNetworkServiceAssociations.values()) {
        if (existing.serviceId === service.id && existing.serviceNetworkId === network.id) {
          throw conflict(
            "SERVICE_NETWORK_SERVICE_ASSOCIATION",
            existing.id,
            `Service ${service.id} is already associated with service network ${network.id}`,
          );
        }
      }
      return { service, network };
    },
    build: ({ ctx, prepared: { service, network }, id, arn, now }): ServiceNetworkServiceAssociation => ({
      id,
      arn,
      ownerAccountId: ctx.caller.accountId,
      region: ctx.region,
      serviceNetworkId: network.id,
      serviceId: service.id,
      status: "ACTIVE",
      createdBy: ctx.caller.accountId,
      dnsEntry: { ...service.dnsEntry },
      ...(service.customDomainName ? { customDomainName: service.customDomainName } : {}),
      createdAt: now,
    }),
    body: (a) => ({
      id: a.id,
      status: a.status,
      arn: a.arn,
      createdBy: a.createdBy,
      customDomainName: a.customDomainName,
      dnsEntry: a.dnsEntry,
    }),
  },
  get: (_ctx, region, a) => serviceAssociationSummary(region, a),
  list: {
    filter: (ctx, region) => endFilters(ctx, region, [byServiceNetwork, byService], true),
    item: (_ctx, region) => (a) => serviceAssociationSummary(region, a),
  },
  delete: { body: (a) => ({ id: a.id, status: "DELETE_IN_PROGRESS", arn: a.arn }) },
});
