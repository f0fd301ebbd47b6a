import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictException,
  CreateListenerCommand,
  CreateServiceCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  GetTargetGroupCommand,
  ListTargetGroupsCommand,
  ListTargetsCommand,
  RegisterTargetsCommand,
  ResourceNotFoundException,
  UpdateTargetGroupCommand,
  ValidationException,
  VPCLatticeClient,
  paginateListTargets,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { rejection as failure, latticeClient } from "../testing";

const OWNER_ACCOUNT = "900000000001";
const OTHER_ACCOUNT = "222222222222";
const VPC_ID = "vpc-0123456789abcdef0";
const OTHER_VPC_ID = "vpc-0fedcba9876543210";
const THEIR_VPC_ID = "vpc-00000000000000222";
let emu: Emulator;
let owner: VPCLatticeClient;
let other: VPCLatticeClient;

function client(accessKeyId: string): VPCLatticeClient {
  return latticeClient(emu, accessKeyId);
}

function addVpc(vpcId: string, ownerId: string) {
  emu.world.region("us-east-1").vpcs.set(vpcId, {
    vpcId,
    ownerId,
    region: "us-east-1",
    cidrBlock: "10.0.0.0/16",
    isDefault: false,
    tags: {},
  });
}

async function ipTargetGroup(
  name: string,
  protocol: "HTTP" | "HTTPS" | "TCP" = "HTTP",
  vpcIdentifier = VPC_ID,
) {
  return owner.send(
    new CreateTargetGroupCommand({ name, type: "IP", config: { port: 8080, protocol, vpcIdentifier } }),
  );
}

beforeAll(async () => {
  emu = await startEmulator({ scenario: { name: "demo" } });
  emu.world.identities.set("AKIDOWNER", {
    accessKeyId: "AKIDOWNER",
    secretAccessKey: "x",
    accountId: OWNER_ACCOUNT,
    arn: `arn:aws:iam::${OWNER_ACCOUNT}:user/owner`,
    userId: "AIDAOWNER",
  });
  emu.world.identities.set("AKIDOTHER", {
    accessKeyId: "AKIDOTHER",
    secretAccessKey: "x",
    accountId: OTHER_ACCOUNT,
    arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/other`,
    userId: "AIDAOTHER",
  });
  addVpc(VPC_ID, OWNER_ACCOUNT);
  addVpc(OTHER_VPC_ID, OWNER_ACCOUNT);
  addVpc(THEIR_VPC_ID, OTHER_ACCOUNT);
  owner = client("AKIDOWNER");
  other = client("AKIDOTHER");
});

afterAll(async () => {
  owner.destroy();
  other.destroy();
  await emu.close();
});

describe("target groups", () => {
  it("creates an IP target group with the default health check and reads it by id and ARN", async () => {
    const created = await owner.send(
      new CreateTargetGroupCommand({
        name: "web-ip",
        type: "IP",
        config: { port: 8080, protocol: "HTTP", vpcIdentifier: VPC_ID },
        tags: { app: "web" },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^tg-[0-9a-z]{17}$/);
    expect(created.arn).toBe(`arn:aws:vpc-lattice:us-east-1:${OWNER_ACCOUNT}:targetgroup/${created.id}`);
    expect(created.status).toBe("ACTIVE");
    expect(created.config).toEqual({
      port: 8080,
      protocol: "HTTP",
      protocolVersion: "HTTP1",
      ipAddressType: "IPV4",
      vpcIdentifier: VPC_ID,
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        path: "/",
        healthCheckIntervalSeconds: 30,
        healthCheckTimeoutSeconds: 5,
        healthyThresholdCount: 5,
        unhealthyThresholdCount: 2,
        matcher: { httpCode: "200" },
      },
    });
    const byArn = await owner.send(new GetTargetGroupCommand({ targetGroupIdentifier: created.arn }));
    expect(byArn).toMatchObject({
      id: created.id,
      name: "web-ip",
      type: "IP",
      config: created.config,
      serviceArns: [],
    });
    expect(byArn.createdAt).toBeInstanceOf(Date);
  });

  it("creates a Lambda target group without port, protocol or VPC", async () => {
    const lambda = await owner.send(new CreateTargetGroupCommand({ name: "fn-main", type: "LAMBDA" }));
    expect(lambda.config).toEqual({ lambdaEventStructureVersion: "V1" });
    const withPort = await failure(
      owner.send(new CreateTargetGroupCommand({ name: "fn-port", type: "LAMBDA", config: { port: 80 } })),
      ValidationException,
    );
    expect(withPort.fieldList?.map((f) => f.name)).toEqual(["config.port"]);
  });

  it("validates the configuration and the VPC", async () => {
    const missing = await failure(
      owner.send(
        new CreateTargetGroupCommand({
          name: "no-port",
          type: "IP",
          config: { protocol: "HTTP", vpcIdentifier: VPC_ID },
        }),
      ),
      ValidationException,
    );
    expect(missing.fieldList?.map((f) => f.name)).toEqual(["config.port"]);
    const noConfig = await failure(
      owner.send(new CreateTargetGroupCommand({ name: "no-config", type: "INSTANCE" })),
      ValidationException,
    );
    expect(noConfig.fieldList?.map((f) => f.name)).toEqual(["config"]);
    const badType = await failure(
      owner.send(new CreateTargetGroupCommand({ name: "bad-type", type: "EC2" as "IP" })),
      ValidationException,
    );
    expect(badType.fieldList?.[0]?.name).toBe("type");
    const interval = await failure(
      owner.send(
        new CreateTargetGroupCommand({
          name: "bad-hc",
          type: "IP",
          config: {
            port: 80,
            protocol: "HTTP",
            vpcIdentifier: VPC_ID,
            healthCheck: { healthCheckIntervalSeconds: 1 },
          },
        }),
      ),
      ValidationException,
    );
    expect(interval.fieldList?.[0]?.name).toBe("config.healthCheck.healthCheckIntervalSeconds");

    const unknownVpc = await failure(
      ipTargetGroup("unknown-vpc", "HTTP", "vpc-0aaaaaaaaaaaaaaaa"),
      ResourceNotFoundException,
    );
    expect(unknownVpc.resourceType).toBe("VPC");
    await failure(ipTargetGroup("their-vpc", "HTTP", THEIR_VPC_ID), ResourceNotFoundException);

    await ipTargetGroup("dup-name");
    const dup = await failure(ipTargetGroup("dup-name"), ConflictException);
    expect(dup.resourceType).toBe("TARGET_GROUP");
  });

  it("lists target groups with filters and only to their owner", async () => {
    const inOther = await ipTargetGroup("other-vpc-tg", "HTTPS", OTHER_VPC_ID);
    const all = await owner.send(new ListTargetGroupsCommand({}));
    const summary = all.items?.find((i) => i.id === inOther.id);
    expect(summary).toMatchObject({
      name: "other-vpc-tg",
      type: "IP",
      port: 8080,
      protocol: "HTTPS",
      ipAddressType: "IPV4",
      vpcIdentifier: OTHER_VPC_ID,
      status: "ACTIVE",
      serviceArns: [],
    });
    const byVpc = await owner.send(new ListTargetGroupsCommand({ vpcIdentifier: OTHER_VPC_ID }));
    expect(byVpc.items?.map((i) => i.id)).toEqual([inOther.id]);
    const lambdas = await owner.send(new ListTargetGroupsCommand({ targetGroupType: "LAMBDA" }));
    expect(lambdas.items?.every((i) => i.type === "LAMBDA")).toBe(true);
    const invalid = await failure(
      owner.send(new ListTargetGroupsCommand({ targetGroupType: "EC2" as "IP" })),
      ValidationException,
    );
    expect(invalid.fieldList?.[0]?.name).toBe("targetGroupType");

    const theirs = await other.send(new ListTargetGroupsCommand({}));
    expect(theirs.items?.map((i) => i.id) ?? []).not.toContain(inOther.id);
    await failure(
      other.send(new GetTargetGroupCommand({ targetGroupIdentifier: inOther.arn })),
      ResourceNotFoundException,
    );
  });

  it("updates the health check by merging it into the current one", async () => {
    const tg = await ipTargetGroup("hc-update");
    const updated = await owner.send(
      new UpdateTargetGroupCommand({
        targetGroupIdentifier: tg.arn,
        healthCheck: { path: "/healthz", healthyThresholdCount: 3, matcher: { httpCode: "200-299" } },
      }),
    );
    expect(updated.config?.healthCheck).toMatchObject({
      enabled: true,
      path: "/healthz",
      healthyThresholdCount: 3,
      healthCheckIntervalSeconds: 30,
      matcher: { httpCode: "200-299" },
    });
    const got = await owner.send(new GetTargetGroupCommand({ targetGroupIdentifier: tg.id }));
    expect(got.config?.healthCheck?.path).toBe("/healthz");

    const lambda = await owner.send(new CreateTargetGroupCommand({ name: "fn-hc", type: "LAMBDA" }));
    const refused = await failure(
      owner.send(
        new UpdateTargetGroupCommand({ targetGroupIdentifier: lambda.id, healthCheck: { enabled: false } }),
      ),
      ValidationException,
    );
    expect(refused.fieldList?.[0]?.name).toBe("healthCheck");
    await failure(
      other.send(
        new UpdateTargetGroupCommand({ targetGroupIdentifier: tg.arn, healthCheck: { enabled: false } }),
      ),
      ResourceNotFoundException,
    );
  });

  it("registers, lists and deregisters targets with statuses that follow service use", async () => {
    const tg = await ipTargetGroup("targets");
    const registered = await owner.send(
      new RegisterTargetsCommand({
        targetGroupIdentifier: tg.id,
        targets: [{ id: "10.0.0.1" }, { id: "10.0.0.2", port: 9090 }, { id: "not-an-ip" }],
      }),
    );
    expect(registered.successful).toEqual([
      { id: "10.0.0.1", port: 8080 },
      { id: "10.0.0.2", port: 9090 },
    ]);
    expect(registered.unsuccessful).toEqual([
      {
        id: "not-an-ip",
        failureCode: "ValidationException",
        failureMessage: expect.stringContaining("IPv4"),
      },
    ]);
    const unused = await owner.send(new ListTargetsCommand({ targetGroupIdentifier: tg.arn }));
    expect(unused.items).toEqual([
      { id: "10.0.0.1", port: 8080, status: "UNUSED" },
      { id: "10.0.0.2", port: 9090, status: "UNUSED" },
    ]);

    const svc = await owner.send(new CreateServiceCommand({ name: "uses-tg" }));
    const listener = await owner.send(
      new CreateListenerCommand({
        serviceIdentifier: svc.id,
        name: "http",
        protocol: "HTTP",
        defaultAction: { forward: { targetGroups: [{ targetGroupIdentifier: tg.arn }] } },
      }),
    );
    const inUse = await owner.send(new ListTargetsCommand({ targetGroupIdentifier: tg.id }));
    expect(inUse.items?.map((t) => t.status)).toEqual(["INITIAL", "INITIAL"]);
    await owner.send(
      new RegisterTargetsCommand({ targetGroupIdentifier: tg.id, targets: [{ id: "10.0.0.3" }] }),
    );
    const got = await owner.send(new GetTargetGroupCommand({ targetGroupIdentifier: tg.id }));
    expect(got.serviceArns).toEqual([svc.arn]);
    const summary = (await owner.send(new ListTargetGroupsCommand({}))).items?.find((i) => i.id === tg.id);
    expect(summary?.serviceArns).toEqual([svc.arn]);

    const filtered = await owner.send(
      new ListTargetsCommand({
        targetGroupIdentifier: tg.id,
        targets: [{ id: "10.0.0.3" }, { id: "10.0.0.2", port: 1 }],
      }),
    );
    expect(filtered.items).toEqual([{ id: "10.0.0.3", port: 8080, status: "INITIAL" }]);

    const deregistered = await owner.send(
      new DeregisterTargetsCommand({
        targetGroupIdentifier: tg.id,
        targets: [{ id: "10.0.0.1" }, { id: "10.9.9.9" }],
      }),
    );
    expect(deregistered.successful).toEqual([{ id: "10.0.0.1", port: 8080 }]);
    expect(deregistered.unsuccessful?.[0]).toMatchObject({
      id: "10.9.9.9",
      failureCode: "ResourceNotFoundException",
    });
    const left = await owner.send(new ListTargetsCommand({ targetGroupIdentifier: tg.id }));
    expect(left.items?.map((t) => t.id)).toEqual(["10.0.0.2", "10.0.0.3"]);

    const blocked = await failure(
      owner.send(new DeleteTargetGroupCommand({ targetGroupIdentifier: tg.id })),
      ConflictException,
    );
    expect(blocked.resourceId).toBe(tg.id);
    await owner.send(
      new DeleteListenerCommand({ serviceIdentifier: svc.id, listenerIdentifier: listener.id }),
    );
    const idle = await owner.send(new ListTargetsCommand({ targetGroupIdentifier: tg.id }));
    expect(idle.items?.map((t) => t.status)).toEqual(["UNUSED", "UNUSED"]);
    const deleted = await owner.send(new DeleteTargetGroupCommand({ targetGroupIdentifier: tg.arn }));
    expect(deleted).toMatchObject({ id: tg.id, arn: tg.arn, status: "DELETE_IN_PROGRESS" });
    await failure(
      owner.send(new GetTargetGroupCommand({ targetGroupIdentifier: tg.id })),
      ResourceNotFoundException,
    );
  });

  it("replaces duplicate targets, keeps a Lambda group to one target and limits request sizes", async () => {
    const tg = await ipTargetGroup("dupes");
    await owner.send(
      new RegisterTargetsCommand({ targetGroupIdentifier: tg.id, targets: [{ id: "10.0.0.1" }] }),
    );
    await owner.send(
      new RegisterTargetsCommand({ targetGroupIdentifier: tg.id, targets: [{ id: "10.0.0.1", port: 8080 }] }),
    );
    const listed = await owner.send(new ListTargetsCommand({ targetGroupIdentifier: tg.id }));
    expect(listed.items).toHaveLength(1);

    const lambda = await owner.send(new CreateTargetGroupCommand({ name: "fn-targets", type: "LAMBDA" }));
    const fn = "arn:aws:lambda:us-east-1:900000000001:function:handler";
    const first = await owner.send(
      new RegisterTargetsCommand({ targetGroupIdentifier: lambda.id, targets: [{ id: fn }] }),
    );
    expect(first.successful).toEqual([{ id: fn }]);
    const status = await owner.send(new ListTargetsCommand({ targetGroupIdentifier: lambda.id }));
    expect(status.items).toEqual([{ id: fn, status: "UNAVAILABLE" }]);
    const second = await owner.send(
      new RegisterTargetsCommand({ targetGroupIdentifier: lambda.id, targets: [{ id: `${fn}-two` }] }),
    );
    expect(second.unsuccessful?.[0]?.failureCode).toBe("ServiceQuotaExceededException");

    const tooMany = await failure(
      owner.send(
        new RegisterTargetsCommand({
          targetGroupIdentifier: tg.id,
          targets: Array.from({ length: 101 }, (_, i) => ({ id: `10.1.0.${i}` })),
        }),
      ),
      ValidationException,
    );
    expect(tooMany.fieldList?.[0]?.name).toBe("targets");
    await failure(
      owner.send(
        new ListTargetsCommand({
          targetGroupIdentifier: tg.id,
          targets: Array.from({ length: 21 }, (_, i) => ({ id: `10.1.0.${i}` })),
        }),
      ),
      ValidationException,
    );
    const denied = await failure(
      other.send(
        new RegisterTargetsCommand({ targetGroupIdentifier: tg.arn, targets: [{ id: "10.0.0.9" }] }),
      ),
      ResourceNotFoundException,
    );
    expect(denied.resourceType).toBe("TARGET_GROUP");
  });

  it("pages through targets", async () => {
    const tg = await ipTargetGroup("many-targets");
    const ids = Array.from({ length: 25 }, (_, i) => `10.2.0.${i}`);
    await owner.send(
      new RegisterTargetsCommand({ targetGroupIdentifier: tg.id, targets: ids.map((id) => ({ id })) }),
    );
    const pages: string[][] = [];
    for await (const page of paginateListTargets(
      { client: owner, pageSize: 10 },
      { targetGroupIdentifier: tg.id },
    )) {
      pages.push((page.items ?? []).map((t) => t.id ?? ""));
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(ids);
  });

  it("hides a target group from other accounts even when they name it by ARN", async () => {
    // Target groups are never shared through RAM, so another account's group is simply not found.
    const tg = await ipTargetGroup("private-tg");
    const error = await failure(
      other.send(new DeleteTargetGroupCommand({ targetGroupIdentifier: tg.arn })),
      ResourceNotFoundException,
    );
    expect(error.resourceId).toBe(tg.arn);
    const still = await owner.send(new GetTargetGroupCommand({ targetGroupIdentifier: tg.id }));
    expect(still.status).toBe("ACTIVE");
  });
});
