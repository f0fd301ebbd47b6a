import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../server";
import { rejection } from "../testing";

const run = promisify(execFile);

async function awsCli(emu: Emulator, args: string[]): Promise<unknown> {
  const { stdout } = await run("aws", ["--endpoint-url", emu.url, "--output", "json", ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_MAX_ATTEMPTS: "1",
      AWS_PAGER: "",
    },
    timeout: 30_000,
  });
  return stdout.trim() === "" ? {} : JSON.parse(stdout);
}

describe("SQS as the SDK (JSON 1.0) and the aws CLI speak it", () => {
  let emu: Emulator;
  let sqs: SQSClient;
  let n = 0;
  let name: string;
  let acct: string;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" } });
    sqs = new SQSClient({
      region: "us-east-1",
      endpoint: emu.url,
      credentials: { accessKeyId: "demo", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    acct = emu.world.defaultAccountId;
  });
  afterAll(async () => {
    sqs.destroy();
    await emu.close();
  });
  beforeEach(() => {
    name = `q-${++n}`;
  });

  it("creates a queue idempotently, finds it by name and reads its attributes", async () => {
    const created = await sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "5" } }),
    );
    expect(created.QueueUrl).toBe(`${emu.url}/${acct}/${name}`);
    const again = await sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: "5" } }),
    );
    expect(again.QueueUrl).toBe(created.QueueUrl);
    const found = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    expect(found.QueueUrl).toBe(created.QueueUrl);
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: created.QueueUrl,
        AttributeNames: ["QueueArn", "VisibilityTimeout"],
      }),
    );
    expect(attributes.Attributes).toEqual({
      QueueArn: `arn:aws:sqs:us-east-1:${acct}:${name}`,
      VisibilityTimeout: "5",
    });
    const missing = await rejection(
      sqs.send(new GetQueueUrlCommand({ QueueName: "nope" })),
      QueueDoesNotExist,
    );
    expect(missing.message).toBe("The specified queue does not exist.");
  });

  it("long-polls until a message arrives, hides it for the visibility timeout, and deletes it", async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const waiting = sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5, VisibilityTimeout: 1 }),
    );
    await new Promise((r) => setTimeout(r, 200));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "hello" }));
    const first = await waiting;
    expect(first.Messages?.map((m) => m.Body)).toEqual(["hello"]);
    // Invisible while in flight: a short poll finds nothing.
    const hidden = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(hidden.Messages).toBeUndefined();
    // Back after the timeout, with a new receipt handle; the old one deletes nothing.
    const second = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        WaitTimeSeconds: 3,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
      }),
    );
    expect(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe("2");
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle }));
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: second.Messages?.[0]?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(third.Messages?.map((m) => m.Body)).toEqual(["hello"]);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: "a", ReceiptHandle: third.Messages?.[0]?.ReceiptHandle },
          { Id: "b", ReceiptHandle: "not-a-handle" },
        ],
      }),
    );
    expect(deleted.Successful?.map((e) => e.Id)).toEqual(["a"]);
    expect(deleted.Failed?.map((e) => [e.Id, e.Code])).toEqual([["b", "ReceiptHandleIsInvalid"]]);
    const empty = await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }));
    expect(empty.Messages).toBeUndefined();
  });

  it("moves a message received maxReceiveCount times to the dead-letter queue", async () => {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
    const dlqArn = `arn:aws:sqs:us-east-1:${acct}:${name}-dlq`;
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: "2" }) },
      }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "poison" }));
    for (let i = 0; i < 2; i++) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }));
      expect(got.Messages?.[0]?.Body).toBe("poison");
    }
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(third.Messages).toBeUndefined();
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.QueueUrl }));
    expect(dead.Messages?.[0]?.Body).toBe("poison");
  });

  it("answers the aws CLI the same way", async () => {
    const created = (await awsCli(emu, ["sqs", "create-queue", "--queue-name", name])) as {
      QueueUrl: string;
    };
    expect(created.QueueUrl).toMatch(new RegExp(`/${acct}/${name}$`));
    const url = (await awsCli(emu, ["sqs", "get-queue-url", "--queue-name", name])) as { QueueUrl: string };
    expect(url.QueueUrl).toBe(created.QueueUrl);
    await awsCli(emu, ["sqs", "send-message", "--queue-url", url.QueueUrl, "--message-body", "from the cli"]);
    const got = (await awsCli(emu, [
      "sqs",
      "receive-message",
      "--queue-url",
      url.QueueUrl,
      "--wait-time-seconds",
      "2",
      "--visibility-timeout",
      "30",
    ])) as { Messages: { Body: string; ReceiptHandle: string }[] };
    expect(got.Messages.map((m) => m.Body)).toEqual(["from the cli"]);
    await awsCli(emu, [
      "sqs",
      "delete-message",
      "--queue-url",
      url.QueueUrl,
      "--receipt-handle",
      got.Messages[0]!.ReceiptHandle,
    ]);
    const attributes = (await awsCli(emu, [
      "sqs",
      "get-queue-attributes",
      "--queue-url",
      url.QueueUrl,
      "--attribute-names",
      "ApproximateNumberOfMessages",
    ])) as { Attributes: Record<string, string> };
    expect(attributes.Attributes).toEqual({ ApproximateNumberOfMessages: "0" });
    await expect(awsCli(emu, ["sqs", "get-queue-url", "--queue-name", "missing"])).rejects.toThrow(
      /QueueDoesNotExist|NonExistentQueue/,
    );
  });

  it("answers the awsQuery protocol too (Action=…, XML)", async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const response = await fetch(emu.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization:
          "AWS4-HMAC-SHA256 Credential=demo/20261208/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x",
      },
      body: `Action=GetQueueUrl&QueueName=${name}&Version=2012-11-05`,
    });
    const text = await response.text();
    expect(text).toContain(
      `<GetQueueUrlResult><QueueUrl>${emu.url}/${acct}/${name}</QueueUrl></GetQueueUrlResult>`,
    );
  });
});
