import { z } from "zod";
import { accessDenied, conflict, notFound, validation } from "../core/errors";
import type { RegionState, ServiceNetworkVpcAssociation } from "../core/model";
import { clientTokenSchema, findVisible, tagsSchema } from "./common";
import { defineKind } from "./kinds";
import {
  associationReaders,
  byServiceNetwork,
  endFilters,
  identifierSchema,
  networkFields,
  type EndFilter,
} from "./associations";
import { checkSecurityGroups, findCallerVpc, securityGroupIdsSchema, vpcIdSchema } from "./vpc-references";

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

function vpcAssociationSummary(region: RegionState, a: ServiceNetworkVpcAssociation) {
  const network = networkFields(region, a.serviceNetworkId);
  return {
    id: a.id,
    arn: a.arn,
    status: a.status,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    lastUpdatedAt: a.lastUpdatedAt,
    serviceNetworkId: network.id,
    serviceNetworkName: network.name,
    serviceNetworkArn: network.arn,
    vpcId: a.vpcId,
    privateDnsEnabled: a.privateDnsEnabled,
    dnsOptions: dnsOptionsOf(a),
  };
}

/** VPCs are named by id only, and compared as given. */
const byVpc: EndFilter<ServiceNetworkVpcAssociation> = {
  param: "vpcIdentifier",
  resolve: (_ctx, _region, vpcId) => vpcId,
  of: (a) => a.vpcId,
};

export const vpcAssociations = defineKind({
  noun: "ServiceNetworkVpcAssociation",
  path: "/servicenetworkvpcassociations",
  label: "serviceNetworkVpcAssociationIdentifier",
  resourceType: "SERVICE_NETWORK_VPC_ASSOCIATION",
  records: (region) => region.serviceNetworkVpcAssociations,
  readable: associationReaders(),
  writers: "readers",
  create: {
    schema: z.object({
      serviceNetworkIdentifier: identifierSchema,
      vpcIdentifier: vpcIdSchema,
      clientToken: clientTokenSchema.optional(),
      privateDnsEnabled: z.boolean().optional(),
      securityGroupIds: securityGroupIdsSchema.optional(),
      tags: tagsSchema.optional(),
      dnsOptions: dnsOptionsSchema.optional(),
    }),
    status: 200,
    idPrefix: "snva-",
    arnType: "servicenetworkvpcassociation",
    prepare(ctx, region, input) {
      const network = findVisible(
        ctx,
        region.serviceNetworks,
        input.serviceNetworkIdentifier,
        "SERVICE_NETWORK",
      );
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
      return { network, vpcId: vpc.vpcId, securityGroupIds };
    },
    build: ({ ctx, input, prepared, id, arn, now }): ServiceNetworkVpcAssociation => ({
      id,
      arn,
      ownerAccountId: ctx.caller.accountId,
      region: ctx.region,
      serviceNetworkId: prepared.network.id,
      vpcId: prepared.vpcId,
      status: "ACTIVE",
      createdBy: ctx.caller.accountId,
      securityGroupIds: prepared.securityGroupIds,
      ...(input.privateDnsEnabled !== undefined ? { privateDnsEnabled: input.privateDnsEnabled } : {}),
      ...(input.dnsOptions ? { dnsOptions: input.dnsOptions } : {}),
      createdAt: now,
      lastUpdatedAt: now,
    }),
    body: (a, input) => ({
      id: a.id,
      status: a.status,
      arn: a.arn,
      createdBy: a.createdBy,
      securityGroupIds: a.securityGroupIds,
      privateDnsEnabled: a.privateDnsEnabled,
      dnsOptions: input.dnsOptions,
    }),
  },
  get: (_ctx, region, a) => ({ ...vpcAssociationSummary(region, a), securityGroupIds: a.securityGroupIds }),
  list: {
    filter: (ctx, region) => endFilters(ctx, region, [byServiceNetwork, byVpc], true),
    item: (_ctx, region) => (a) => vpcAssociationSummary(region, a),
  },
  update: {
    schema: z.object({
      securityGroupIds: securityGroupIdsSchema.optional(),
      privateDnsEnabled: z.boolean().optional(),
      dnsOptions: dnsOptionsSchema.optional(),
    }),
    lookupFirst: true,
    authorize(ctx, a) {
      if (a.ownerAccountId !== ctx.caller.accountId) {
        throw accessDenied(
          `User: ${ctx.caller.arn} is not authorized to modify ${a.arn}: only the VPC owner can update it`,
        );
      }
    },
    apply(ctx, region, a, input) {
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
        id: a.id,
        arn: a.arn,
        status: a.status,
        createdBy: a.createdBy,
        securityGroupIds: a.securityGroupIds,
        privateDnsEnabled: a.privateDnsEnabled,
        dnsOptions,
      };
    },
  },
  delete: { body: (a) => ({ id: a.id, status: "DELETE_IN_PROGRESS", arn: a.arn }) },
});
