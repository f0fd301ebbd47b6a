import type { ApiResponse, RequestContext } from "../core/context";
import type { DnsEntry, RegionState, VpcEndpoint, VpcEndpointAssociation } from "../core/model";
import { listParam, type XmlObject } from "../core/query-protocol";
import {
  applyFilters,
  checkDryRun,
  ec2Error,
  ec2Page,
  ec2Result,
  quotedIds,
  selectByIds,
  tagSet,
  type FilterSpec,
} from "./common";
import { checkIdPrefix } from "./network";

const PAGE_LIMITS = { min: 1, max: 1000 };

function dnsEntry(entry: DnsEntry | undefined): XmlObject | undefined {
  return entry ? { dnsName: entry.domainName, hostedZoneId: entry.hostedZoneId } : undefined;
}

function callerEndpoints(ctx: RequestContext): VpcEndpoint[] {
  return [...ctx.world.region(ctx.region).vpcEndpoints.values()].filter(
    (e) => e.ownerId === ctx.caller.accountId,
  );
}

function selectEndpoints(ctx: RequestContext, params: Map<string, string>): VpcEndpoint[] {
  const ids = listParam(params, "VpcEndpointId");
  checkIdPrefix(ids, "vpce-", "InvalidVpcEndpointId.Malformed");
  return selectByIds(
    callerEndpoints(ctx),
    ids,
    (e) => e.vpcEndpointId,
    (missing) =>
      ec2Error("InvalidVpcEndpointId.NotFound", `The VpcEndpoint ID ${quotedIds(missing)} does not exist`),
  );
}

const endpointFilters: FilterSpec<VpcEndpoint> = {
  fields: {
    "vpc-endpoint-id": (e) => e.vpcEndpointId,
    "vpc-endpoint-type": (e) => e.vpcEndpointType,
    "vpc-endpoint-state": (e) => e.state,
    "vpc-id": (e) => e.vpcId,
    "service-name": () => undefined,
    "service-region": (e) => e.region,
    "ip-address-type": (e) => e.ipAddressType,
    "owner-id": (e) => e.ownerId,
  },
  caseInsensitive: ["vpc-endpoint-state", "vpc-endpoint-type"],
  tags: (e) => e.tags,
};

function endpointItem(region: RegionState, endpoint: VpcEndpoint): XmlObject {
  return {
    vpcEndpointId: endpoint.vpcEndpointId,
    vpcEndpointType: endpoint.vpcEndpointType,
    vpcId: endpoint.vpcId,
    state: endpoint.state,
    routeTableIdSet: [],
    subnetIdSet: endpoint.subnetIds,
    groupSet: endpoint.securityGroupIds.map((groupId) => ({
      groupId,
      groupName: region.securityGroups.get(groupId)?.groupName,
    })),
    ipAddressType: endpoint.ipAddressType,
    dnsOptions: { dnsRecordIpType: endpoint.ipAddressType },
    privateDnsEnabled: endpoint.privateDnsEnabled,
    requesterManaged: false,
    networkInterfaceIdSet: [],
    dnsEntrySet: endpoint.dnsEntries.map((entry) => dnsEntry(entry)),
    creationTimestamp: endpoint.creationTimestamp,
    tagSet: tagSet(endpoint.tags),
    ownerId: endpoint.ownerId,
    serviceNetworkArn: endpoint.serviceNetworkArn,
    resourceConfigurationArn: endpoint.resourceConfigurationArn,
    serviceRegion: endpoint.region,
  };
}

export function describeVpcEndpoints(ctx: RequestContext, params: Map<string, string>): ApiResponse {
  checkDryRun(params);
  const region = ctx.world.region(ctx.region);
  const filtered = applyFilters(params, selectEndpoints(ctx, params), endpointFilters);
  const page = ec2Page(params, filtered, PAGE_LIMITS);
  return ec2Result(ctx, "DescribeVpcEndpoints", {
    vpcEndpointSet: page.items.map((e) => endpointItem(region, e)),
    nextToken: page.nextToken,
  });
}

interface AssociationRow {
  endpoint: VpcEndpoint;
  association: VpcEndpointAssociation;
}

const associationFilters: FilterSpec<AssociationRow> = {
  fields: {
    "vpc-endpoint-id": (r) => r.endpoint.vpcEndpointId,
    "association-id": (r) => r.association.id,
    "associated-resource-accessibility": (r) => r.association.associatedResourceAccessibility,
    "associated-resource-id": (r) => [
      r.association.associatedResourceArn,
      r.association.associatedResourceArn.split("/").pop(),
    ],
    "service-network-arn": (r) => r.association.serviceNetworkArn,
    "resource-configuration-group-arn": (r) => r.association.resourceConfigurationGroupArn,
  },
  caseInsensitive: ["associated-resource-accessibility"],
};

function associationItem(row: AssociationRow): XmlObject {
  const a = row.association;
  return {
    id: a.id,
    vpcEndpointId: row.endpoint.vpcEndpointId,
    serviceNetworkArn: a.serviceNetworkArn,
    serviceNetworkName: a.serviceNetworkName,
    associatedResourceAccessibility: a.associatedResourceAccessibility,
    dnsEntry: dnsEntry(a.dnsEntry),
    privateDnsEntry: dnsEntry(a.privateDnsEntry),
    associatedResourceArn: a.associatedResourceArn,
    resourceConfigurationGroupArn: a.resourceConfigurationGroupArn,
    tagSet: [],
  };
}

export function describeVpcEndpointAssociations(
  ctx: RequestContext,
  params: Map<string, string>,
): ApiResponse {
  checkDryRun(params);
  const rows = selectEndpoints(ctx, params).flatMap((endpoint) =>
    endpoint.associations.map((association) => ({ endpoint, association })),
  );
  const page = ec2Page(params, applyFilters(params, rows, associationFilters), PAGE_LIMITS);
  return ec2Result(ctx, "DescribeVpcEndpointAssociations", {
    vpcEndpointAssociationSet: page.items.map(associationItem),
    nextToken: page.nextToken,
  });
}
