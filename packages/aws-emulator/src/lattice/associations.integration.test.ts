import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictException,
  CreateResourceConfigurationCommand,
  CreateResourceGatewayCommand,
  CreateServiceNetworkResourceAssociationCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateServiceNetworkVpcAssociationCommand,
  DeleteServiceNetworkResourceAssociationCommand,
  DeleteServiceNetworkServiceAssociationCommand,
  DeleteServiceNetworkVpcAssociationCommand,
  GetServiceNetworkResourceAssociationCommand,
  GetServiceNetworkServiceAssociationCommand,
  GetServiceNetworkVpcAssociationCommand,
  ListServiceNetworkResourceAssociationsCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListServiceNetworkVpcEndpointAssociationsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  AccessDeniedException,
  UpdateServiceNetworkVpcAssociationCommand,
  ValidationException,
  VPCLatticeClient,
  paginateListServiceNetworkServiceAssociations,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { addTestIdentity, rejection, latticeClient } from "../testing";
import type { RegionState, Service, ServiceNetwork } from "../core/model";

const REGION = "us-east-1";
const MAIN = "900000000101";
const OTHER = "900000000102";
const THIRD = "900000000103";

let emu: Emulator;
let main: VPCLatticeClient;
let other: VPCLatticeClient;
let third: VPCLatticeClient;

function client(accessKeyId: string): VPCLatticeClient {
  return latticeClient(emu, accessKeyId, REGION);
}

function identity(accessKeyId: string, accountId: string) {
  addTestIdentity(emu, accessKeyId, accountId);
}

function region(): RegionState {
  return emu.world.region(REGION);
}

// ---- world seeding: records the other helper's Create operations would make, written straight into the maps

function seedNetwork(owner: string, name: string, sharingEnabled?: boolean): ServiceNetwork {
  const id = emu.world.newId("sn-");
  const now = emu.world.now();
  const network: ServiceNetwork = {
    id,
    name,
    arn: `arn:aws:vpc-lattice:${REGION}:${owner}:servicenetwork/${id}`,
    ownerAccountId: owner,
    region: REGION,
    authType: "NONE",
    ...(sharingEnabled !== undefined ? { sharingConfig: { enabled: sharingEnabled } } : {}),
    createdAt: now,
    lastUpdatedAt: now,
  };
  region().serviceNetworks.set(id, network);
  return network;
}

function seedService(owner: string, name: string, customDomainName?: string): Service {
  const id = emu.world.newId("svc-");
  const now = emu.world.now();
  const service: Service = {
    id,
    name,
    arn: `arn:aws:vpc-lattice:${REGION}:${owner}:service/${id}`,
    ownerAccountId: owner,
    region: REGION,
    authType: "NONE",
    status: "ACTIVE",
    dnsEntry: {
      domainName: `${name}-${id.slice(4)}.7d67968.vpc-lattice-svcs.${REGION}.on.aws`,
      hostedZoneId: "Z0123456789ABCD",
    },
    ...(customDomainName ? { customDomainName } : {}),
    createdAt: now,
    lastUpdatedAt: now,
  };
  region().services.set(id, service);
  return service;
}

function seedVpc(owner: string): string {
  const vpcId = emu.world.newId("vpc-");
  region().vpcs.set(vpcId, {
    vpcId,
    ownerId: owner,
    region: REGION,
    cidrBlock: "10.0.0.0/16",
    isDefault: false,
    tags: {},
  });
  const subnetId = emu.world.newId("subnet-");
  region().subnets.set(subnetId, {
    subnetId,
    vpcId,
    ownerId: owner,
    region: REGION,
    cidrBlock: "10.0.1.0/24",
    availabilityZone: `${REGION}a`,
  });
  return vpcId;
}

function subnetOf(vpcId: string): string {
  const subnet = [...region().subnets.values()].find((s) => s.vpcId === vpcId);
  if (!subnet) throw new Error(`no subnet in ${vpcId}`);
  return subnet.subnetId;
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
        type: "vpc-lattice:ServiceNetwork",
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

function seedServiceNetworkEndpoint(
  owner: string,
  vpcId: string,
  serviceNetworkArn: string,
  createdAt: string,
): string {
  const vpcEndpointId = emu.world.newId("vpce-");
  region().vpcEndpoints.set(vpcEndpointId, {
    vpcEndpointId,
    vpcEndpointType: "ServiceNetwork",
    vpcId,
    ownerId: owner,
    region: REGION,
    state: "Available",
    serviceNetworkArn,
    subnetIds: [subnetOf(vpcId)],
    securityGroupIds: [],
    ipAddressType: "ipv4",
    privateDnsEnabled: true,
    dnsEntries: [],
    associations: [],
    creationTimestamp: createdAt,
    tags: {},
  });
  return vpcEndpointId;
}

async function createDnsConfiguration(name: string, domainName: string) {
  const vpcId = seedVpc(MAIN);
  const gateway = await main.send(
    new CreateResourceGatewayCommand({
      name: `${name}-gw`,
      vpcIdentifier: vpcId,
      subnetIds: [subnetOf(vpcId)],
    }),
  );
  return main.send(
    new CreateResourceConfigurationCommand({
      name,
      type: "SINGLE",
      resourceGatewayIdentifier: gateway.id,
      portRanges: ["443"],
      resourceConfigurationDefinition: { dnsResource: { domainName, ipAddressType: "IPV4" } },
      allowAssociationToShareableServiceNetwork: true,
    }),
  );
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  identity("AKIDASSOCMAIN", MAIN);
  identity("AKIDASSOCOTHER", OTHER);
  identity("AKIDASSOCTHIRD", THIRD);
  main = client("AKIDASSOCMAIN");
  other = client("AKIDASSOCOTHER");
  third = client("AKIDASSOCTHIRD");
});

afterAll(async () => {
  main?.destroy();
  other?.destroy();
  third?.destroy();
  await emu?.close();
});

describe("service network VPC associations", () => {
  it("creates, reads, lists, updates and deletes an association", async () => {
    const network = seedNetwork(MAIN, "snva-happy");
    const vpcId = seedVpc(MAIN);
    const sg1 = seedSecurityGroup(MAIN, vpcId);
    const sg2 = seedSecurityGroup(MAIN, vpcId);

    const created = await main.send(
      new CreateServiceNetworkVpcAssociationCommand({
        serviceNetworkIdentifier: network.id,
        vpcIdentifier: vpcId,
        securityGroupIds: [sg1],
        tags: { team: "net" },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.id).toMatch(/^snva-[0-9a-z]{17}$/);
    expect(created.arn).toBe(
      `arn:aws:vpc-lattice:${REGION}:${MAIN}:servicenetworkvpcassociation/${created.id}`,
    );
    expect(created.status).toBe("ACTIVE");
    expect(created.createdBy).toBe(MAIN);
    expect(created.securityGroupIds).toEqual([sg1]);

    const byArn = await main.send(
      new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: created.arn }),
    );
    expect(byArn).toMatchObject({
      id: created.id,
      serviceNetworkId: network.id,
      serviceNetworkName: "snva-happy",
      serviceNetworkArn: network.arn,
      vpcId,
      securityGroupIds: [sg1],
      status: "ACTIVE",
    });
    expect(byArn.createdAt).toBeInstanceOf(Date);
    expect(byArn.lastUpdatedAt).toBeInstanceOf(Date);

    const byNetwork = await main.send(
      new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: network.arn }),
    );
    expect(byNetwork.items?.map((a) => a.id)).toEqual([created.id]);
    expect(byNetwork.items?.[0]).toMatchObject({ vpcId, serviceNetworkName: "snva-happy", createdBy: MAIN });
    const byVpc = await main.send(new ListServiceNetworkVpcAssociationsCommand({ vpcIdentifier: vpcId }));
    expect(byVpc.items?.map((a) => a.id)).toEqual([created.id]);

    const tags = await main.send(new ListTagsForResourceCommand({ resourceArn: created.arn }));
    expect(tags.tags).toEqual({ team: "net" });

    const updated = await main.send(
      new UpdateServiceNetworkVpcAssociationCommand({
        serviceNetworkVpcAssociationIdentifier: created.id,
        securityGroupIds: [sg1, sg2],
      }),
    );
    expect(updated.securityGroupIds).toEqual([sg1, sg2]);
    const afterUpdate = await main.send(
      new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: created.id }),
    );
    expect(afterUpdate.securityGroupIds).toEqual([sg1, sg2]);

    const removeAll = await rejection(
      main.send(
        new UpdateServiceNetworkVpcAssociationCommand({
          serviceNetworkVpcAssociationIdentifier: created.id,
          securityGroupIds: [],
        }),
      ),
      ValidationException,
    );
    expect(removeAll.fieldList?.map((f) => f.name)).toEqual(["securityGroupIds"]);

    const deleted = await main.send(
      new DeleteServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: created.arn }),
    );
    expect(deleted).toMatchObject({ id: created.id, arn: created.arn, status: "DELETE_IN_PROGRESS" });
    const gone = await rejection(
      main.send(
        new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: created.id }),
      ),
      ResourceNotFoundException,
    );
    expect(gone.resourceId).toBe(created.id);
    expect(gone.resourceType).toBe("SERVICE_NETWORK_VPC_ASSOCIATION");
    expect(gone.$metadata.httpStatusCode).toBe(404);
  });

  it("records private DNS settings and DNS options", async () => {
    const network = seedNetwork(MAIN, "snva-dns");
    const vpcId = seedVpc(MAIN);
    const created = await main.send(
      new CreateServiceNetworkVpcAssociationCommand({
        serviceNetworkIdentifier: network.id,
        vpcIdentifier: vpcId,
        privateDnsEnabled: true,
        dnsOptions: {
          privateDnsPreference: "SPECIFIED_DOMAINS_ONLY",
          privateDnsSpecifiedDomains: ["db.example.com"],
        },
      }),
    );
    expect(created.privateDnsEnabled).toBe(true);
    const listed = await main.send(new ListServiceNetworkVpcAssociationsCommand({ vpcIdentifier: vpcId }));
    expect(listed.items?.[0]?.dnsOptions).toEqual({
      privateDnsPreference: "SPECIFIED_DOMAINS_ONLY",
      privateDnsSpecifiedDomains: ["db.example.com"],
    });

    const withoutPrivateDns = await rejection(
      main.send(
        new CreateServiceNetworkVpcAssociationCommand({
          serviceNetworkIdentifier: network.id,
          vpcIdentifier: seedVpc(MAIN),
          dnsOptions: { privateDnsPreference: "ALL_DOMAINS" },
        }),
      ),
      ValidationException,
    );
    expect(withoutPrivateDns.fieldList?.[0]?.name).toBe("dnsOptions");
  });

  it("rejects invalid input with the AWS exception and fields", async () => {
    const network = seedNetwork(MAIN, "snva-invalid");
    const vpcId = seedVpc(MAIN);
    const otherVpc = seedVpc(MAIN);
    const foreignGroup = seedSecurityGroup(MAIN, otherVpc);

    const missing = await rejection(
      main.send(
        new CreateServiceNetworkVpcAssociationCommand({
          serviceNetworkIdentifier: network.id,
          vpcIdentifier: undefined,
        }),
      ),
      ValidationException,
    );
    expect(missing.reason).toBe("fieldValidationFailed");
    expect(missing.fieldList?.map((f) => f.name)).toEqual(["vpcIdentifier"]);

    const tooMany = await rejection(
      main.send(
        new CreateServiceNetworkVpcAssociationCommand({
          serviceNetworkIdentifier: network.id,
          vpcIdentifier: vpcId,
          securityGroupIds: Array.from({ length: 6 }, () => seedSecurityGroup(MAIN, vpcId)),
        }),
      ),
      ValidationException,
    );
    expect(tooMany.fieldList?.map((f) => f.name)).toEqual(["securityGroupIds"]);

    const wrongVpcGroup = await rejection(
      main.send(
        new CreateServiceNetworkVpcAssociationCommand({
          serviceNetworkIdentifier: network.id,
          vpcIdentifier: vpcId,
          securityGroupIds: [foreignGroup],
        }),
      ),
      ValidationException,
    );
    expect(wrongVpcGroup.fieldList?.map((f) => f.name)).toEqual(["securityGroupIds"]);

    const unknownGroup = await rejection(
      main.send(
        new CreateServiceNetworkVpcAssociationCommand({
          serviceNetworkIdentifier: network.id,
          vpcIdentifier: vpcId,
          securityGroupIds: ["sg-0123456789abcdef0"],
        }),
      ),
      ResourceNotFoundException,
    );
    expect(unknownGroup.resourceType).toBe("SECURITY_GROUP");
    expect(unknownGroup.resourceId).toBe("sg-0123456789abcdef0");

    const unknownNetwork = await rejection(
      main.send(
        new CreateServiceNetworkVpcAssociationCommand({
          serviceNetworkIdentifier: "sn-0000000000000000a",
          vpcIdentifier: vpcId,
        }),
      ),
      ResourceNotFoundException,
    );
    expect(unknownNetwork.resourceType).toBe("SERVICE_NETWORK");
    expect(unknownNetwork.resourceId).toBe("sn-0000000000000000a");

    const noFilter = await rejection(
      main.send(new ListServiceNetworkVpcAssociationsCommand({})),
      ValidationException,
    );
    expect(noFilter.fieldList?.map((f) => f.name).sort()).toEqual([
      "serviceNetworkIdentifier",
      "vpcIdentifier",
    ]);

    const badPage = await rejection(
      main.send(new ListServiceNetworkVpcAssociationsCommand({ vpcIdentifier: vpcId, maxResults: 101 })),
      ValidationException,
    );
    expect(badPage.fieldList?.map((f) => f.name)).toEqual(["maxResults"]);
  });

  it("allows one association per VPC", async () => {
    const first = seedNetwork(MAIN, "snva-one");
    const second = seedNetwork(MAIN, "snva-two");
    const vpcId = seedVpc(MAIN);
    const created = await main.send(
      new CreateServiceNetworkVpcAssociationCommand({
        serviceNetworkIdentifier: first.id,
        vpcIdentifier: vpcId,
      }),
    );
    const error = await rejection(
      main.send(
        new CreateServiceNetworkVpcAssociationCommand({
          serviceNetworkIdentifier: second.id,
          vpcIdentifier: vpcId,
        }),
      ),
      ConflictException,
    );
    expect(error.resourceId).toBe(created.id);
    expect(error.resourceType).toBe("SERVICE_NETWORK_VPC_ASSOCIATION");
    expect(error.$metadata.httpStatusCode).toBe(409);
  });

  it("lets another account associate its own VPC with a network shared through RAM", async () => {
    const network = seedNetwork(MAIN, "snva-shared");
    const otherVpc = seedVpc(OTHER);
    const mainVpc = seedVpc(MAIN);

    const beforeShare = await rejection(
      other.send(
        new CreateServiceNetworkVpcAssociationCommand({
          serviceNetworkIdentifier: network.arn,
          vpcIdentifier: otherVpc,
        }),
      ),
      ResourceNotFoundException,
    );
    expect(beforeShare.resourceType).toBe("SERVICE_NETWORK");

    share(MAIN, network.arn, OTHER);

    const foreignVpc = await rejection(
      other.send(
        new CreateServiceNetworkVpcAssociationCommand({
          serviceNetworkIdentifier: network.arn,
          vpcIdentifier: mainVpc,
        }),
      ),
      ResourceNotFoundException,
    );
    expect(foreignVpc.resourceType).toBe("VPC");
    expect(foreignVpc.resourceId).toBe(mainVpc);

    const created = await other.send(
      new CreateServiceNetworkVpcAssociationCommand({
        serviceNetworkIdentifier: network.arn,
        vpcIdentifier: otherVpc,
      }),
    );
    expect(created.arn).toBe(
      `arn:aws:vpc-lattice:${REGION}:${OTHER}:servicenetworkvpcassociation/${created.id}`,
    );
    expect(created.createdBy).toBe(OTHER);

    const ownerView = await main.send(
      new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: network.id }),
    );
    expect(ownerView.items?.map((a) => [a.id, a.createdBy, a.vpcId])).toEqual([
      [created.id, OTHER, otherVpc],
    ]);
    const ownerGet = await main.send(
      new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: created.arn }),
    );
    expect(ownerGet.vpcId).toBe(otherVpc);

    const ownerUpdate = await rejection(
      main.send(
        new UpdateServiceNetworkVpcAssociationCommand({
          serviceNetworkVpcAssociationIdentifier: created.id,
          securityGroupIds: [],
        }),
      ),
      AccessDeniedException,
    );
    expect(ownerUpdate.$metadata.httpStatusCode).toBe(403);

    const outsider = await rejection(
      third.send(
        new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: created.id }),
      ),
      ResourceNotFoundException,
    );
    expect(outsider.resourceId).toBe(created.id);
    const outsiderList = await third.send(
      new ListServiceNetworkVpcAssociationsCommand({ vpcIdentifier: otherVpc }),
    );
    expect(outsiderList.items).toEqual([]);

    const ownerDelete = await main.send(
      new DeleteServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: created.id }),
    );
    expect(ownerDelete.status).toBe("DELETE_IN_PROGRESS");
    const afterDelete = await other.send(
      new ListServiceNetworkVpcAssociationsCommand({ vpcIdentifier: otherVpc }),
    );
    expect(afterDelete.items).toEqual([]);
  });
});

describe("service network service associations", () => {
  it("creates, reads, lists and deletes an association", async () => {
    const network = seedNetwork(MAIN, "snsa-net");
    const service = seedService(MAIN, "billing", "billing.example.com");
    const created = await main.send(
      new CreateServiceNetworkServiceAssociationCommand({
        serviceIdentifier: service.arn,
        serviceNetworkIdentifier: network.arn,
        tags: { env: "prod" },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.id).toMatch(/^snsa-[0-9a-z]{17}$/);
    expect(created.arn).toBe(
      `arn:aws:vpc-lattice:${REGION}:${MAIN}:servicenetworkserviceassociation/${created.id}`,
    );
    expect(created).toMatchObject({
      status: "ACTIVE",
      createdBy: MAIN,
      customDomainName: "billing.example.com",
      dnsEntry: service.dnsEntry,
    });

    const got = await main.send(
      new GetServiceNetworkServiceAssociationCommand({
        serviceNetworkServiceAssociationIdentifier: created.arn,
      }),
    );
    expect(got).toMatchObject({
      id: created.id,
      serviceId: service.id,
      serviceName: "billing",
      serviceArn: service.arn,
      serviceNetworkId: network.id,
      serviceNetworkName: "snsa-net",
      serviceNetworkArn: network.arn,
      dnsEntry: service.dnsEntry,
    });
    expect(got.createdAt).toBeInstanceOf(Date);

    const byService = await main.send(
      new ListServiceNetworkServiceAssociationsCommand({ serviceIdentifier: service.id }),
    );
    expect(byService.items?.map((a) => a.id)).toEqual([created.id]);
    expect(byService.items?.[0]).toMatchObject({ serviceName: "billing", serviceNetworkArn: network.arn });

    const duplicate = await rejection(
      main.send(
        new CreateServiceNetworkServiceAssociationCommand({
          serviceIdentifier: service.id,
          serviceNetworkIdentifier: network.id,
        }),
      ),
      ConflictException,
    );
    expect(duplicate.resourceId).toBe(created.id);

    const deleted = await main.send(
      new DeleteServiceNetworkServiceAssociationCommand({
        serviceNetworkServiceAssociationIdentifier: created.id,
      }),
    );
    expect(deleted).toMatchObject({ id: created.id, arn: created.arn, status: "DELETE_IN_PROGRESS" });
    await rejection(
      main.send(
        new GetServiceNetworkServiceAssociationCommand({
          serviceNetworkServiceAssociationIdentifier: created.id,
        }),
      ),
      ResourceNotFoundException,
    );
  });

  it("requires a filter, checks visibility and paginates", async () => {
    const network = seedNetwork(MAIN, "snsa-pages");
    const noFilter = await rejection(
      main.send(new ListServiceNetworkServiceAssociationsCommand({})),
      ValidationException,
    );
    expect(noFilter.fieldList?.map((f) => f.name).sort()).toEqual([
      "serviceIdentifier",
      "serviceNetworkIdentifier",
    ]);

    const hidden = seedService(OTHER, "hidden");
    const notVisible = await rejection(
      main.send(
        new CreateServiceNetworkServiceAssociationCommand({
          serviceIdentifier: hidden.arn,
          serviceNetworkIdentifier: network.id,
        }),
      ),
      ResourceNotFoundException,
    );
    expect(notVisible.resourceType).toBe("SERVICE");
    expect(notVisible.resourceId).toBe(hidden.arn);

    const ids: string[] = [];
    for (const name of ["pages-a", "pages-b", "pages-c"]) {
      const service = seedService(MAIN, name);
      const a = await main.send(
        new CreateServiceNetworkServiceAssociationCommand({
          serviceIdentifier: service.id,
          serviceNetworkIdentifier: network.id,
        }),
      );
      ids.push(a.id!);
    }
    const first = await main.send(
      new ListServiceNetworkServiceAssociationsCommand({
        serviceNetworkIdentifier: network.id,
        maxResults: 2,
      }),
    );
    expect(first.items).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    const second = await main.send(
      new ListServiceNetworkServiceAssociationsCommand({
        serviceNetworkIdentifier: network.id,
        maxResults: 2,
        nextToken: first.nextToken,
      }),
    );
    expect(second.items).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect([...(first.items ?? []), ...(second.items ?? [])].map((a) => a.id).sort()).toEqual(
      [...ids].sort(),
    );

    const all: string[] = [];
    for await (const page of paginateListServiceNetworkServiceAssociations(
      { client: main, pageSize: 1 },
      { serviceNetworkIdentifier: network.arn },
    )) {
      all.push(...(page.items ?? []).map((a) => a.id!));
    }
    expect(all).toEqual([...(first.items ?? []), ...(second.items ?? [])].map((a) => a.id));

    const badToken = await rejection(
      main.send(
        new ListServiceNetworkServiceAssociationsCommand({
          serviceNetworkIdentifier: network.id,
          nextToken: "junk",
        }),
      ),
      ValidationException,
    );
    expect(badToken.fieldList?.map((f) => f.name)).toEqual(["nextToken"]);
  });

  it("lets the owner of a shared service see another account's association", async () => {
    const service = seedService(MAIN, "shared-svc");
    const network = seedNetwork(OTHER, "other-net");
    share(MAIN, service.arn, OTHER);
    const created = await other.send(
      new CreateServiceNetworkServiceAssociationCommand({
        serviceIdentifier: service.arn,
        serviceNetworkIdentifier: network.id,
      }),
    );
    expect(created.arn).toContain(`:${OTHER}:servicenetworkserviceassociation/`);
    const ownerView = await main.send(
      new ListServiceNetworkServiceAssociationsCommand({ serviceIdentifier: service.id }),
    );
    expect(ownerView.items?.map((a) => [a.id, a.createdBy, a.serviceNetworkName])).toEqual([
      [created.id, OTHER, "other-net"],
    ]);
    await rejection(
      third.send(
        new GetServiceNetworkServiceAssociationCommand({
          serviceNetworkServiceAssociationIdentifier: created.arn,
        }),
      ),
      ResourceNotFoundException,
    );
  });
});

describe("service network resource associations", () => {
  it("creates an association with generated DNS names, lists, reads and deletes it", async () => {
    const network = seedNetwork(MAIN, "snra-net");
    const configuration = await createDnsConfiguration("snra-db", "db.internal.example.com");

    const created = await main.send(
      new CreateServiceNetworkResourceAssociationCommand({
        resourceConfigurationIdentifier: configuration.arn,
        serviceNetworkIdentifier: network.arn,
        privateDnsEnabled: true,
        tags: { owner: "data" },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^snra-[0-9a-f]{17}$/);
    expect(created.arn).toBe(
      `arn:aws:vpc-lattice:${REGION}:${MAIN}:servicenetworkresourceassociation/${created.id}`,
    );
    expect(created).toMatchObject({ status: "ACTIVE", createdBy: MAIN, privateDnsEnabled: true });

    const got = await main.send(
      new GetServiceNetworkResourceAssociationCommand({
        serviceNetworkResourceAssociationIdentifier: created.arn,
      }),
    );
    expect(got).toMatchObject({
      id: created.id,
      resourceConfigurationId: configuration.id,
      resourceConfigurationArn: configuration.arn,
      resourceConfigurationName: "snra-db",
      serviceNetworkId: network.id,
      serviceNetworkArn: network.arn,
      serviceNetworkName: "snra-net",
      isManagedAssociation: false,
      privateDnsEnabled: true,
    });
    expect(got.dnsEntry?.domainName).toMatch(
      new RegExp(
        `^${created.id}\\.${configuration.id}\\.[0-9a-f]{4}\\.vpc-lattice-rsc\\.${REGION}\\.on\\.aws$`,
      ),
    );
    expect(got.dnsEntry?.hostedZoneId).toMatch(/^Z[0-9A-Z]+$/);
    expect(got.privateDnsEntry?.domainName).toBe("db.internal.example.com");
    expect(got.lastUpdatedAt).toBeInstanceOf(Date);

    const byNetwork = await main.send(
      new ListServiceNetworkResourceAssociationsCommand({ serviceNetworkIdentifier: network.id }),
    );
    expect(byNetwork.items?.map((a) => a.id)).toEqual([created.id]);
    const byConfiguration = await main.send(
      new ListServiceNetworkResourceAssociationsCommand({
        resourceConfigurationIdentifier: configuration.id,
      }),
    );
    expect(byConfiguration.items?.[0]?.dnsEntry?.domainName).toBe(got.dnsEntry?.domainName);

    const duplicate = await rejection(
      main.send(
        new CreateServiceNetworkResourceAssociationCommand({
          resourceConfigurationIdentifier: configuration.id,
          serviceNetworkIdentifier: network.id,
        }),
      ),
      ConflictException,
    );
    expect(duplicate.resourceId).toBe(created.id);
    expect(duplicate.resourceType).toBe("SERVICE_NETWORK_RESOURCE_ASSOCIATION");

    const deleted = await main.send(
      new DeleteServiceNetworkResourceAssociationCommand({
        serviceNetworkResourceAssociationIdentifier: created.id,
      }),
    );
    expect(deleted).toMatchObject({ id: created.id, arn: created.arn, status: "DELETE_IN_PROGRESS" });
    const after = await main.send(
      new ListServiceNetworkResourceAssociationsCommand({ serviceNetworkIdentifier: network.id }),
    );
    expect(after.items).toEqual([]);
  });

  it("associates a group's children as managed associations", async () => {
    const network = seedNetwork(MAIN, "snra-group-net");
    const vpcId = seedVpc(MAIN);
    const gateway = await main.send(
      new CreateResourceGatewayCommand({
        name: "group-gw",
        vpcIdentifier: vpcId,
        subnetIds: [subnetOf(vpcId)],
      }),
    );
    const group = await main.send(
      new CreateResourceConfigurationCommand({
        name: "db-group",
        type: "GROUP",
        resourceGatewayIdentifier: gateway.id,
        portRanges: ["5432"],
        allowAssociationToShareableServiceNetwork: true,
      }),
    );
    const child = await main.send(
      new CreateResourceConfigurationCommand({
        name: "db-child-one",
        type: "CHILD",
        resourceConfigurationGroupIdentifier: group.id,
        portRanges: ["5432"],
        resourceConfigurationDefinition: { ipResource: { ipAddress: "10.0.1.10" } },
      }),
    );

    const direct = await rejection(
      main.send(
        new CreateServiceNetworkResourceAssociationCommand({
          resourceConfigurationIdentifier: child.id,
          serviceNetworkIdentifier: network.id,
        }),
      ),
      ValidationException,
    );
    expect(direct.fieldList?.map((f) => f.name)).toEqual(["resourceConfigurationIdentifier"]);

    const association = await main.send(
      new CreateServiceNetworkResourceAssociationCommand({
        resourceConfigurationIdentifier: group.id,
        serviceNetworkIdentifier: network.id,
      }),
    );
    const laterChild = await main.send(
      new CreateResourceConfigurationCommand({
        name: "db-child-two",
        type: "CHILD",
        resourceConfigurationGroupIdentifier: group.arn,
        portRanges: ["5432"],
        resourceConfigurationDefinition: { dnsResource: { domainName: "two.db.example.com" } },
      }),
    );

    const withoutChildren = await main.send(
      new ListServiceNetworkResourceAssociationsCommand({ serviceNetworkIdentifier: network.id }),
    );
    expect(withoutChildren.items?.map((a) => a.id)).toEqual([association.id]);
    const withChildren = await main.send(
      new ListServiceNetworkResourceAssociationsCommand({
        serviceNetworkIdentifier: network.id,
        includeChildren: true,
      }),
    );
    expect(
      withChildren.items?.map((a) => [a.resourceConfigurationId, a.isManagedAssociation]).sort(),
    ).toEqual(
      [
        [group.id, false],
        [child.id, true],
        [laterChild.id, true],
      ].sort(),
    );

    const managed = withChildren.items?.find((a) => a.isManagedAssociation);
    await rejection(
      main.send(
        new DeleteServiceNetworkResourceAssociationCommand({
          serviceNetworkResourceAssociationIdentifier: managed?.id,
        }),
      ),
      ValidationException,
    );
    await main.send(
      new DeleteServiceNetworkResourceAssociationCommand({
        serviceNetworkResourceAssociationIdentifier: association.id,
      }),
    );
    const afterDelete = await main.send(
      new ListServiceNetworkResourceAssociationsCommand({
        serviceNetworkIdentifier: network.id,
        includeChildren: true,
      }),
    );
    expect(afterDelete.items).toEqual([]);
  });

  it("refuses a shareable network when the configuration does not allow it", async () => {
    const configuration = await createDnsConfiguration("private-only", "private.example.com");
    region().resourceConfigurations.get(configuration.id!)!.allowAssociationToShareableServiceNetwork = false;
    const shareable = seedNetwork(MAIN, "shareable-net", true);
    const unshareable = seedNetwork(MAIN, "unshareable-net", false);
    const error = await rejection(
      main.send(
        new CreateServiceNetworkResourceAssociationCommand({
          resourceConfigurationIdentifier: configuration.id,
          serviceNetworkIdentifier: shareable.id,
        }),
      ),
      ValidationException,
    );
    expect(error.fieldList?.map((f) => f.name)).toEqual(["serviceNetworkIdentifier"]);
    const ok = await main.send(
      new CreateServiceNetworkResourceAssociationCommand({
        resourceConfigurationIdentifier: configuration.id,
        serviceNetworkIdentifier: unshareable.id,
      }),
    );
    expect(ok.status).toBe("ACTIVE");
  });

  it("does not reveal configurations of other accounts", async () => {
    const network = seedNetwork(OTHER, "other-snra-net");
    const configuration = await createDnsConfiguration("not-shared", "ns.example.com");
    const error = await rejection(
      other.send(
        new CreateServiceNetworkResourceAssociationCommand({
          resourceConfigurationIdentifier: configuration.arn,
          serviceNetworkIdentifier: network.id,
        }),
      ),
      ResourceNotFoundException,
    );
    expect(error.resourceType).toBe("RESOURCE_CONFIGURATION");
    expect(error.resourceId).toBe(configuration.arn);
  });
});

describe("service network VPC endpoint associations", () => {
  it("lists the network's service-network endpoints for its owner and each endpoint owner", async () => {
    const network = seedNetwork(MAIN, "vpce-net");
    const otherNetwork = seedNetwork(MAIN, "vpce-other-net");
    share(MAIN, network.arn, OTHER);
    const mainVpc = seedVpc(MAIN);
    const otherVpc = seedVpc(OTHER);
    const theirs = seedServiceNetworkEndpoint(OTHER, otherVpc, network.arn, "2026-01-02T00:00:00.000Z");
    const mine = seedServiceNetworkEndpoint(MAIN, mainVpc, network.arn, "2026-01-01T00:00:00.000Z");
    seedServiceNetworkEndpoint(MAIN, mainVpc, otherNetwork.arn, "2026-01-01T00:00:00.000Z");

    const missing = await rejection(
      main.send(
        new ListServiceNetworkVpcEndpointAssociationsCommand({ serviceNetworkIdentifier: undefined }),
      ),
      ValidationException,
    );
    expect(missing.fieldList?.map((f) => f.name)).toEqual(["serviceNetworkIdentifier"]);

    const ownerView = await main.send(
      new ListServiceNetworkVpcEndpointAssociationsCommand({ serviceNetworkIdentifier: network.arn }),
    );
    expect(ownerView.items?.map((e) => e.vpcEndpointId)).toEqual([mine, theirs]);
    expect(ownerView.items?.[1]).toMatchObject({
      vpcId: otherVpc,
      vpcEndpointOwnerId: OTHER,
      serviceNetworkArn: network.arn,
      state: "Available",
    });
    expect(ownerView.items?.[1]?.id).toBeTruthy();
    expect(ownerView.items?.[1]?.createdAt).toBeInstanceOf(Date);

    const page = await main.send(
      new ListServiceNetworkVpcEndpointAssociationsCommand({
        serviceNetworkIdentifier: network.id,
        maxResults: 1,
      }),
    );
    expect(page.items?.map((e) => e.vpcEndpointId)).toEqual([mine]);
    expect(page.nextToken).toBeTruthy();

    const consumerView = await other.send(
      new ListServiceNetworkVpcEndpointAssociationsCommand({ serviceNetworkIdentifier: network.arn }),
    );
    expect(consumerView.items?.map((e) => e.vpcEndpointId)).toEqual([theirs]);

    await rejection(
      third.send(
        new ListServiceNetworkVpcEndpointAssociationsCommand({ serviceNetworkIdentifier: network.arn }),
      ),
      ResourceNotFoundException,
    );
  });
});
