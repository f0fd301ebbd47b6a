import { z } from "zod";
import type { RequestContext } from "../core/context";
import { conflict, quotaExceeded } from "../core/errors";
import type { RegionState, ServiceNetwork } from "../core/model";
import { jsonBody, type RestRoute } from "../core/rest-json";
import { isVisibleTo } from "../core/sharing";
import { forgetResourceArn, inCreationOrder, withClientToken } from "./actions";
import {
  clientTokenSchema,
  findOwned,
  findVisible,
  latticeArn,
  listPage,
  nameSchema,
  parseInput,
  regionOf,
  setTags,
  tagsSchema,
} from "./common";

const RESOURCE_TYPE = "SERVICE_NETWORK";
const SERVICE_NETWORKS_PER_REGION = 50;

export const authTypeSchema = z.enum(["NONE", "AWS_IAM"]);

const createSchema = z.object({
  name: nameSchema(3, 63),
  authType: authTypeSchema.optional(),
  sharingConfig: z.object({ enabled: z.boolean().optional() }).strict().optional(),
  tags: tagsSchema.optional(),
  clientToken: clientTokenSchema.optional(),
});

const updateSchema = z.object({ authType: authTypeSchema });

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

function findServiceNetwork(ctx: RequestContext, identifier: string, write: boolean): ServiceNetwork {
  const region = regionOf(ctx);
  return write
    ? findOwned(ctx, region.serviceNetworks, identifier, RESOURCE_TYPE)
    : findVisible(ctx, region.serviceNetworks, identifier, RESOURCE_TYPE);
}

export const serviceNetworkRoutes: RestRoute[] = [
  {
    operation: "CreateServiceNetwork",
    method: "POST",
    path: "/servicenetworks",
    handler: (ctx) => {
      const input = parseInput(createSchema, jsonBody(ctx));
      const { clientToken, ...params } = input;
      return withClientToken(
        ctx,
        { operation: "CreateServiceNetwork", resourceType: RESOURCE_TYPE, clientToken, params },
        () => {
          const region = regionOf(ctx);
          const account = ctx.caller.accountId;
          const owned = [...region.serviceNetworks.values()].filter((sn) => sn.ownerAccountId === account);
          const clash = owned.find((sn) => sn.name === input.name);
          if (clash) {
            throw conflict(RESOURCE_TYPE, clash.id, `A service network named ${input.name} already exists`);
          }
          if (owned.length >= SERVICE_NETWORKS_PER_REGION) {
            throw quotaExceeded(
              RESOURCE_TYPE,
              "L-9CAD07FB",
              `You have reached the quota of ${SERVICE_NETWORKS_PER_REGION} service networks per Region`,
            );
          }
          const id = ctx.world.newId("sn-");
          const now = ctx.world.now();
          const sn: ServiceNetwork = {
            id,
            name: input.name,
            arn: latticeArn(ctx.region, account, `servicenetwork/${id}`),
            ownerAccountId: account,
            region: ctx.region,
            authType: input.authType ?? "NONE",
            sharingConfig: { enabled: input.sharingConfig?.enabled ?? true },
            createdAt: now,
            lastUpdatedAt: now,
          };
          region.serviceNetworks.set(id, sn);
          setTags(region, sn.arn, input.tags);
          return {
            status: 201,
            body: { id, name: sn.name, arn: sn.arn, sharingConfig: sn.sharingConfig, authType: sn.authType },
          };
        },
      );
    },
  },
  {
    operation: "GetServiceNetwork",
    method: "GET",
    path: "/servicenetworks/{serviceNetworkIdentifier}",
    handler: (ctx, params) => {
      const sn = findServiceNetwork(ctx, params.serviceNetworkIdentifier ?? "", false);
      return {
        status: 200,
        body: {
          id: sn.id,
          name: sn.name,
          arn: sn.arn,
          authType: sn.authType,
          sharingConfig: sn.sharingConfig,
          createdAt: sn.createdAt,
          lastUpdatedAt: sn.lastUpdatedAt,
          ...associationCounts(regionOf(ctx), sn.id),
        },
      };
    },
  },
  {
    operation: "ListServiceNetworks",
    method: "GET",
    path: "/servicenetworks",
    handler: (ctx) => {
      const region = regionOf(ctx);
      const visible = inCreationOrder(region.serviceNetworks.values()).filter((sn) =>
        isVisibleTo(ctx.world, ctx.region, sn, ctx.caller.accountId),
      );
      const page = listPage(ctx, visible);
      return {
        status: 200,
        body: {
          ...page,
          items: page.items.map((sn) => ({
            id: sn.id,
            name: sn.name,
            arn: sn.arn,
            createdAt: sn.createdAt,
            lastUpdatedAt: sn.lastUpdatedAt,
            ...associationCounts(region, sn.id),
          })),
        },
      };
    },
  },
  {
    operation: "UpdateServiceNetwork",
    method: "PATCH",
    path: "/servicenetworks/{serviceNetworkIdentifier}",
    handler: (ctx, params) => {
      const input = parseInput(updateSchema, jsonBody(ctx));
      const sn = findServiceNetwork(ctx, params.serviceNetworkIdentifier ?? "", true);
      sn.authType = input.authType;
      sn.lastUpdatedAt = ctx.world.now();
      return { status: 200, body: { id: sn.id, name: sn.name, arn: sn.arn, authType: sn.authType } };
    },
  },
  {
    operation: "DeleteServiceNetwork",
    method: "DELETE",
    path: "/servicenetworks/{serviceNetworkIdentifier}",
    handler: (ctx, params) => {
      const region = regionOf(ctx);
      const sn = findServiceNetwork(ctx, params.serviceNetworkIdentifier ?? "", true);
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
      region.serviceNetworks.delete(sn.id);
      forgetResourceArn(region, sn.arn);
      return { status: 204 };
    },
  },
];
