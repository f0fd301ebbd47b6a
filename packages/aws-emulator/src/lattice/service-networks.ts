import { z } from "zod";
import { conflict } from "../core/errors";
import type { RegionState, ServiceNetwork } from "../core/model";
import { clientTokenSchema, nameSchema, tagsSchema } from "./common";
import { byCreatedAt, defineKind, requireQuota, requireUniqueName } from "./kinds";

const RESOURCE_TYPE = "SERVICE_NETWORK";

export const authTypeSchema = z.enum(["NONE", "AWS_IAM"]);

const createSchema = z.object({
  name: nameSchema(3, 63),
  authType: authTypeSchema.optional(),
  sharingConfig: z.object({ enabled: z.boolean().optional() }).strict().optional(),
  tags: tagsSchema.optional(),
  clientToken: clientTokenSchema.optional(),
});

function associationCounts(region: RegionState, serviceNetworkId: string) {
  const count = (map: Map<string, { serviceNetworkId: string }>) =>
    [...map.values()].filter((a) => a.serviceNetworkId === serviceNetworkId).length;
  return {
    numberOfAssociatedVPCs: count(region.serviceNetworkVpcAssociations),
    numberOfAssociatedServices: count(region.serviceNetworkServiceAssociations),
    numberOfAssociatedResourceConfigurations: [...region.serviceNetworkResourceAssociations.values()].filter(
      (a) => a.serviceNetworkId === serviceNetworkId && !a.isManagedAssociation,
    ).length,
  };
}

export const serviceNetworks = defineKind({
  noun: "ServiceNetwork",
  path: "/servicenetworks",
  label: "serviceNetworkIdentifier",
  resourceType: RESOURCE_TYPE,
  records: (region) => region.serviceNetworks,
  create: {
    schema: createSchema,
    status: 201,
    idempotent: true,
    idPrefix: "sn-",
    arnType: "servicenetwork",
    prepare(ctx, region, input) {
      requireUniqueName(ctx, region.serviceNetworks, input.name, RESOURCE_TYPE, "service network");
      requireQuota(ctx, region.serviceNetworks, {
        limit: 50,
        code: "L-9CAD07FB",
        label: "service networks",
        resourceType: RESOURCE_TYPE,
      });
    },
    build: ({ ctx, input, id, arn, now }): ServiceNetwork => ({
      id,
      name: input.name,
      arn,
      ownerAccountId: ctx.caller.accountId,
      region: ctx.region,
      authType: input.authType ?? "NONE",
      sharingConfig: { enabled: input.sharingConfig?.enabled ?? true },
      createdAt: now,
      lastUpdatedAt: now,
    }),
    body: (sn) => ({
      id: sn.id,
      name: sn.name,
      arn: sn.arn,
      sharingConfig: sn.sharingConfig,
      authType: sn.authType,
    }),
  },
  get: (_ctx, region, sn) => ({
    id: sn.id,
    name: sn.name,
    arn: sn.arn,
    authType: sn.authType,
    sharingConfig: sn.sharingConfig,
    createdAt: sn.createdAt,
    lastUpdatedAt: sn.lastUpdatedAt,
    ...associationCounts(region, sn.id),
  }),
  list: {
    order: byCreatedAt,
    item: (_ctx, region) => (sn) => ({
      id: sn.id,
      name: sn.name,
      arn: sn.arn,
      createdAt: sn.createdAt,
      lastUpdatedAt: sn.lastUpdatedAt,
      ...associationCounts(region, sn.id),
    }),
  },
  update: {
    schema: z.object({ authType: authTypeSchema }),
    apply(ctx, _region, sn, input) {
      sn.authType = input.authType;
      sn.lastUpdatedAt = ctx.world.now();
      return { id: sn.id, name: sn.name, arn: sn.arn, authType: sn.authType };
    },
  },
  delete: {
    check(_ctx, region, sn) {
      const counts = associationCounts(region, sn.id);
      const endpoints = [...region.vpcEndpoints.values()].filter(
        (e) => e.serviceNetworkArn === sn.arn && e.state !== "Deleted",
      ).length;
      const blockers = [
        counts.numberOfAssociatedVPCs && `${counts.numberOfAssociatedVPCs} VPC association(s)`,
        counts.numberOfAssociatedServices && `${counts.numberOfAssociatedServices} service association(s)`,
        counts.numberOfAssociatedResourceConfigurations &&
          `${counts.numberOfAssociatedResourceConfigurations} resource configuration association(s)`,
        endpoints && `${endpoints} VPC endpoint(s)`,
      ].filter(Boolean);
      if (blockers.length > 0) {
        throw conflict(
          RESOURCE_TYPE,
          sn.id,
          `Service network ${sn.id} cannot be deleted while it has ${blockers.join(", ")}`,
        );
      }
    },
  },
});
