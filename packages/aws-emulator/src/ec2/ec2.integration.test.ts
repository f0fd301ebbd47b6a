import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointAssociationsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeVpcs,
  type Vpc as Ec2Vpc,
} from "@aws-sdk/client-ec2";
import { startEmulator, type Emulator } from "../server";
import type { VpcEndpoint } from "../core/model";

const ACCOUNT_A = "111122223333";
const ACCOUNT_B = "444455556666";
const KEY_A = "AKIAEC2TESTA00000001";
const KEY_B = "AKIAEC2TESTB00000001";
const SN_ARN = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT_A}:servicenetwork/sn-0123456789abcdefa`;
const RCFG_ARN = `arn:aws:vpc-lattice:us-east-1:${ACCOUNT_A}:resourceconfiguration/rcfg-0123456789abcdefa`;

let emu: Emulator;

function ec2(accessKeyId = KEY_A, region = "us-east-1"): EC2Client {
  return new EC2Client({
    region,
    endpoint: emu.url,
    credentials: { accessKeyId, secretAccessKey: "x" },
    maxAttempts: 1,
  });
}

async function ec2Failure(
  promise: Promise<unknown>,
  code: string,
  status = 400,
): Promise<EC2ServiceException> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EC2ServiceException);
  if (!(error instanceof EC2ServiceException)) throw new Error("unreachable");
  expect(error.name).toBe(code);
  expect(error.$metadata.httpStatusCode).toBe(status);
  return error;
}

const hex = (n: number) => n.toString(16).padStart(17, "0");
const vpcId = (n: number) => `vpc-${hex(n)}`;

function endpoint(n: number, overrides: Partial<VpcEndpoint>): VpcEndpoint {
  return {
    vpcEndpointId: `vpce-${hex(n)}`,
    vpcEndpointType: "ServiceNetwork",
    vpcId: vpcId(1),
    ownerId: ACCOUNT_A,
    region: "us-east-1",
    state: "Available",
    subnetIds: [`subnet-${hex(1)}`],
    securityGroupIds: [`sg-${hex(1)}`],
    ipAddressType: "ipv4",
    privateDnsEnabled: true,
    dnsEntries: [],
    associations: [],
    creationTimestamp: "2026-01-05T09:00:00.000Z",
    tags: {},
    ...overrides,
  };
}

function seed() {
  const world = emu.world;
  for (const [key, accountId] of [
    [KEY_A, ACCOUNT_A],
    [KEY_B, ACCOUNT_B],
  ] as const) {
    world.identities.set(key, {
      accessKeyId: key,
      secretAccessKey: "x",
      accountId,
      arn: `arn:aws:iam::${accountId}:user/tester`,
      userId: `AIDA${accountId}`,
    });
  }
  const east = world.region("us-east-1");
  for (let n = 1; n <= 12; n++) {
    east.vpcs.set(vpcId(n), {
      vpcId: vpcId(n),
      ownerId: ACCOUNT_A,
      region: "us-east-1",
      cidrBlock: `10.${n}.0.0/16`,
      isDefault: n === 1,
      tags: n <= 3 ? { Name: `prod-${n}`, team: "network" } : { Name: `dev-${n}` },
    });
  }
  east.vpcs.set(vpcId(100), {
    vpcId: vpcId(100),
    ownerId: ACCOUNT_B,
    region: "us-east-1",
    cidrBlock: "172.16.0.0/16",
    isDefault: false,
    tags: { Name: "b-only" },
  });
  world.region("us-west-2").vpcs.set(vpcId(200), {
    vpcId: vpcId(200),
    ownerId: ACCOUNT_A,
    region: "us-west-2",
    cidrBlock: "10.200.0.0/16",
    isDefault: false,
    tags: {},
  });
  east.subnets.set(`subnet-${hex(1)}`, {
    subnetId: `subnet-${hex(1)}`,
    vpcId: vpcId(1),
    ownerId: ACCOUNT_A,
    region: "us-east-1",
    cidrBlock: "10.1.1.0/24",
    availabilityZone: "us-east-1a",
  });
  east.subnets.set(`subnet-${hex(2)}`, {
    subnetId: `subnet-${hex(2)}`,
    vpcId: vpcId(2),
    ownerId: ACCOUNT_A,
    region: "us-east-1",
    cidrBlock: "10.2.1.0/24",
    availabilityZone: "us-east-1b",
  });
  east.securityGroups.set(`sg-${hex(1)}`, {
    groupId: `sg-${hex(1)}`,
    groupName: "default",
    description: "default VPC security group",
    vpcId: vpcId(1),
    ownerId: ACCOUNT_A,
    region: "us-east-1",
    tags: { tier: "edge" },
  });
  east.securityGroups.set(`sg-${hex(2)}`, {
    groupId: `sg-${hex(2)}`,
    groupName: "lattice-clients",
    description: "Clients of the service network",
    vpcId: vpcId(2),
    ownerId: ACCOUNT_A,
    region: "us-east-1",
    tags: {},
  });
  east.vpcEndpoints.set(
    `vpce-${hex(1)}`,
    endpoint(1, {
      serviceNetworkArn: SN_ARN,
      dnsEntries: [{ domainName: "vpce-1.sn.vpc-lattice-svcs.us-east-1.on.aws", hostedZoneId: "Z0123" }],
      tags: { Name: "sn-endpoint" },
      associations: Array.from({ length: 3 }, (_, i) => ({
        id: `vpce-rsc-asc-${hex(i + 1)}`,
        associatedResourceArn: `arn:aws:vpc-lattice:us-east-1:${ACCOUNT_A}:service/svc-0123456789abcdef${i}`,
        associatedResourceAccessibility: i === 2 ? ("Inaccessible" as const) : ("Accessible" as const),
        dnsEntry: { domainName: `svc-${i}.7d67968.vpc-lattice-svcs.us-east-1.on.aws`, hostedZoneId: "Z0456" },
        serviceNetworkArn: SN_ARN,
        serviceNetworkName: "prod-network",
      })),
    }),
  );
  east.vpcEndpoints.set(
    `vpce-${hex(2)}`,
    endpoint(2, {
      vpcEndpointType: "Resource",
      vpcId: vpcId(2),
      state: "PendingAcceptance",
      resourceConfigurationArn: RCFG_ARN,
      securityGroupIds: [`sg-${hex(2)}`],
      associations: [
        {
          id: `vpce-rsc-asc-${hex(9)}`,
          associatedResourceArn: RCFG_ARN,
          associatedResourceAccessibility: "Accessible",
          privateDnsEntry: { domainName: "db.internal.example.com", hostedZoneId: "Z0789" },
        },
      ],
    }),
  );
  east.vpcEndpoints.set(`vpce-${hex(3)}`, endpoint(3, { ownerId: ACCOUNT_B, vpcId: vpcId(100) }));
}

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    scenario: { name: "inline", data: { accounts: [{ id: ACCOUNT_A, name: "hub" }] } },
  });
});

beforeEach(() => {
  emu.reset();
  seed();
});

afterAll(async () => {
  await emu.close();
});

describe("DescribeVpcs", () => {
  it("lists only the caller's VPCs in the request's region, with EC2's members", async () => {
    const out = await ec2().send(new DescribeVpcsCommand({}));
    expect(out.Vpcs?.map((v) => v.VpcId)).toEqual(Array.from({ length: 12 }, (_, i) => vpcId(i + 1)));
    expect(out.NextToken).toBeUndefined();
    const first = out.Vpcs![0]!;
    expect(first).toMatchObject({
      VpcId: vpcId(1),
      OwnerId: ACCOUNT_A,
      State: "available",
      CidrBlock: "10.1.0.0/16",
      IsDefault: true,
      InstanceTenancy: "default",
      CidrBlockAssociationSet: [{ CidrBlock: "10.1.0.0/16", CidrBlockState: { State: "associated" } }],
    });
    expect(first.Tags).toEqual(
      expect.arrayContaining([
        { Key: "Name", Value: "prod-1" },
        { Key: "team", Value: "network" },
      ]),
    );

    const west = await ec2(KEY_A, "us-west-2").send(new DescribeVpcsCommand({}));
    expect(west.Vpcs?.map((v) => v.VpcId)).toEqual([vpcId(200)]);
    const other = await ec2(KEY_B).send(new DescribeVpcsCommand({}));
    expect(other.Vpcs?.map((v) => v.VpcId)).toEqual([vpcId(100)]);
  });

  it("selects VPCs by id and reports unknown ids", async () => {
    const out = await ec2().send(new DescribeVpcsCommand({ VpcIds: [vpcId(3), vpcId(5)] }));
    expect(out.Vpcs?.map((v) => v.VpcId)).toEqual([vpcId(3), vpcId(5)]);

    const err = await ec2Failure(
      ec2().send(new DescribeVpcsCommand({ VpcIds: [vpcId(3), "vpc-0000000000000dead"] })),
      "InvalidVpcID.NotFound",
    );
    expect(err.message).toBe("The vpc ID 'vpc-0000000000000dead' does not exist");
    await ec2Failure(ec2().send(new DescribeVpcsCommand({ VpcIds: [vpcId(100)] })), "InvalidVpcID.NotFound");
    await ec2Failure(ec2().send(new DescribeVpcsCommand({ VpcIds: ["subnet-1"] })), "InvalidVpcID.Malformed");
  });

  it("applies filters: ANDed across names, ORed across values, with wildcards", async () => {
    const ids = async (Filters: { Name: string; Values: string[] }[]) =>
      (await ec2().send(new DescribeVpcsCommand({ Filters }))).Vpcs?.map((v) => v.VpcId);
    expect(await ids([{ Name: "tag:Name", Values: ["prod-*"] }])).toEqual([vpcId(1), vpcId(2), vpcId(3)]);
    expect(await ids([{ Name: "tag-key", Values: ["team"] }])).toHaveLength(3);
    expect(await ids([{ Name: "cidr", Values: ["10.4.0.0/16", "10.7.0.0/16"] }])).toEqual([
      vpcId(4),
      vpcId(7),
    ]);
    expect(await ids([{ Name: "cidr-block-association.cidr-block", Values: ["10.1?.0.0/16"] }])).toEqual([
      vpcId(10),
      vpcId(11),
      vpcId(12),
    ]);
    expect(await ids([{ Name: "is-default", Values: ["true"] }])).toEqual([vpcId(1)]);
    expect(
      await ids([
        { Name: "tag:Name", Values: ["prod-*"] },
        { Name: "vpc-id", Values: [vpcId(2), vpcId(9)] },
      ]),
    ).toEqual([vpcId(2)]);
    expect(await ids([{ Name: "owner-id", Values: [ACCOUNT_B] }])).toEqual([]);
    expect(await ids([{ Name: "state", Values: ["available"] }])).toHaveLength(12);

    const err = await ec2Failure(
      ec2().send(new DescribeVpcsCommand({ Filters: [{ Name: "flavour", Values: ["x"] }] })),
      "InvalidParameterValue",
    );
    expect(err.message).toBe("The filter 'flavour' is invalid");
  });

  it("paginates with MaxResults 5–1000 and NextToken", async () => {
    const pages: Ec2Vpc[][] = [];
    for await (const page of paginateDescribeVpcs({ client: ec2(), pageSize: 5 }, {}))
      pages.push(page.Vpcs ?? []);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(pages.flat().map((v) => v.VpcId)).toEqual(Array.from({ length: 12 }, (_, i) => vpcId(i + 1)));

    const err = await ec2Failure(
      ec2().send(new DescribeVpcsCommand({ MaxResults: 4 })),
      "InvalidParameterValue",
    );
    expect(err.message).toContain("between 5 and 1000");
    await ec2Failure(ec2().send(new DescribeVpcsCommand({ MaxResults: 1001 })), "InvalidParameterValue");
    await ec2Failure(
      ec2().send(new DescribeVpcsCommand({ MaxResults: 5, NextToken: "garbage" })),
      "InvalidPaginationToken",
    );
  });

  it("answers DryRun with DryRunOperation", async () => {
    const err = await ec2Failure(
      ec2().send(new DescribeVpcsCommand({ DryRun: true })),
      "DryRunOperation",
      412,
    );
    expect(err.message).toBe("Request would have succeeded, but DryRun flag is set.");
  });

  it("escapes XML special characters in values", async () => {
    emu.world.region("us-east-1").vpcs.get(vpcId(4))!.tags = { "a&b": `<"quoted" & 'single'>` };
    const out = await ec2().send(new DescribeVpcsCommand({ VpcIds: [vpcId(4)] }));
    expect(out.Vpcs?.[0]?.Tags).toEqual([{ Key: "a&b", Value: `<"quoted" & 'single'>` }]);
  });
});

describe("DescribeVpcEndpoints", () => {
  it("returns the caller's endpoints with Lattice members, groups and DNS entries", async () => {
    const out = await ec2().send(new DescribeVpcEndpointsCommand({}));
    expect(out.VpcEndpoints?.map((e) => e.VpcEndpointId)).toEqual([`vpce-${hex(1)}`, `vpce-${hex(2)}`]);
    const [sn, resource] = out.VpcEndpoints!;
    expect(sn).toMatchObject({
      VpcEndpointType: "ServiceNetwork",
      VpcId: vpcId(1),
      State: "Available",
      OwnerId: ACCOUNT_A,
      ServiceNetworkArn: SN_ARN,
      SubnetIds: [`subnet-${hex(1)}`],
      Groups: [{ GroupId: `sg-${hex(1)}`, GroupName: "default" }],
      IpAddressType: "ipv4",
      PrivateDnsEnabled: true,
      DnsEntries: [{ DnsName: "vpce-1.sn.vpc-lattice-svcs.us-east-1.on.aws", HostedZoneId: "Z0123" }],
      Tags: [{ Key: "Name", Value: "sn-endpoint" }],
    });
    expect(sn?.CreationTimestamp).toEqual(new Date("2026-01-05T09:00:00.000Z"));
    expect(sn?.ResourceConfigurationArn).toBeUndefined();
    expect(resource).toMatchObject({ VpcEndpointType: "Resource", ResourceConfigurationArn: RCFG_ARN });
    expect(resource?.ServiceNetworkArn).toBeUndefined();
  });

  it("filters by type, state (case-insensitively), VPC and tag", async () => {
    const ids = async (Filters: { Name: string; Values: string[] }[]) =>
      (await ec2().send(new DescribeVpcEndpointsCommand({ Filters }))).VpcEndpoints?.map(
        (e) => e.VpcEndpointId,
      );
    expect(await ids([{ Name: "vpc-endpoint-type", Values: ["ServiceNetwork"] }])).toEqual([
      `vpce-${hex(1)}`,
    ]);
    expect(await ids([{ Name: "vpc-endpoint-type", Values: ["ServiceNetwork", "Resource"] }])).toHaveLength(
      2,
    );
    expect(await ids([{ Name: "vpc-endpoint-state", Values: ["pendingAcceptance"] }])).toEqual([
      `vpce-${hex(2)}`,
    ]);
    expect(await ids([{ Name: "vpc-endpoint-state", Values: ["available"] }])).toEqual([`vpce-${hex(1)}`]);
    expect(await ids([{ Name: "vpc-id", Values: [vpcId(2)] }])).toEqual([`vpce-${hex(2)}`]);
    expect(await ids([{ Name: "tag:Name", Values: ["sn-endpoint"] }])).toEqual([`vpce-${hex(1)}`]);
    expect(await ids([{ Name: "service-name", Values: ["com.amazonaws.us-east-1.s3"] }])).toEqual([]);
  });

  it("reports unknown endpoint ids, including other accounts' endpoints", async () => {
    const byId = await ec2().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [`vpce-${hex(2)}`] }));
    expect(byId.VpcEndpoints).toHaveLength(1);
    const err = await ec2Failure(
      ec2().send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [`vpce-${hex(3)}`] })),
      "InvalidVpcEndpointId.NotFound",
    );
    expect(err.message).toContain(`vpce-${hex(3)}`);
  });

  it("paginates", async () => {
    const first = await ec2().send(new DescribeVpcEndpointsCommand({ MaxResults: 1 }));
    expect(first.VpcEndpoints).toHaveLength(1);
    expect(first.NextToken).toBeTruthy();
    const second = await ec2().send(
      new DescribeVpcEndpointsCommand({ MaxResults: 1, NextToken: first.NextToken }),
    );
    expect(second.VpcEndpoints?.[0]?.VpcEndpointId).toBe(`vpce-${hex(2)}`);
    expect(second.NextToken).toBeUndefined();
  });
});

describe("DescribeVpcEndpointAssociations", () => {
  it("lists the associations of the caller's endpoints with EC2 DNS members", async () => {
    const out = await ec2().send(new DescribeVpcEndpointAssociationsCommand({}));
    expect(out.VpcEndpointAssociations).toHaveLength(4);
    expect(out.VpcEndpointAssociations?.[0]).toEqual({
      Id: `vpce-rsc-asc-${hex(1)}`,
      VpcEndpointId: `vpce-${hex(1)}`,
      ServiceNetworkArn: SN_ARN,
      ServiceNetworkName: "prod-network",
      AssociatedResourceAccessibility: "Accessible",
      DnsEntry: { DnsName: "svc-0.7d67968.vpc-lattice-svcs.us-east-1.on.aws", HostedZoneId: "Z0456" },
      AssociatedResourceArn: `arn:aws:vpc-lattice:us-east-1:${ACCOUNT_A}:service/svc-0123456789abcdef0`,
      Tags: [],
    });
    expect(out.VpcEndpointAssociations?.[3]).toMatchObject({
      VpcEndpointId: `vpce-${hex(2)}`,
      AssociatedResourceArn: RCFG_ARN,
      PrivateDnsEntry: { DnsName: "db.internal.example.com", HostedZoneId: "Z0789" },
    });
  });

  it("filters by endpoint id and accessibility, and paginates", async () => {
    const byId = await ec2().send(
      new DescribeVpcEndpointAssociationsCommand({ VpcEndpointIds: [`vpce-${hex(2)}`] }),
    );
    expect(byId.VpcEndpointAssociations?.map((a) => a.AssociatedResourceArn)).toEqual([RCFG_ARN]);
    const inaccessible = await ec2().send(
      new DescribeVpcEndpointAssociationsCommand({
        Filters: [{ Name: "associated-resource-accessibility", Values: ["Inaccessible"] }],
      }),
    );
    expect(inaccessible.VpcEndpointAssociations?.map((a) => a.Id)).toEqual([`vpce-rsc-asc-${hex(3)}`]);

    const seen: string[] = [];
    let pages = 0;
    let NextToken: string | undefined;
    do {
      const page = await ec2().send(new DescribeVpcEndpointAssociationsCommand({ MaxResults: 3, NextToken }));
      pages++;
      seen.push(...(page.VpcEndpointAssociations ?? []).map((a) => a.Id!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(4);
    await ec2Failure(
      ec2().send(new DescribeVpcEndpointAssociationsCommand({ VpcEndpointIds: ["vpce-00000000000000000"] })),
      "InvalidVpcEndpointId.NotFound",
    );
  });
});

describe("DescribeSecurityGroups and DescribeSubnets", () => {
  it("describes security groups by id, name and filter", async () => {
    const byId = await ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: [`sg-${hex(1)}`] }));
    expect(byId.SecurityGroups).toEqual([
      {
        GroupId: `sg-${hex(1)}`,
        GroupName: "default",
        Description: "default VPC security group",
        VpcId: vpcId(1),
        OwnerId: ACCOUNT_A,
        SecurityGroupArn: `arn:aws:ec2:us-east-1:${ACCOUNT_A}:security-group/sg-${hex(1)}`,
        IpPermissions: [],
        IpPermissionsEgress: [],
        Tags: [{ Key: "tier", Value: "edge" }],
      },
    ]);
    const byName = await ec2().send(new DescribeSecurityGroupsCommand({ GroupNames: ["lattice-clients"] }));
    expect(byName.SecurityGroups?.map((g) => g.GroupId)).toEqual([`sg-${hex(2)}`]);
    const byVpc = await ec2().send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId(2)] }] }),
    );
    expect(byVpc.SecurityGroups?.map((g) => g.GroupName)).toEqual(["lattice-clients"]);
    const err = await ec2Failure(
      ec2().send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-0000000000000beef"] })),
      "InvalidGroup.NotFound",
    );
    expect(err.message).toBe("The security group 'sg-0000000000000beef' does not exist");
    await ec2Failure(
      ec2().send(new DescribeSecurityGroupsCommand({ MaxResults: 2 })),
      "InvalidParameterValue",
    );
  });

  it("describes subnets with their free address count", async () => {
    const out = await ec2().send(
      new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId(1)] }] }),
    );
    expect(out.Subnets).toHaveLength(1);
    expect(out.Subnets?.[0]).toMatchObject({
      SubnetId: `subnet-${hex(1)}`,
      VpcId: vpcId(1),
      CidrBlock: "10.1.1.0/24",
      AvailabilityZone: "us-east-1a",
      AvailableIpAddressCount: 251,
      State: "available",
    });
    await ec2Failure(
      ec2().send(new DescribeSubnetsCommand({ SubnetIds: ["subnet-0000000000000beef"] })),
      "InvalidSubnetID.NotFound",
    );
  });
});

describe("errors and faults", () => {
  it("answers an unknown Action with InvalidAction in the EC2 error envelope", async () => {
    const response = await fetch(`${emu.url}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        authorization: `AWS4-HMAC-SHA256 Credential=${KEY_A}/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: "Action=DescribeUnicorns&Version=2016-11-15",
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain("<Response><Errors><Error><Code>InvalidAction</Code>");
    expect(text).toMatch(/<RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>/);
  });

  it("throttles with RequestLimitExceeded (503) and denies with UnauthorizedOperation (403)", async () => {
    emu.faults.set({ throttleRate: 1 });
    const throttled = await ec2Failure(ec2().send(new DescribeVpcsCommand({})), "RequestLimitExceeded", 503);
    expect(throttled.$fault).toBe("server");
    emu.faults.set({ accessDenied: [{ accountId: ACCOUNT_A, operation: "ec2:DescribeVpcEndpoints" }] });
    const denied = await ec2Failure(
      ec2().send(new DescribeVpcEndpointsCommand({})),
      "UnauthorizedOperation",
      403,
    );
    expect(denied.message).toContain("ec2:DescribeVpcEndpoints");
    const stillAllowed = await ec2().send(new DescribeVpcsCommand({}));
    expect(stillAllowed.Vpcs).toHaveLength(12);
  });
});
