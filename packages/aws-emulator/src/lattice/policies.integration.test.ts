import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  CreateResourceConfigurationCommand,
  CreateResourceGatewayCommand,
  DeleteAuthPolicyCommand,
  DeleteResourcePolicyCommand,
  GetAuthPolicyCommand,
  GetResourcePolicyCommand,
  PutAuthPolicyCommand,
  PutResourcePolicyCommand,
  ResourceNotFoundException,
  ValidationException,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { addTestIdentity, rejection, latticeClient } from "../testing";
import type { AuthType, RegionState, Service, ServiceNetwork } from "../core/model";

const REGION = "us-east-1";
const MAIN = "900000000301";
const OTHER = "900000000302";
const THIRD = "900000000303";

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

function seedNetwork(owner: string, name: string, authType: AuthType): ServiceNetwork {
  const id = emu.world.newId("sn-");
  const now = emu.world.now();
  const network: ServiceNetwork = {
    id,
    name,
    arn: `arn:aws:vpc-lattice:${REGION}:${owner}:servicenetwork/${id}`,
    ownerAccountId: owner,
    region: REGION,
    authType,
    createdAt: now,
    lastUpdatedAt: now,
  };
  region().serviceNetworks.set(id, network);
  return network;
}

function seedService(owner: string, name: string, authType: AuthType): Service {
  const id = emu.world.newId("svc-");
  const now = emu.world.now();
  const service: Service = {
    id,
    name,
    arn: `arn:aws:vpc-lattice:${REGION}:${owner}:service/${id}`,
    ownerAccountId: owner,
    region: REGION,
    authType,
    status: "ACTIVE",
    dnsEntry: { domainName: `${name}.vpc-lattice-svcs.${REGION}.on.aws`, hostedZoneId: "Z0123456789ABCD" },
    createdAt: now,
    lastUpdatedAt: now,
  };
  region().services.set(id, service);
  return service;
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

const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" }],
});

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  identity("AKIDPOLMAIN", MAIN);
  identity("AKIDPOLOTHER", OTHER);
  identity("AKIDPOLTHIRD", THIRD);
  main = client("AKIDPOLMAIN");
  other = client("AKIDPOLOTHER");
  third = client("AKIDPOLTHIRD");
});

afterAll(async () => {
  for (const c of [main, other, third]) c?.destroy();
  await emu?.close();
});

describe("auth policies", () => {
  it("puts, reads and deletes a policy, with state following the auth type", async () => {
    const network = seedNetwork(MAIN, "iam-net", "AWS_IAM");
    const missing = await rejection(
      main.send(new GetAuthPolicyCommand({ resourceIdentifier: network.id })),
      ResourceNotFoundException,
    );
    expect(missing.resourceId).toBe(network.id);
    expect(missing.$metadata.httpStatusCode).toBe(404);

    const put = await main.send(
      new PutAuthPolicyCommand({ resourceIdentifier: network.arn, policy: POLICY }),
    );
    expect(put).toMatchObject({ policy: POLICY, state: "Active" });

    const got = await main.send(new GetAuthPolicyCommand({ resourceIdentifier: network.arn }));
    expect(got).toMatchObject({ policy: POLICY, state: "Active" });
    expect(got.createdAt).toBeInstanceOf(Date);
    expect(got.lastUpdatedAt).toBeInstanceOf(Date);

    network.authType = "NONE";
    const inactive = await main.send(new GetAuthPolicyCommand({ resourceIdentifier: network.id }));
    expect(inactive.state).toBe("Inactive");

    const deleted = await main.send(new DeleteAuthPolicyCommand({ resourceIdentifier: network.id }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await rejection(
      main.send(new GetAuthPolicyCommand({ resourceIdentifier: network.id })),
      ResourceNotFoundException,
    );
  });

  it("reports Inactive for a service without IAM auth and keeps createdAt across updates", async () => {
    const service = seedService(MAIN, "open-svc", "NONE");
    const put = await main.send(new PutAuthPolicyCommand({ resourceIdentifier: service.id, policy: POLICY }));
    expect(put.state).toBe("Inactive");
    const first = await main.send(new GetAuthPolicyCommand({ resourceIdentifier: service.arn }));
    await new Promise((r) => setTimeout(r, 5));
    const changed = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    await main.send(new PutAuthPolicyCommand({ resourceIdentifier: service.arn, policy: changed }));
    const second = await main.send(new GetAuthPolicyCommand({ resourceIdentifier: service.id }));
    expect(second.policy).toBe(changed);
    expect(second.createdAt).toEqual(first.createdAt);
    expect(second.lastUpdatedAt!.getTime()).toBeGreaterThan(first.lastUpdatedAt!.getTime());

    service.authType = "AWS_IAM";
    const active = await main.send(new GetAuthPolicyCommand({ resourceIdentifier: service.id }));
    expect(active.state).toBe("Active");
  });

  it("accepts resource configurations", async () => {
    const vpcId = emu.world.newId("vpc-");
    region().vpcs.set(vpcId, {
      vpcId,
      ownerId: MAIN,
      region: REGION,
      cidrBlock: "10.1.0.0/16",
      isDefault: false,
      tags: {},
    });
    const gateway = await main.send(
      new CreateResourceGatewayCommand({
        name: "policy-gw",
        vpcIdentifier: vpcId,
        subnetIds: ["subnet-0123456789abcdef0"],
      }),
    );
    const configuration = await main.send(
      new CreateResourceConfigurationCommand({
        name: "policy-cfg",
        type: "SINGLE",
        resourceGatewayIdentifier: gateway.id,
        portRanges: ["443"],
        resourceConfigurationDefinition: { dnsResource: { domainName: "cfg.example.com" } },
      }),
    );
    await main.send(new PutAuthPolicyCommand({ resourceIdentifier: configuration.arn, policy: POLICY }));
    const got = await main.send(new GetAuthPolicyCommand({ resourceIdentifier: configuration.id }));
    expect(got.policy).toBe(POLICY);
  });

  it("validates the policy document and the identifier", async () => {
    const network = seedNetwork(MAIN, "validate-net", "AWS_IAM");
    const tooLong = JSON.stringify({ Version: "2012-10-17", Statement: [], Padding: "x".repeat(10_000) });
    const long = await rejection(
      main.send(new PutAuthPolicyCommand({ resourceIdentifier: network.id, policy: tooLong })),
      ValidationException,
    );
    expect(long.reason).toBe("fieldValidationFailed");
    expect(long.fieldList?.map((f) => f.name)).toEqual(["policy"]);

    const exactly = JSON.stringify({ Statement: [], Padding: "x".repeat(10_000 - 29) });
    expect(exactly.length).toBe(10_000);
    await main.send(new PutAuthPolicyCommand({ resourceIdentifier: network.id, policy: exactly }));

    for (const policy of ["{not json", "[1,2]", '"text"', ""]) {
      const error = await rejection(
        main.send(new PutAuthPolicyCommand({ resourceIdentifier: network.id, policy })),
        ValidationException,
      );
      expect(error.fieldList?.map((f) => f.name)).toEqual(["policy"]);
    }

    const wrongKind = await rejection(
      main.send(new GetAuthPolicyCommand({ resourceIdentifier: "tg-0123456789abcdefg" })),
      ValidationException,
    );
    expect(wrongKind.fieldList?.map((f) => f.name)).toEqual(["resourceIdentifier"]);

    const unknown = await rejection(
      main.send(new PutAuthPolicyCommand({ resourceIdentifier: "svc-0000000000000000z", policy: POLICY })),
      ResourceNotFoundException,
    );
    expect(unknown.resourceType).toBe("SERVICE");
    expect(unknown.resourceId).toBe("svc-0000000000000000z");
  });

  it("lets accounts a network is shared with read its policy but not change it", async () => {
    const network = seedNetwork(MAIN, "shared-policy-net", "AWS_IAM");
    await main.send(new PutAuthPolicyCommand({ resourceIdentifier: network.id, policy: POLICY }));

    const hidden = await rejection(
      other.send(new GetAuthPolicyCommand({ resourceIdentifier: network.arn })),
      ResourceNotFoundException,
    );
    expect(hidden.resourceType).toBe("SERVICE_NETWORK");

    share(MAIN, network.arn, OTHER);
    const read = await other.send(new GetAuthPolicyCommand({ resourceIdentifier: network.arn }));
    expect(read.policy).toBe(POLICY);

    const put = await rejection(
      other.send(new PutAuthPolicyCommand({ resourceIdentifier: network.arn, policy: POLICY })),
      AccessDeniedException,
    );
    expect(put.$metadata.httpStatusCode).toBe(403);
    await rejection(
      other.send(new DeleteAuthPolicyCommand({ resourceIdentifier: network.arn })),
      AccessDeniedException,
    );
    await rejection(
      third.send(new DeleteAuthPolicyCommand({ resourceIdentifier: network.arn })),
      ResourceNotFoundException,
    );
  });
});

describe("resource policies", () => {
  it("puts, reads and deletes a policy by ARN", async () => {
    const network = seedNetwork(MAIN, "rp-net", "NONE");
    const absent = await rejection(
      main.send(new GetResourcePolicyCommand({ resourceArn: network.arn })),
      ResourceNotFoundException,
    );
    expect(absent.resourceId).toBe(network.arn);

    const put = await main.send(new PutResourcePolicyCommand({ resourceArn: network.arn, policy: POLICY }));
    expect(put.$metadata.httpStatusCode).toBe(200);
    const got = await main.send(new GetResourcePolicyCommand({ resourceArn: network.arn }));
    expect(got.policy).toBe(POLICY);

    const deleted = await main.send(new DeleteResourcePolicyCommand({ resourceArn: network.arn }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await rejection(
      main.send(new GetResourcePolicyCommand({ resourceArn: network.arn })),
      ResourceNotFoundException,
    );
  });

  it("requires an ARN and a valid policy, and only the owner writes", async () => {
    const service = seedService(MAIN, "rp-svc", "NONE");
    const byId = await rejection(
      main.send(new PutResourcePolicyCommand({ resourceArn: service.id, policy: POLICY })),
      ValidationException,
    );
    expect(byId.fieldList?.map((f) => f.name)).toEqual(["resourceArn"]);
    await rejection(
      main.send(new GetResourcePolicyCommand({ resourceArn: service.id })),
      ValidationException,
    );

    for (const policy of ["", "nope", JSON.stringify({ p: "x".repeat(10_000) })]) {
      const error = await rejection(
        main.send(new PutResourcePolicyCommand({ resourceArn: service.arn, policy })),
        ValidationException,
      );
      expect(error.fieldList?.map((f) => f.name)).toEqual(["policy"]);
    }

    await main.send(new PutResourcePolicyCommand({ resourceArn: service.arn, policy: POLICY }));
    share(MAIN, service.arn, OTHER);
    const read = await other.send(new GetResourcePolicyCommand({ resourceArn: service.arn }));
    expect(read.policy).toBe(POLICY);
    await rejection(
      other.send(new PutResourcePolicyCommand({ resourceArn: service.arn, policy: POLICY })),
      AccessDeniedException,
    );
    await rejection(
      other.send(new DeleteResourcePolicyCommand({ resourceArn: service.arn })),
      AccessDeniedException,
    );
  });
});
