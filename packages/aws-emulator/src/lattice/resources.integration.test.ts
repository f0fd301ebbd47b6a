import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  ConflictException,
  CreateResourceConfigurationCommand,
  CreateResourceGatewayCommand,
  CreateServiceNetworkResourceAssociationCommand,
  DeleteResourceConfigurationCommand,
  DeleteResourceEndpointAssociationCommand,
  DeleteResourceGatewayCommand,
  DeleteServiceNetworkResourceAssociationCommand,
  GetResourceConfigurationCommand,
  GetResourceGatewayCommand,
  ListResourceConfigurationsCommand,
  ListResourceEndpointAssociationsCommand,
  ListResourceGatewaysCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  UpdateResourceConfigurationCommand,
  UpdateResourceGatewayCommand,
  ValidationException,
  VPCLatticeClient,
  type CreateResourceConfigurationCommandInput,
  type CreateResourceGatewayCommandInput,
  type ResourceConfigurationDefinition,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { addTestIdentity, rejection, latticeClient } from "../testing";
import type { RegionState, ServiceNetwork } from "../core/model";

const REGION = "us-east-1";
const MAIN = "900000000201";
const OTHER = "900000000202";
const THIRD = "900000000203";
const LISTER = "900000000204";

let emu: Emulator;
let main: VPCLatticeClient;
let other: VPCLatticeClient;
let third: VPCLatticeClient;
let lister: VPCLatticeClient;

function client(accessKeyId: string): VPCLatticeClient {
  return latticeClient(emu, accessKeyId, REGION);
}

function identity(accessKeyId: string, accountId: string) {
  addTestIdentity(emu, accessKeyId, accountId);
}

function region(): RegionState {
  return emu.world.region(REGION);
}

function seedVpc(owner: string, subnets = 1): { vpcId: string; subnetIds: string[] } {
  const vpcId = emu.world.newId("vpc-");
  region().vpcs.set(vpcId, {
    vpcId,
    ownerId: owner,
    region: REGION,
    cidrBlock: "10.0.0.0/16",
    isDefault: false,
    tags: {},
  });
  const subnetIds = Array.from({ length: subnets }, (_, i) => {
    const subnetId = emu.world.newId("subnet-");
    region().subnets.set(subnetId, {
      subnetId,
      vpcId,
      ownerId: owner,
      region: REGION,
      cidrBlock: `10.0.${i}.0/24`,
      availabilityZone: `${REGION}${"abc"[i % 3]}`,
    });
    return subnetId;
  });
  return { vpcId, subnetIds };
}

function seedSecurityGroup(owner: string, vpcId: string): string {
  const groupId = emu.world.newId("sg-");
  region().securityGroups.set(groupId, {
    groupId,
    groupName: groupId,
    description: "test",
    vpcId,
    ownerId: owner,
    region: REGION,
    tags: {},
  });
  return groupId;
}

function seedNetwork(owner: string, name: string): ServiceNetwork {
  const id = emu.world.newId("sn-");
  const now = emu.world.now();
  const network: ServiceNetwork = {
    id,
    name,
    arn: `arn:aws:vpc-lattice:${REGION}:${owner}:servicenetwork/${id}`,
    ownerAccountId: owner,
    region: REGION,
    authType: "NONE",
    createdAt: now,
    lastUpdatedAt: now,
  };
  region().serviceNetworks.set(id, network);
  return network;
}

function share(owner: string, resourceArn: string, principal: string) {
  const now = emu.world.now();
  const arn = `arn:aws:ram:${REGION}:${owner}:resource-share/${emu.world.uuid()}`;
  region().resourceShares.set(arn, {
    resourceShareArn: arn,
    name: "share",
    owningAccountId: owner,
    region: REGION,
    allowExternalPrincipals: true,
    status: "ACTIVE",
    featureSet: "STANDARD",
    tags: {},
    resources: [
      {
        arn: resourceArn,
        type: "vpc-lattice:ResourceConfiguration",
        status: "ASSOCIATED",
        creationTime: now,
        lastUpdatedTime: now,
      },
    ],
    principals: [
      { id: principal, status: "ASSOCIATED", external: true, creationTime: now, lastUpdatedTime: now },
    ],
    creationTime: now,
    lastUpdatedTime: now,
  });
}

/** The SDK's union type admits one member, but AWS has to reject a request that carries two. */
function twoMemberDefinition(): ResourceConfigurationDefinition {
  return JSON.parse('{"dnsResource":{"domainName":"two.example.com"},"ipResource":{"ipAddress":"10.0.0.1"}}');
}

let gatewayCount = 0;
async function gateway(
  as: VPCLatticeClient,
  owner: string,
  extra: Partial<CreateResourceGatewayCommandInput> = {},
) {
  const { vpcId, subnetIds } = seedVpc(owner);
  gatewayCount += 1;
  return as.send(
    new CreateResourceGatewayCommand({
      name: `gw-${gatewayCount}`,
      vpcIdentifier: vpcId,
      subnetIds,
      ...extra,
    }),
  );
}

async function configuration(input: Partial<CreateResourceConfigurationCommandInput> & { name: string }) {
  return main.send(
    new CreateResourceConfigurationCommand({
      type: "SINGLE",
      portRanges: ["443"],
      resourceConfigurationDefinition: { dnsResource: { domainName: `${input.name}.example.com` } },
      allowAssociationToShareableServiceNetwork: true,
      ...input,
    }),
  );
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  identity("AKIDRESMAIN", MAIN);
  identity("AKIDRESOTHER", OTHER);
  identity("AKIDRESTHIRD", THIRD);
  identity("AKIDRESLISTER", LISTER);
  main = client("AKIDRESMAIN");
  other = client("AKIDRESOTHER");
  third = client("AKIDRESTHIRD");
  lister = client("AKIDRESLISTER");
});

afterAll(async () => {
  for (const c of [main, other, third, lister]) c?.destroy();
  await emu?.close();
});

describe("resource gateways", () => {
  it("creates, reads, lists, updates and deletes a gateway", async () => {
    const { vpcId, subnetIds } = seedVpc(MAIN, 2);
    const sg1 = seedSecurityGroup(MAIN, vpcId);
    const sg2 = seedSecurityGroup(MAIN, vpcId);
    const created = await main.send(
      new CreateResourceGatewayCommand({
        name: "happy-gateway",
        vpcIdentifier: vpcId,
        subnetIds,
        securityGroupIds: [sg1],
        tags: { tier: "db" },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^rgw-[0-9a-z]{17}$/);
    expect(created).toMatchObject({
      name: "happy-gateway",
      arn: `arn:aws:vpc-lattice:${REGION}:${MAIN}:resourcegateway/${created.id}`,
      status: "ACTIVE",
      vpcIdentifier: vpcId,
      subnetIds,
      securityGroupIds: [sg1],
      ipAddressType: "IPV4",
      ipv4AddressesPerEni: 16,
      resourceConfigDnsResolution: "PUBLIC",
    });

    const got = await main.send(new GetResourceGatewayCommand({ resourceGatewayIdentifier: created.arn }));
    expect(got).toMatchObject({
      id: created.id,
      vpcId,
      subnetIds,
      securityGroupIds: [sg1],
      ipAddressType: "IPV4",
    });
    expect(got).not.toHaveProperty("vpcIdentifier");
    expect(got.createdAt).toBeInstanceOf(Date);

    const listed = await main.send(new ListResourceGatewaysCommand({}));
    const summary = listed.items?.find((g) => g.id === created.id);
    expect(summary).toMatchObject({ name: "happy-gateway", vpcIdentifier: vpcId, status: "ACTIVE" });
    expect(summary).not.toHaveProperty("vpcId");

    const tags = await main.send(new ListTagsForResourceCommand({ resourceArn: created.arn }));
    expect(tags.tags).toEqual({ tier: "db" });

    const updated = await main.send(
      new UpdateResourceGatewayCommand({
        resourceGatewayIdentifier: created.id,
        securityGroupIds: [sg1, sg2],
      }),
    );
    expect(updated).toMatchObject({ id: created.id, vpcId, securityGroupIds: [sg1, sg2] });

    const deleted = await main.send(
      new DeleteResourceGatewayCommand({ resourceGatewayIdentifier: created.arn }),
    );
    expect(deleted).toEqual(
      expect.objectContaining({
        id: created.id,
        arn: created.arn,
        name: "happy-gateway",
        status: "DELETE_IN_PROGRESS",
      }),
    );
    const gone = await rejection(
      main.send(new GetResourceGatewayCommand({ resourceGatewayIdentifier: created.id })),
      ResourceNotFoundException,
    );
    expect(gone.resourceType).toBe("RESOURCE_GATEWAY");
    expect(gone.resourceId).toBe(created.id);
  });

  it("validates names, subnets, security groups and the VPC", async () => {
    const { vpcId, subnetIds } = seedVpc(MAIN);
    const elsewhere = seedVpc(MAIN);
    const foreign = seedVpc(OTHER);
    const send = (input: Partial<CreateResourceGatewayCommandInput>) =>
      main.send(
        new CreateResourceGatewayCommand({ name: "valid-name", vpcIdentifier: vpcId, subnetIds, ...input }),
      );

    for (const name of ["ab", "rgw-gateway", "Upper-Case", "trailing-", "a".repeat(41)]) {
      const error = await rejection(send({ name }), ValidationException);
      expect(error.reason).toBe("fieldValidationFailed");
      expect(error.fieldList?.map((f) => f.name)).toEqual(["name"]);
    }
    const noSubnets = await rejection(send({ subnetIds: undefined }), ValidationException);
    expect(noSubnets.fieldList?.map((f) => f.name)).toEqual(["subnetIds"]);
    const wrongSubnet = await rejection(send({ subnetIds: elsewhere.subnetIds }), ValidationException);
    expect(wrongSubnet.fieldList?.map((f) => f.name)).toEqual(["subnetIds"]);
    const tooManyGroups = await rejection(
      send({ securityGroupIds: Array.from({ length: 6 }, () => seedSecurityGroup(MAIN, vpcId)) }),
      ValidationException,
    );
    expect(tooManyGroups.fieldList?.map((f) => f.name)).toEqual(["securityGroupIds"]);
    const badType = await rejection(
      send({ ipAddressType: "IPV6", ipv4AddressesPerEni: 4 }),
      ValidationException,
    );
    expect(badType.fieldList?.map((f) => f.name)).toEqual(["ipv4AddressesPerEni"]);
    const foreignVpc = await rejection(
      send({ vpcIdentifier: foreign.vpcId, subnetIds: foreign.subnetIds }),
      ResourceNotFoundException,
    );
    expect(foreignVpc.resourceType).toBe("VPC");
    expect(foreignVpc.resourceId).toBe(foreign.vpcId);

    const first = await send({ name: "unique-gateway" });
    const duplicate = await rejection(send({ name: "unique-gateway" }), ConflictException);
    expect(duplicate.resourceId).toBe(first.id);
    expect(duplicate.resourceType).toBe("RESOURCE_GATEWAY");
  });

  it("paginates and hides gateways of other accounts", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await gateway(lister, LISTER)).id!);
    const first = await lister.send(new ListResourceGatewaysCommand({ maxResults: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    const second = await lister.send(
      new ListResourceGatewaysCommand({ maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.items).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect([...(first.items ?? []), ...(second.items ?? [])].map((g) => g.id).sort()).toEqual(
      [...ids].sort(),
    );

    const otherView = await other.send(new ListResourceGatewaysCommand({}));
    expect(otherView.items?.filter((g) => ids.includes(g.id!))).toEqual([]);
    await rejection(
      other.send(new GetResourceGatewayCommand({ resourceGatewayIdentifier: ids[0] })),
      ResourceNotFoundException,
    );
  });

  it("refuses to delete a gateway that resource configurations use", async () => {
    const gw = await gateway(main, MAIN);
    const used = await configuration({ name: "uses-gateway", resourceGatewayIdentifier: gw.id });
    const error = await rejection(
      main.send(new DeleteResourceGatewayCommand({ resourceGatewayIdentifier: gw.id })),
      ConflictException,
    );
    expect(error.resourceId).toBe(gw.id);
    expect(error.$metadata.httpStatusCode).toBe(409);
    await main.send(new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: used.id }));
    const deleted = await main.send(new DeleteResourceGatewayCommand({ resourceGatewayIdentifier: gw.id }));
    expect(deleted.status).toBe("DELETE_IN_PROGRESS");
  });
});

describe("resource configurations", () => {
  it("creates, reads, lists, updates and deletes a SINGLE configuration", async () => {
    const gw = await gateway(main, MAIN);
    const created = await main.send(
      new CreateResourceConfigurationCommand({
        name: "orders-db",
        type: "SINGLE",
        resourceGatewayIdentifier: gw.arn,
        portRanges: ["5432", "8000-8080"],
        resourceConfigurationDefinition: {
          dnsResource: { domainName: "orders.db.example.com", ipAddressType: "IPV4" },
        },
        tags: { app: "orders" },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^rcfg-[0-9a-z]{17}$/);
    expect(created).toMatchObject({
      name: "orders-db",
      arn: `arn:aws:vpc-lattice:${REGION}:${MAIN}:resourceconfiguration/${created.id}`,
      resourceGatewayId: gw.id,
      type: "SINGLE",
      portRanges: ["5432", "8000-8080"],
      protocol: "TCP",
      status: "ACTIVE",
      // AWS's documented default (SDK: "The default is false").
      allowAssociationToShareableServiceNetwork: false,
      resourceConfigurationDefinition: {
        dnsResource: { domainName: "orders.db.example.com", ipAddressType: "IPV4" },
      },
    });
    expect(created.createdAt).toBeInstanceOf(Date);

    const got = await main.send(
      new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: created.arn }),
    );
    expect(got).toMatchObject({
      id: created.id,
      amazonManaged: false,
      portRanges: ["5432", "8000-8080"],
      protocol: "TCP",
    });
    expect(got.lastUpdatedAt).toBeInstanceOf(Date);

    const byGateway = await main.send(
      new ListResourceConfigurationsCommand({ resourceGatewayIdentifier: gw.arn }),
    );
    expect(byGateway.items?.map((c) => c.id)).toEqual([created.id]);
    expect(byGateway.items?.[0]).toMatchObject({ name: "orders-db", type: "SINGLE", amazonManaged: false });

    const updated = await main.send(
      new UpdateResourceConfigurationCommand({
        resourceConfigurationIdentifier: created.id,
        portRanges: ["1-65535"],
        allowAssociationToShareableServiceNetwork: false,
        resourceConfigurationDefinition: { ipResource: { ipAddress: "10.0.0.12" } },
      }),
    );
    expect(updated).toMatchObject({
      portRanges: ["1-65535"],
      allowAssociationToShareableServiceNetwork: false,
      resourceConfigurationDefinition: { ipResource: { ipAddress: "10.0.0.12" } },
    });
    const afterUpdate = await main.send(
      new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: created.id }),
    );
    expect(afterUpdate.resourceConfigurationDefinition).toEqual({ ipResource: { ipAddress: "10.0.0.12" } });

    const deleted = await main.send(
      new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: created.arn }),
    );
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const gone = await rejection(
      main.send(new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: created.id })),
      ResourceNotFoundException,
    );
    expect(gone.resourceType).toBe("RESOURCE_CONFIGURATION");
  });

  it("builds groups with children and ARN configurations", async () => {
    const gw = await gateway(main, MAIN);
    const group = await configuration({
      name: "analytics-group",
      type: "GROUP",
      resourceGatewayIdentifier: gw.id,
      portRanges: ["1-65535"],
      resourceConfigurationDefinition: undefined,
    });
    expect(group.resourceConfigurationDefinition).toBeUndefined();
    const child = await configuration({
      name: "analytics-child",
      type: "CHILD",
      resourceConfigurationGroupIdentifier: group.arn,
      resourceConfigurationDefinition: { ipResource: { ipAddress: "fd00::10" } },
    });
    expect(child).toMatchObject({
      type: "CHILD",
      resourceConfigurationGroupId: group.id,
      resourceGatewayId: gw.id,
    });

    const children = await main.send(
      new ListResourceConfigurationsCommand({ resourceConfigurationGroupIdentifier: group.id }),
    );
    expect(children.items?.map((c) => c.id)).toEqual([child.id]);

    const groupDelete = await rejection(
      main.send(new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: group.id })),
      ConflictException,
    );
    expect(groupDelete.resourceId).toBe(group.id);

    const arnType = await configuration({
      name: "aurora-cluster",
      type: "ARN",
      resourceGatewayIdentifier: gw.id,
      portRanges: undefined,
      resourceConfigurationDefinition: {
        arnResource: { arn: `arn:aws:rds:${REGION}:${MAIN}:cluster:aurora-one` },
      },
    });
    expect(arnType.resourceConfigurationDefinition).toEqual({
      arnResource: { arn: `arn:aws:rds:${REGION}:${MAIN}:cluster:aurora-one` },
    });
  });

  it("rejects invalid configurations with field names", async () => {
    const gw = await gateway(main, MAIN);
    const single = await configuration({ name: "valid-single", resourceGatewayIdentifier: gw.id });
    const group = await configuration({
      name: "valid-group",
      type: "GROUP",
      resourceGatewayIdentifier: gw.id,
      resourceConfigurationDefinition: undefined,
    });
    const cases: [Partial<CreateResourceConfigurationCommandInput>, string][] = [
      [{ name: "rcfg-named" }, "name"],
      [{ portRanges: ["0"] }, "portRanges[0]"],
      [{ portRanges: ["443", "70000"] }, "portRanges[1]"],
      [{ portRanges: ["10-5"] }, "portRanges[0]"],
      [{ portRanges: undefined }, "portRanges"],
      [{ resourceGatewayIdentifier: undefined }, "resourceGatewayIdentifier"],
      [{ resourceConfigurationDefinition: twoMemberDefinition() }, "resourceConfigurationDefinition"],
      [
        { resourceConfigurationDefinition: { ipResource: { ipAddress: "999.1.1.1" } } },
        "resourceConfigurationDefinition.ipResource.ipAddress",
      ],
      [{ resourceConfigurationDefinition: undefined }, "resourceConfigurationDefinition"],
      [{ type: "ARN", portRanges: undefined }, "resourceConfigurationDefinition"],
      [
        {
          type: "ARN",
          resourceConfigurationDefinition: { arnResource: { arn: `arn:aws:rds:${REGION}:${MAIN}:db:x` } },
        },
        "portRanges",
      ],
      [{ type: "GROUP" }, "resourceConfigurationDefinition"],
      [{ type: "CHILD", resourceConfigurationGroupIdentifier: group.id }, "resourceGatewayIdentifier"],
      [
        {
          type: "CHILD",
          resourceGatewayIdentifier: undefined,
          resourceConfigurationGroupIdentifier: single.id,
        },
        "resourceConfigurationGroupIdentifier",
      ],
      [{ type: "CHILD", resourceGatewayIdentifier: undefined }, "resourceConfigurationGroupIdentifier"],
      [{ type: "CIDR" }, "type"],
    ];
    for (const [input, field] of cases) {
      const error = await rejection(
        configuration({ name: "invalid-one", resourceGatewayIdentifier: gw.id, ...input }),
        ValidationException,
      );
      expect({ input, fields: error.fieldList?.map((f) => f.name) }).toEqual({ input, fields: [field] });
    }

    const foreignGateway = await gateway(other, OTHER);
    const notOwned = await rejection(
      configuration({ name: "foreign-gw", resourceGatewayIdentifier: foreignGateway.arn }),
      ResourceNotFoundException,
    );
    expect(notOwned.resourceType).toBe("RESOURCE_GATEWAY");
    expect(notOwned.resourceId).toBe(foreignGateway.arn);

    const duplicate = await rejection(
      configuration({ name: "valid-single", resourceGatewayIdentifier: gw.id }),
      ConflictException,
    );
    expect(duplicate.resourceId).toBe(single.id);
  });

  it("refuses to delete a configuration associated with a service network", async () => {
    const gw = await gateway(main, MAIN);
    const network = seedNetwork(MAIN, "rcfg-delete-net");
    const c = await configuration({ name: "associated-cfg", resourceGatewayIdentifier: gw.id });
    const association = await main.send(
      new CreateServiceNetworkResourceAssociationCommand({
        resourceConfigurationIdentifier: c.id,
        serviceNetworkIdentifier: network.id,
      }),
    );
    const error = await rejection(
      main.send(new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: c.id })),
      ConflictException,
    );
    expect(error.resourceId).toBe(c.id);
    expect(error.resourceType).toBe("RESOURCE_CONFIGURATION");
    await main.send(
      new DeleteServiceNetworkResourceAssociationCommand({
        serviceNetworkResourceAssociationIdentifier: association.id,
      }),
    );
    await main.send(new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: c.id }));
  });

  it("shows configurations shared through RAM but only lets the owner change them", async () => {
    const gw = await gateway(main, MAIN);
    const c = await configuration({ name: "shared-cfg", resourceGatewayIdentifier: gw.id });
    await rejection(
      other.send(new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: c.arn })),
      ResourceNotFoundException,
    );
    share(MAIN, c.arn!, OTHER);
    const listed = await other.send(new ListResourceConfigurationsCommand({}));
    expect(listed.items?.map((x) => x.arn)).toContain(c.arn);
    const got = await other.send(
      new GetResourceConfigurationCommand({ resourceConfigurationIdentifier: c.arn }),
    );
    expect(got.name).toBe("shared-cfg");
    const denied = await rejection(
      other.send(
        new UpdateResourceConfigurationCommand({
          resourceConfigurationIdentifier: c.arn,
          portRanges: ["22"],
        }),
      ),
      AccessDeniedException,
    );
    expect(denied.$metadata.httpStatusCode).toBe(403);
    await rejection(
      other.send(new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: c.arn })),
      AccessDeniedException,
    );
    const outsider = await third.send(new ListResourceConfigurationsCommand({}));
    expect(outsider.items?.map((x) => x.arn)).not.toContain(c.arn);
  });
});

describe("resource endpoint associations", () => {
  it("lists with filters, limits visibility and deletes", async () => {
    const gw = await gateway(main, MAIN);
    const c = await configuration({ name: "endpoint-cfg", resourceGatewayIdentifier: gw.id });
    share(MAIN, c.arn!, OTHER);
    const seed = (owner: string, createdAt: string) => {
      const id = emu.world.newId("rea-");
      const vpcEndpointId = emu.world.newId("vpce-");
      region().resourceEndpointAssociations.set(id, {
        id,
        arn: `arn:aws:vpc-lattice:${REGION}:${owner}:resourceendpointassociation/${id}`,
        ownerAccountId: owner,
        region: REGION,
        resourceConfigurationId: c.id!,
        vpcEndpointId,
        vpcEndpointOwner: owner,
        createdBy: owner,
        createdAt,
      });
      return { id, vpcEndpointId };
    };
    const mine = seed(MAIN, "2026-01-01T00:00:00.000Z");
    const theirs = seed(OTHER, "2026-01-02T00:00:00.000Z");

    const missing = await rejection(
      main.send(new ListResourceEndpointAssociationsCommand({ resourceConfigurationIdentifier: undefined })),
      ValidationException,
    );
    expect(missing.fieldList?.map((f) => f.name)).toEqual(["resourceConfigurationIdentifier"]);

    const all = await main.send(
      new ListResourceEndpointAssociationsCommand({ resourceConfigurationIdentifier: c.arn }),
    );
    expect(all.items?.map((e) => e.id)).toEqual([mine.id, theirs.id]);
    expect(all.items?.[1]).toMatchObject({
      resourceConfigurationId: c.id,
      resourceConfigurationArn: c.arn,
      resourceConfigurationName: "endpoint-cfg",
      vpcEndpointId: theirs.vpcEndpointId,
      vpcEndpointOwner: OTHER,
      createdBy: OTHER,
    });
    expect(all.items?.[1]?.createdAt).toBeInstanceOf(Date);

    const paged = await main.send(
      new ListResourceEndpointAssociationsCommand({ resourceConfigurationIdentifier: c.id, maxResults: 1 }),
    );
    expect(paged.items?.map((e) => e.id)).toEqual([mine.id]);
    const rest = await main.send(
      new ListResourceEndpointAssociationsCommand({
        resourceConfigurationIdentifier: c.id,
        maxResults: 1,
        nextToken: paged.nextToken,
      }),
    );
    expect(rest.items?.map((e) => e.id)).toEqual([theirs.id]);

    const byEndpoint = await main.send(
      new ListResourceEndpointAssociationsCommand({
        resourceConfigurationIdentifier: c.id,
        vpcEndpointId: mine.vpcEndpointId,
      }),
    );
    expect(byEndpoint.items?.map((e) => e.id)).toEqual([mine.id]);
    const byOwner = await main.send(
      new ListResourceEndpointAssociationsCommand({
        resourceConfigurationIdentifier: c.id,
        vpcEndpointOwner: OTHER,
      }),
    );
    expect(byOwner.items?.map((e) => e.id)).toEqual([theirs.id]);
    const byId = await main.send(
      new ListResourceEndpointAssociationsCommand({
        resourceConfigurationIdentifier: c.id,
        resourceEndpointAssociationIdentifier: theirs.id,
      }),
    );
    expect(byId.items?.map((e) => e.id)).toEqual([theirs.id]);

    const consumerView = await other.send(
      new ListResourceEndpointAssociationsCommand({ resourceConfigurationIdentifier: c.arn }),
    );
    expect(consumerView.items?.map((e) => e.id)).toEqual([theirs.id]);
    await rejection(
      third.send(new ListResourceEndpointAssociationsCommand({ resourceConfigurationIdentifier: c.arn })),
      ResourceNotFoundException,
    );
    await rejection(
      other.send(
        new DeleteResourceEndpointAssociationCommand({ resourceEndpointAssociationIdentifier: mine.id }),
      ),
      ResourceNotFoundException,
    );

    const blocked = await rejection(
      main.send(new DeleteResourceConfigurationCommand({ resourceConfigurationIdentifier: c.id })),
      ConflictException,
    );
    expect(blocked.resourceId).toBe(c.id);

    const deleted = await main.send(
      new DeleteResourceEndpointAssociationCommand({ resourceEndpointAssociationIdentifier: theirs.id }),
    );
    expect(deleted).toMatchObject({
      id: theirs.id,
      resourceConfigurationId: c.id,
      resourceConfigurationArn: c.arn,
      vpcEndpointId: theirs.vpcEndpointId,
    });
    const after = await main.send(
      new ListResourceEndpointAssociationsCommand({ resourceConfigurationIdentifier: c.id }),
    );
    expect(after.items?.map((e) => e.id)).toEqual([mine.id]);
  });
});
