import "server-only";
import type { VpcEndpointAssociation } from "../aws/crawl-reads";
import { accountNode, endpointNode, vpcNode } from "./node-ids";
import { ec2TagMap, plainJson } from "./payload";
import type { ScopeCrawl } from "./scope-crawl";

/** VPCs the account owns, with their security groups (names for the inspector). */
export async function crawlVpcs(s: ScopeCrawl): Promise<void> {
  const [vpcs, groups] = await Promise.all([
    s.ctx.list("DescribeVpcs", undefined, async (nextToken) => {
      const out = await s.aws.describeVpcs({ NextToken: nextToken });
      return { items: out.Vpcs, nextToken: out.NextToken, $metadata: out.$metadata };
    }),
    s.ctx.list("DescribeSecurityGroups", undefined, async (nextToken) => {
      const out = await s.aws.describeSecurityGroups({ NextToken: nextToken });
      return { items: out.SecurityGroups, nextToken: out.NextToken, $metadata: out.$metadata };
    }),
  ]);
  if (!vpcs) {
    s.ctx.listingFailed("vpcs", "DescribeVpcs");
    return;
  }
  let allPlaced = true;
  for (const vpc of vpcs) {
    if (vpc.OwnerId && vpc.OwnerId !== s.accountId) continue;
    if (!vpc.VpcId) {
      allPlaced = false;
      s.ctx.problem(
        "DescribeVpcs",
        undefined,
        "DescribeVpcs returned a VPC without VpcId; it could not be placed",
      );
      continue;
    }
    const tags = ec2TagMap(vpc.Tags);
    s.ctx.addResource({
      id: vpcNode(s.region, s.accountId, vpc.VpcId),
      kind: "vpc",
      accountId: s.accountId,
      region: s.region,
      name: tags.Name ?? vpc.VpcId,
      parentId: accountNode(s.accountId),
      data: {
        vpcId: vpc.VpcId,
        cidrBlock: vpc.CidrBlock ?? null,
        isDefault: vpc.IsDefault ?? false,
        state: vpc.State ?? null,
        tags,
        ...(groups
          ? {
              securityGroups: groups
                .filter((g) => g.VpcId === vpc.VpcId)
                .map((g) => ({
                  groupId: g.GroupId,
                  groupName: g.GroupName,
                  description: g.Description ?? null,
                })),
            }
          : {}),
      },
      ...(groups
        ? {}
        : {
            incomplete: [
              s.ctx.unread("security-groups", "DescribeSecurityGroups", undefined, {
                keys: ["securityGroups"],
              }),
            ],
          }),
    });
  }
  if (allPlaced) s.ctx.completed("vpc");
}

function dnsEntry(entry: { DnsName?: string; HostedZoneId?: string } | undefined) {
  return entry ? { dnsName: entry.DnsName ?? null, hostedZoneId: entry.HostedZoneId ?? null } : null;
}

function association(a: VpcEndpointAssociation) {
  return {
    id: a.Id,
    associatedResourceArn: a.AssociatedResourceArn,
    associatedResourceAccessibility: a.AssociatedResourceAccessibility,
    resourceConfigurationGroupArn: a.ResourceConfigurationGroupArn ?? null,
    serviceNetworkArn: a.ServiceNetworkArn ?? null,
    serviceNetworkName: a.ServiceNetworkName ?? null,
    dnsEntry: dnsEntry(a.DnsEntry),
    privateDnsEntry: dnsEntry(a.PrivateDnsEntry),
  };
}

/**
 * Lattice VPC endpoints (types ServiceNetwork and Resource) the account owns, with the DNS names of what each
 * reaches (DescribeVpcEndpointAssociations).
 */
export async function crawlVpcEndpoints(s: ScopeCrawl): Promise<void> {
  const endpoints = await s.ctx.list("DescribeVpcEndpoints", undefined, async (nextToken) => {
    const out = await s.aws.describeVpcEndpoints({
      Filters: [{ Name: "vpc-endpoint-type", Values: ["ServiceNetwork", "Resource"] }],
      NextToken: nextToken,
    });
    return { items: out.VpcEndpoints, nextToken: out.NextToken, $metadata: out.$metadata };
  });
  if (!endpoints) {
    s.ctx.listingFailed("vpc-endpoints", "DescribeVpcEndpoints");
    return;
  }
  const ids = endpoints.flatMap((e) => (e.VpcEndpointId ? [e.VpcEndpointId] : []));
  const associations =
    ids.length === 0
      ? []
      : await s.ctx.list("DescribeVpcEndpointAssociations", undefined, async (nextToken) => {
          const out = await s.aws.describeVpcEndpointAssociations({
            VpcEndpointIds: ids,
            NextToken: nextToken,
          });
          return { items: out.VpcEndpointAssociations, nextToken: out.NextToken, $metadata: out.$metadata };
        });
  let allPlaced = true;
  for (const e of endpoints) {
    if (e.OwnerId && e.OwnerId !== s.accountId) continue;
    if (!e.VpcEndpointId) {
      allPlaced = false;
      s.ctx.problem(
        "DescribeVpcEndpoints",
        undefined,
        "DescribeVpcEndpoints returned an endpoint without VpcEndpointId; it could not be placed",
      );
      continue;
    }
    const tags = ec2TagMap(e.Tags);
    s.ctx.addResource({
      id: endpointNode(s.region, s.accountId, e.VpcEndpointId),
      kind: "vpc-endpoint",
      accountId: s.accountId,
      region: s.region,
      name: tags.Name ?? e.VpcEndpointId,
      parentId: e.VpcId ? vpcNode(s.region, s.accountId, e.VpcId) : accountNode(s.accountId),
      data: plainJson({
        vpcEndpointId: e.VpcEndpointId,
        vpcEndpointType: e.VpcEndpointType,
        vpcId: e.VpcId,
        state: e.State,
        serviceNetworkArn: e.ServiceNetworkArn ?? null,
        resourceConfigurationArn: e.ResourceConfigurationArn ?? null,
        subnetIds: e.SubnetIds ?? [],
        securityGroupIds: (e.Groups ?? []).map((g) => g.GroupId),
        privateDnsEnabled: e.PrivateDnsEnabled ?? false,
        dnsEntries: (e.DnsEntries ?? []).map(dnsEntry),
        ...(associations
          ? { associations: associations.filter((a) => a.VpcEndpointId === e.VpcEndpointId).map(association) }
          : {}),
        tags,
      }),
      ...(associations
        ? {}
        : {
            incomplete: [
              s.ctx.unread("endpoint-associations", "DescribeVpcEndpointAssociations", undefined, {
                keys: ["associations"],
              }),
            ],
          }),
    });
  }
  if (allPlaced) s.ctx.completed("vpc-endpoint");
}
