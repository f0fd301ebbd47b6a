import { z } from "zod";
import { conflict, validation } from "../core/errors";
import type { ResourceGateway } from "../core/model";
import { clientTokenSchema, nameSchema, tagsSchema } from "./common";
import { defineKind, requireUniqueName } from "./kinds";
import { checkSecurityGroups, findCallerVpc, securityGroupIdsSchema, vpcIdSchema } from "./vpc-references";

const RESOURCE_TYPE = "RESOURCE_GATEWAY";
export const ipAddressTypeSchema = z.enum(["IPV4", "IPV6", "DUALSTACK"]);
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

const createSchema = z.object({
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

export const resourceGateways = defineKind({
  noun: "ResourceGateway",
  path: "/resourcegateways",
  label: "resourceGatewayIdentifier",
  resourceType: RESOURCE_TYPE,
  records: (region) => region.resourceGateways,
  create: {
    schema: createSchema,
    status: 201,
    idPrefix: "rgw-",
    arnType: "resourcegateway",
    prepare(ctx, region, input) {
      const ipAddressType = input.ipAddressType ?? "IPV4";
      if (ipAddressType === "IPV6" && input.ipv4AddressesPerEni !== undefined) {
        const message = "ipv4AddressesPerEni is not supported for an IPV6 resource gateway";
        throw validation(message, [{ name: "ipv4AddressesPerEni", message }]);
      }
      requireUniqueName(ctx, region.resourceGateways, input.name, RESOURCE_TYPE, "resource gateway");
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
      const extras: GatewayExtras = {
        ...(ipAddressType !== "IPV6"
          ? { ipv4AddressesPerEni: input.ipv4AddressesPerEni ?? DEFAULT_IPV4_ADDRESSES_PER_ENI }
          : {}),
        resourceConfigDnsResolution: input.resourceConfigDnsResolution ?? "PUBLIC",
      };
      return { vpcId: vpc.vpcId, securityGroupIds, ipAddressType, extras };
    },
    build: ({ ctx, input, prepared, id, arn, now }): ResourceGateway & GatewayExtras => ({
      id,
      name: input.name,
      arn,
      ownerAccountId: ctx.caller.accountId,
      region: ctx.region,
      status: "ACTIVE",
      vpcId: prepared.vpcId,
      subnetIds: input.subnetIds,
      securityGroupIds: prepared.securityGroupIds,
      ipAddressType: prepared.ipAddressType,
      ...prepared.extras,
      createdAt: now,
      lastUpdatedAt: now,
    }),
    body: (g) => {
      const { createdAt: _createdAt, lastUpdatedAt: _lastUpdatedAt, ...created } = gatewaySummary(g);
      return created;
    },
  },
  get(_ctx, _region, g) {
    const { vpcIdentifier, ...rest } = gatewaySummary(g);
    return { ...rest, vpcId: vpcIdentifier };
  },
  list: { item: () => gatewaySummary },
  update: {
    schema: z.object({ securityGroupIds: securityGroupIdsSchema.optional() }),
    lookupFirst: true,
    apply(ctx, _region, g, input) {
      if (input.securityGroupIds !== undefined) {
        const vpc = findCallerVpc(ctx, g.vpcId);
        checkSecurityGroups(ctx, vpc, input.securityGroupIds);
        g.securityGroupIds = input.securityGroupIds;
        g.lastUpdatedAt = ctx.world.now();
      }
      return {
        name: g.name,
        id: g.id,
        arn: g.arn,
        status: g.status,
        vpcId: g.vpcId,
        subnetIds: g.subnetIds,
        securityGroupIds: g.securityGroupIds,
        ipAddressType: g.ipAddressType,
      };
    },
  },
  delete: {
    check(_ctx, region, g) {
      const user = [...region.resourceConfigurations.values()].find((c) => c.resourceGatewayId === g.id);
      if (user) {
        throw conflict(
          RESOURCE_TYPE,
          g.id,
          `Resource gateway ${g.id} is used by resource configuration ${user.id}`,
        );
      }
    },
    body: (g) => ({ id: g.id, arn: g.arn, name: g.name, status: "DELETE_IN_PROGRESS" }),
  },
});
