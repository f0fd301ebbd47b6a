import {
  GetListenerCommand,
  ListListenersCommand,
  ListServicesCommand,
  UpdateListenerCommand,
  type VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { GetResourceSharesCommand, RAMClient, AssociateResourceShareCommand } from "@aws-sdk/client-ram";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../server";
import { latticeClient } from "../testing";
import type { BusEvent } from "./cloudtrail";

const QUEUE = "trellis-events";

describe("CloudTrail-shaped events of every write, on the configured queue", () => {
  let emu: Emulator;
  let sqs: SQSClient;
  let deployer: VPCLatticeClient;
  let acct: string;
  let queueUrl: string;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" } });
    const listener = [...emu.world.region("us-east-1").listeners.values()][0];
    acct = listener?.ownerAccountId ?? emu.world.defaultAccountId;
    emu.world.identities.set("DEPLOYERKEY", {
      accessKeyId: "DEPLOYERKEY",
      secretAccessKey: "x",
      accountId: acct,
      arn: `arn:aws:sts::${acct}:assumed-role/Deployer/ci`,
      userId: "AROADEPLOYER:ci",
    });
    deployer = latticeClient(emu, "DEPLOYERKEY");
    sqs = new SQSClient({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: { accessKeyId: "trellis", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    queueUrl = `${emu.url}/${acct}/${QUEUE}`;
  });
  afterAll(async () => {
    sqs.destroy();
    deployer.destroy();
    await emu.close();
  });
  beforeEach(() => {
    emu.events.set({ queueArn: `arn:aws:sqs:us-east-1:${acct}:${QUEUE}`, delayMs: 50 });
  });

  async function drain(waitSeconds = 1): Promise<BusEvent[]> {
    const out: BusEvent[] = [];
    for (;;) {
      const got = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: waitSeconds,
        }),
      );
      if (!got.Messages) return out;
      out.push(...got.Messages.map((m) => JSON.parse(m.Body ?? "{}") as BusEvent));
      waitSeconds = 1;
    }
  }

  async function someListener() {
    const services = await deployer.send(new ListServicesCommand({}));
    for (const service of services.items ?? []) {
      const listeners = await deployer.send(new ListListenersCommand({ serviceIdentifier: service.id }));
      const listener = listeners.items?.[0];
      if (listener) {
        const full = await deployer.send(
          new GetListenerCommand({ serviceIdentifier: service.id, listenerIdentifier: listener.id }),
        );
        return { serviceId: service.id!, listenerId: listener.id!, defaultAction: full.defaultAction! };
      }
    }
    throw new Error("the demo has no listener");
  }

  it("puts UpdateListener on the queue after the delay, with the caller as STS describes it", async () => {
    const { serviceId, listenerId, defaultAction } = await someListener();
    await drain(0);
    await deployer.send(
      new UpdateListenerCommand({
        serviceIdentifier: serviceId,
        listenerIdentifier: listenerId,
        defaultAction,
      }),
    );
    const events = await drain();
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event["detail-type"]).toBe("AWS API Call via CloudTrail");
    expect(event.source).toBe("aws.vpc-lattice");
    expect(event.account).toBe(acct);
    expect(event.region).toBe("us-east-1");
    expect(event.detail).toMatchObject({
      eventSource: "vpc-lattice.amazonaws.com",
      eventName: "UpdateListener",
      awsRegion: "us-east-1",
      recipientAccountId: acct,
      eventType: "AwsApiCall",
      readOnly: false,
      userIdentity: {
        type: "AssumedRole",
        principalId: "AROADEPLOYER:ci",
        arn: `arn:aws:sts::${acct}:assumed-role/Deployer/ci`,
        accountId: acct,
        sessionContext: {
          sessionIssuer: { type: "Role", arn: `arn:aws:iam::${acct}:role/Deployer`, userName: "Deployer" },
        },
      },
      requestParameters: { serviceIdentifier: serviceId, listenerIdentifier: listenerId, defaultAction },
      responseElements: { id: listenerId },
    });
    expect(event.detail.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("puts nothing for reads, drops, duplicates and reorders as configured", async () => {
    const { serviceId, listenerId, defaultAction } = await someListener();
    await drain(0);
    expect(await drain(0)).toEqual([]);
    emu.events.set({ queueArn: `arn:aws:sqs:us-east-1:${acct}:${QUEUE}`, delayMs: 10, dropRate: 1 });
    await deployer.send(
      new UpdateListenerCommand({
        serviceIdentifier: serviceId,
        listenerIdentifier: listenerId,
        defaultAction,
      }),
    );
    expect(await drain()).toEqual([]);
    emu.events.set({ queueArn: `arn:aws:sqs:us-east-1:${acct}:${QUEUE}`, delayMs: 10, duplicateRate: 1 });
    await deployer.send(
      new UpdateListenerCommand({
        serviceIdentifier: serviceId,
        listenerIdentifier: listenerId,
        defaultAction,
      }),
    );
    const twice = await drain();
    expect(twice).toHaveLength(2);
    expect(twice[0]!.id).toBe(twice[1]!.id);
    emu.events.set({
      queueArn: `arn:aws:sqs:us-east-1:${acct}:${QUEUE}`,
      delayMs: 10,
      reorderRate: 0.5,
      reorderDelayMs: 300,
      seed: 7,
    });
    for (let i = 0; i < 6; i++) {
      await deployer.send(
        new UpdateListenerCommand({
          serviceIdentifier: serviceId,
          listenerIdentifier: listenerId,
          defaultAction,
        }),
      );
    }
    const reordered = await drain();
    expect(reordered).toHaveLength(6);
    const times = reordered.map((e) => String(e.detail.requestID));
    expect(emu.events.snapshot().reordered).toBeGreaterThan(0);
    expect(new Set(times).size).toBe(6);
  });

  it("adds RAM's Resource Sharing State Change to a share's CloudTrail event", async () => {
    const ram = new RAMClient({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: { accessKeyId: "demo", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    const shares = await ram.send(new GetResourceSharesCommand({ resourceOwner: "SELF" }));
    const share = shares.resourceShares?.[0];
    expect(share).toBeDefined();
    await drain(0);
    await ram.send(
      new AssociateResourceShareCommand({
        resourceShareArn: share!.resourceShareArn,
        principals: ["999988887777"],
      }),
    );
    const events = await drain();
    ram.destroy();
    expect(events.map((e) => [e.source, e["detail-type"]])).toEqual([
      ["aws.ram", "AWS API Call via CloudTrail"],
      ["aws.ram", "Resource Sharing State Change"],
    ]);
    expect(events[1]!.detail).toMatchObject({
      event: "Resource Share Association",
      resourceShareArn: share!.resourceShareArn,
    });
    expect(events[1]!.resources).toEqual([share!.resourceShareArn]);
  });
});
