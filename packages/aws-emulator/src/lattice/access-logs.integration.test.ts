import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  ConflictException,
  CreateAccessLogSubscriptionCommand,
  DeleteAccessLogSubscriptionCommand,
  GetAccessLogSubscriptionCommand,
  ListAccessLogSubscriptionsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  UpdateAccessLogSubscriptionCommand,
  ValidationException,
  VPCLatticeClient,
  paginateListAccessLogSubscriptions,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "../server";
import { addTestIdentity, rejection, latticeClient } from "../testing";
import type { RegionState, Service, ServiceNetwork } from "../core/model";

const REGION = "us-east-1";
const MAIN = "900000000401";
const OTHER = "900000000402";

let emu: Emulator;
let main: VPCLatticeClient;
let other: VPCLatticeClient;

function client(accessKeyId: string): VPCLatticeClient {
  return latticeClient(emu, accessKeyId, REGION);
}

function identity(accessKeyId: string, accountId: string) {
  addTestIdentity(emu, accessKeyId, accountId);
}

function region(): RegionState {
  return emu.world.region(REGION);
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

function seedService(owner: string, name: string): Service {
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

const LOG_GROUP = `arn:aws:logs:${REGION}:${MAIN}:log-group:/lattice/access`;
const OTHER_LOG_GROUP = `arn:aws:logs:${REGION}:${MAIN}:log-group:/lattice/other:*`;
const BUCKET = "arn:aws:s3:::lattice-access-logs";
const STREAM = `arn:aws:firehose:${REGION}:${MAIN}:deliverystream/lattice-logs`;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  identity("AKIDALSMAIN", MAIN);
  identity("AKIDALSOTHER", OTHER);
  main = client("AKIDALSMAIN");
  other = client("AKIDALSOTHER");
});

afterAll(async () => {
  main?.destroy();
  other?.destroy();
  await emu?.close();
});

describe("access log subscriptions", () => {
  it("creates, reads, lists, updates and deletes a subscription", async () => {
    const network = seedNetwork(MAIN, "logged-net");
    const created = await main.send(
      new CreateAccessLogSubscriptionCommand({
        resourceIdentifier: network.id,
        destinationArn: LOG_GROUP,
        tags: { cost: "ops" },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.id).toMatch(/^als-[0-9a-z]{17}$/);
    expect(created).toMatchObject({
      arn: `arn:aws:vpc-lattice:${REGION}:${MAIN}:accesslogsubscription/${created.id}`,
      resourceId: network.id,
      resourceArn: network.arn,
      destinationArn: LOG_GROUP,
      serviceNetworkLogType: "SERVICE",
    });

    const got = await main.send(
      new GetAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: created.arn }),
    );
    expect(got).toMatchObject({ id: created.id, resourceArn: network.arn, destinationArn: LOG_GROUP });
    expect(got.createdAt).toBeInstanceOf(Date);
    expect(got.lastUpdatedAt).toBeInstanceOf(Date);

    const listed = await main.send(
      new ListAccessLogSubscriptionsCommand({ resourceIdentifier: network.arn }),
    );
    expect(listed.items?.map((s) => s.id)).toEqual([created.id]);

    const tags = await main.send(new ListTagsForResourceCommand({ resourceArn: created.arn }));
    expect(tags.tags).toEqual({ cost: "ops" });

    const updated = await main.send(
      new UpdateAccessLogSubscriptionCommand({
        accessLogSubscriptionIdentifier: created.id,
        destinationArn: OTHER_LOG_GROUP,
      }),
    );
    expect(updated).toMatchObject({
      id: created.id,
      resourceId: network.id,
      destinationArn: OTHER_LOG_GROUP,
    });

    const wrongType = await rejection(
      main.send(
        new UpdateAccessLogSubscriptionCommand({
          accessLogSubscriptionIdentifier: created.id,
          destinationArn: BUCKET,
        }),
      ),
      ValidationException,
    );
    expect(wrongType.fieldList?.map((f) => f.name)).toEqual(["destinationArn"]);

    const deleted = await main.send(
      new DeleteAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: created.id }),
    );
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const gone = await rejection(
      main.send(new GetAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: created.id })),
      ResourceNotFoundException,
    );
    expect(gone.resourceType).toBe("ACCESS_LOG_SUBSCRIPTION");
    expect(gone.resourceId).toBe(created.id);
  });

  it("allows one subscription per destination type and log type", async () => {
    const network = seedNetwork(MAIN, "multi-dest-net");
    const first = await main.send(
      new CreateAccessLogSubscriptionCommand({ resourceIdentifier: network.arn, destinationArn: LOG_GROUP }),
    );
    const clash = await rejection(
      main.send(
        new CreateAccessLogSubscriptionCommand({
          resourceIdentifier: network.id,
          destinationArn: OTHER_LOG_GROUP,
        }),
      ),
      ConflictException,
    );
    expect(clash.resourceId).toBe(first.id);
    expect(clash.resourceType).toBe("ACCESS_LOG_SUBSCRIPTION");
    expect(clash.$metadata.httpStatusCode).toBe(409);

    const s3 = await main.send(
      new CreateAccessLogSubscriptionCommand({ resourceIdentifier: network.id, destinationArn: BUCKET }),
    );
    const firehose = await main.send(
      new CreateAccessLogSubscriptionCommand({ resourceIdentifier: network.id, destinationArn: STREAM }),
    );
    const resourceLogs = await main.send(
      new CreateAccessLogSubscriptionCommand({
        resourceIdentifier: network.id,
        destinationArn: OTHER_LOG_GROUP,
        serviceNetworkLogType: "RESOURCE",
      }),
    );
    expect(resourceLogs.serviceNetworkLogType).toBe("RESOURCE");

    const ids = [first.id, s3.id, firehose.id, resourceLogs.id];
    const pages: (string | undefined)[][] = [];
    for await (const page of paginateListAccessLogSubscriptions(
      { client: main, pageSize: 3 },
      { resourceIdentifier: network.id },
    )) {
      pages.push((page.items ?? []).map((s) => s.id));
    }
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(pages.flat().sort()).toEqual([...ids].sort());
  });

  it("validates the resource, destination and log type", async () => {
    const network = seedNetwork(MAIN, "validated-net");
    const service = seedService(MAIN, "logged-svc");

    for (const destinationArn of [
      "arn:aws:sqs:us-east-1:900000000401:queue",
      "not-an-arn-at-all-really",
      `arn:aws:logs:${REGION}:${MAIN}:metric:foo`,
    ]) {
      const error = await rejection(
        main.send(new CreateAccessLogSubscriptionCommand({ resourceIdentifier: network.id, destinationArn })),
        ValidationException,
      );
      expect(error.reason).toBe("fieldValidationFailed");
      expect(error.fieldList?.map((f) => f.name)).toEqual(["destinationArn"]);
    }

    const logTypeOnService = await rejection(
      main.send(
        new CreateAccessLogSubscriptionCommand({
          resourceIdentifier: service.id,
          destinationArn: LOG_GROUP,
          serviceNetworkLogType: "SERVICE",
        }),
      ),
      ValidationException,
    );
    expect(logTypeOnService.fieldList?.map((f) => f.name)).toEqual(["serviceNetworkLogType"]);

    const forService = await main.send(
      new CreateAccessLogSubscriptionCommand({ resourceIdentifier: service.arn, destinationArn: LOG_GROUP }),
    );
    expect(forService.serviceNetworkLogType).toBeUndefined();
    expect(forService.resourceId).toBe(service.id);

    const badIdentifier = await rejection(
      main.send(
        new CreateAccessLogSubscriptionCommand({
          resourceIdentifier: "tg-0123456789abcdefg",
          destinationArn: LOG_GROUP,
        }),
      ),
      ValidationException,
    );
    expect(badIdentifier.fieldList?.map((f) => f.name)).toEqual(["resourceIdentifier"]);

    const unknown = await rejection(
      main.send(
        new CreateAccessLogSubscriptionCommand({
          resourceIdentifier: "sn-0000000000000000q",
          destinationArn: LOG_GROUP,
        }),
      ),
      ResourceNotFoundException,
    );
    expect(unknown.resourceType).toBe("SERVICE_NETWORK");

    const noResource = await rejection(
      main.send(new ListAccessLogSubscriptionsCommand({ resourceIdentifier: undefined })),
      ValidationException,
    );
    expect(noResource.fieldList?.map((f) => f.name)).toEqual(["resourceIdentifier"]);
  });

  it("only lets the owner of a resource subscribe to its logs", async () => {
    const network = seedNetwork(MAIN, "owned-logs-net");
    const hidden = await rejection(
      other.send(
        new CreateAccessLogSubscriptionCommand({ resourceIdentifier: network.arn, destinationArn: BUCKET }),
      ),
      ResourceNotFoundException,
    );
    expect(hidden.resourceId).toBe(network.arn);

    share(MAIN, network.arn, OTHER);
    const denied = await rejection(
      other.send(
        new CreateAccessLogSubscriptionCommand({ resourceIdentifier: network.arn, destinationArn: BUCKET }),
      ),
      AccessDeniedException,
    );
    expect(denied.$metadata.httpStatusCode).toBe(403);

    const mine = await main.send(
      new CreateAccessLogSubscriptionCommand({ resourceIdentifier: network.id, destinationArn: BUCKET }),
    );
    const otherList = await other.send(
      new ListAccessLogSubscriptionsCommand({ resourceIdentifier: network.arn }),
    );
    expect(otherList.items).toEqual([]);
    await rejection(
      other.send(new GetAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: mine.id })),
      ResourceNotFoundException,
    );
    await rejection(
      other.send(new DeleteAccessLogSubscriptionCommand({ accessLogSubscriptionIdentifier: mine.arn })),
      ResourceNotFoundException,
    );
  });
});
