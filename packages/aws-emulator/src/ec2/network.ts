import type { ApiResponse, RequestContext } from "../core/context";
import type { SecurityGroup, Subnet, Vpc } from "../core/model";
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

const PAGE_LIMITS = { min: 5, max: 1000 };

/** Ids with the wrong prefix are `.Malformed` before anything is looked up, as in EC2. */
export function checkIdPrefix(ids: string[], prefix: string, code: string): void {
  const bad = ids.find((id) => !id.startsWith(prefix) || id.length === prefix.length);
  if (bad !== undefined) throw ec2Error(code, `Invalid id: "${bad}"`);
}

/** Stable suffix for derived ids (association ids, DHCP options) of a resource without its own. */
function suffixOf(id: string): string {
  return id.slice(id.indexOf("-") + 1);
}

function owned<T extends { ownerId: string }>(ctx: RequestContext, map: Map<string, T>): T[] {
  return [...map.values()].filter((item) => item.ownerId === ctx.caller.accountId);
}

const vpcFilters: FilterSpec<Vpc> = {
  fields: {
    "vpc-id": (v) => v.vpcId,
    "owner-id": (v) => v.ownerId,
    cidr: (v) => v.cidrBlock,
    "cidr-block-association.cidr-block": (v) => v.cidrBlock,
    "cidr-block-association.association-id": (v) => `vpc-cidr-assoc-${suffixOf(v.vpcId)}`,
    "cidr-block-association.state": () => "associated",
    "dhcp-options-id": (v) => `dopt-${suffixOf(v.vpcId)}`,
    "is-default": (v) => v.isDefault,
    state: () => "available",
  },
  tags: (v) => v.tags,
};

function vpcItem(vpc: Vpc): XmlObject {
  const suffix = suffixOf(vpc.vpcId);
  return {
    vpcId: vpc.vpcId,
    ownerId: vpc.ownerId,
    state: "available",
    cidrBlock: vpc.cidrBlock,
    cidrBlockAssociationSet: [
      {
        cidrBlock: vpc.cidrBlock,
        associationId: `vpc-cidr-assoc-${suffix}`,
        cidrBlockState: { state: "associated" },
      },
    ],
    ipv6CidrBlockAssociationSet: [],
    dhcpOptionsId: `dopt-${suffix}`,
    instanceTenancy: "default",
    isDefault: vpc.isDefault,
    blockPublicAccessStates: { internetGatewayBlockMode: "off" },
    tagSet: tagSet(vpc.tags),
  };
}

export function describeVpcs(ctx: RequestContext, params: Map<string, string>): ApiResponse {
  checkDryRun(params);
  const ids = listParam(params, "VpcId");
  checkIdPrefix(ids, "vpc-", "InvalidVpcID.Malformed");
  const vpcs = owned(ctx, ctx.world.region(ctx.region).vpcs);
  const selected = selectByIds(
    vpcs,
    ids,
    (v) => v.vpcId,
    (missing) => ec2Error("InvalidVpcID.NotFound", `The vpc ID ${quotedIds(missing)} does not exist`),
  );
  const page = ec2Page(params, applyFilters(params, selected, vpcFilters), PAGE_LIMITS);
  return ec2Result(ctx, "DescribeVpcs", { vpcSet: page.items.map(vpcItem), nextToken: page.nextToken });
}

function availableAddresses(cidr: string): number {
  const prefix = Number(cidr.split("/")[1]);
  if (!Number.isInteger(prefix) || prefix < 16 || prefix > 28) return 0;
  // AWS reserves five addresses in every subnet.
  return 2 ** (32 - prefix) - 5;
}

const subnetFilters: FilterSpec<Subnet> = {
  fields: {
    "subnet-id": (s) => s.subnetId,
    "vpc-id": (s) => s.vpcId,
    "owner-id": (s) => s.ownerId,
    "availability-zone": (s) => s.availabilityZone,
    "cidr-block": (s) => s.cidrBlock,
    cidr: (s) => s.cidrBlock,
    cidrBlock: (s) => s.cidrBlock,
    "default-for-az": () => false,
    "map-public-ip-on-launch": () => false,
    state: () => "available",
  },
  tags: () => ({}),
};

function subnetItem(subnet: Subnet): XmlObject {
  return {
    subnetId: subnet.subnetId,
    subnetArn: `arn:aws:ec2:${subnet.region}:${subnet.ownerId}:subnet/${subnet.subnetId}`,
    state: "available",
    vpcId: subnet.vpcId,
    ownerId: subnet.ownerId,
    cidrBlock: subnet.cidrBlock,
    ipv6CidrBlockAssociationSet: [],
    availableIpAddressCount: availableAddresses(subnet.cidrBlock),
    availabilityZone: subnet.availabilityZone,
    defaultForAz: false,
    mapPublicIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    ipv6Native: false,
    tagSet: [],
  };
}

export function describeSubnets(ctx: RequestContext, params: Map<string, string>): ApiResponse {
  checkDryRun(params);
  const ids = listParam(params, "SubnetId");
  checkIdPrefix(ids, "subnet-", "InvalidSubnetID.Malformed");
  const subnets = owned(ctx, ctx.world.region(ctx.region).subnets);
  const selected = selectByIds(
    subnets,
    ids,
    (s) => s.subnetId,
    (missing) => ec2Error("InvalidSubnetID.NotFound", `The subnet ID ${quotedIds(missing)} does not exist`),
  );
  const page = ec2Page(params, applyFilters(params, selected, subnetFilters), PAGE_LIMITS);
  return ec2Result(ctx, "DescribeSubnets", {
    subnetSet: page.items.map(subnetItem),
    nextToken: page.nextToken,
  });
}

const securityGroupFilters: FilterSpec<SecurityGroup> = {
  fields: {
    "group-id": (g) => g.groupId,
    "group-name": (g) => g.groupName,
    "vpc-id": (g) => g.vpcId,
    "owner-id": (g) => g.ownerId,
    description: (g) => g.description,
  },
  tags: (g) => g.tags,
};

function securityGroupItem(group: SecurityGroup): XmlObject {
  return {
    ownerId: group.ownerId,
    groupId: group.groupId,
    groupName: group.groupName,
    groupDescription: group.description,
    ipPermissions: [],
    ipPermissionsEgress: [],
    vpcId: group.vpcId,
    securityGroupArn: `arn:aws:ec2:${group.region}:${group.ownerId}:security-group/${group.groupId}`,
    tagSet: tagSet(group.tags),
  };
}

export function describeSecurityGroups(ctx: RequestContext, params: Map<string, string>): ApiResponse {
  checkDryRun(params);
  const ids = listParam(params, "GroupId");
  checkIdPrefix(ids, "sg-", "InvalidGroupId.Malformed");
  const names = listParam(params, "GroupName");
  const groups = owned(ctx, ctx.world.region(ctx.region).securityGroups);
  let selected = selectByIds(
    groups,
    ids,
    (g) => g.groupId,
    (missing) => ec2Error("InvalidGroup.NotFound", `The security group ${quotedIds(missing)} does not exist`),
  );
  selected = selectByIds(
    selected,
    names,
    (g) => g.groupName,
    (missing) => ec2Error("InvalidGroup.NotFound", `The security group ${quotedIds(missing)} does not exist`),
  );
  const page = ec2Page(params, applyFilters(params, selected, securityGroupFilters), PAGE_LIMITS);
  return ec2Result(ctx, "DescribeSecurityGroups", {
    securityGroupInfo: page.items.map(securityGroupItem),
    nextToken: page.nextToken,
  });
}
