import { createHash, randomUUID } from "node:crypto";
import { ApiError } from "../core/errors";

/** An SQS error: its JSON `__type` shape name and the awsQuery code the query-compatible header carries. */
export class SqsError extends ApiError {
  constructor(
    readonly shape: string,
    code: string,
    message: string,
    readonly fault: "Sender" | "Receiver" = "Sender",
    status = 400,
  ) {
    super(status, code, message);
  }
}

export const nonExistentQueue = () =>
  new SqsError(
    "QueueDoesNotExist",
    "AWS.SimpleQueueService.NonExistentQueue",
    "The specified queue does not exist.",
  );

export function invalidParameter(message: string): SqsError {
  return new SqsError("InvalidParameterValueException", "InvalidParameterValue", message);
}

export interface SqsMessage {
  id: string;
  body: string;
  md5: string;
  sentAtMs: number;
  visibleAtMs: number;
  receiveCount: number;
  firstReceiveAtMs?: number;
  /** The latest receipt handle: only it deletes the message (an older one succeeds and deletes nothing). */
  receipt?: string;
  /** Every receipt handle ever issued, so an old one is told apart from a malformed one. */
  issued: Set<string>;
}

export interface Queue {
  name: string;
  accountId: string;
  region: string;
  arn: string;
  createdAtMs: number;
  lastModifiedAtMs: number;
  attributes: Record<string, string>;
  messages: SqsMessage[];
}

const DEFAULT_ATTRIBUTES: Record<string, string> = {
  VisibilityTimeout: "30",
  MaximumMessageSize: "1048576",
  MessageRetentionPeriod: "345600",
  DelaySeconds: "0",
  ReceiveMessageWaitTimeSeconds: "0",
};
const SETTABLE = new Set([
  ...Object.keys(DEFAULT_ATTRIBUTES),
  "RedrivePolicy",
  "RedriveAllowPolicy",
  "Policy",
  "SqsManagedSseEnabled",
  "KmsMasterKeyId",
  "KmsDataKeyReusePeriodSeconds",
]);
const RANGES: Record<string, [number, number]> = {
  VisibilityTimeout: [0, 43_200],
  MaximumMessageSize: [1_024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  DelaySeconds: [0, 900],
  ReceiveMessageWaitTimeSeconds: [0, 20],
};
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");

function checkAttributes(attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (!SETTABLE.has(name))
      throw new SqsError("InvalidAttributeName", "InvalidAttributeName", `Unknown Attribute ${name}.`);
    const range = RANGES[name];
    if (range) {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < range[0] || n > range[1]) {
        throw new SqsError(
          "InvalidAttributeValue",
          "InvalidAttributeValue",
          `Invalid value for the parameter ${name}.`,
        );
      }
    }
    if (name === "RedrivePolicy") redrivePolicy(value);
  }
}

function redrivePolicy(
  value: string | undefined,
): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
  if (value === undefined || value === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new SqsError(
      "InvalidAttributeValue",
      "InvalidAttributeValue",
      "Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.",
    );
  }
  const policy = parsed as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  const max = Number(policy.maxReceiveCount);
  if (typeof policy.deadLetterTargetArn !== "string" || !Number.isInteger(max) || max < 1 || max > 1000) {
    throw new SqsError(
      "InvalidAttributeValue",
      "InvalidAttributeValue",
      "Value for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: deadLetterTargetArn or maxReceiveCount between 1 and 1000.",
    );
  }
  return { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: max };
}

/** Every queue of the emulator, across accounts and regions, with their messages. */
export class SqsState {
  private readonly queues = new Map<string, Queue>();
  private waiters = new Set<() => void>();
  private closed = false;

  private key(region: string, accountId: string, name: string) {
    return `${region}/${accountId}/${name}`;
  }

  create(region: string, accountId: string, name: string, attributes: Record<string, string>): Queue {
    if (!QUEUE_NAME.test(name)) {
      throw invalidParameter(
        "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
      );
    }
    checkAttributes(attributes);
    const key = this.key(region, accountId, name);
    const existing = this.queues.get(key);
    if (existing) {
      const differs = Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v);
      if (differs) {
        throw new SqsError(
          "QueueNameExists",
          "QueueAlreadyExists",
          "A queue already exists with the same name and a different value for attribute(s) " +
            Object.keys(attributes).join(", "),
        );
      }
      return existing;
    }
    const now = Date.now();
    const queue: Queue = {
      name,
      accountId,
      region,
      arn: `arn:aws:sqs:${region}:${accountId}:${name}`,
      createdAtMs: now,
      lastModifiedAtMs: now,
      attributes: { ...DEFAULT_ATTRIBUTES, ...attributes },
      messages: [],
    };
    this.queues.set(key, queue);
    return queue;
  }

  find(region: string, accountId: string, name: string): Queue | undefined {
    return this.queues.get(this.key(region, accountId, name));
  }

  byArn(arn: string): Queue | undefined {
    const m = /^arn:aws:sqs:([^:]+):(\d{12}):(.+)$/.exec(arn);
    return m ? this.find(m[1]!, m[2]!, m[3]!) : undefined;
  }

  list(region: string, accountId: string): Queue[] {
    return [...this.queues.values()].filter((q) => q.region === region && q.accountId === accountId);
  }

  delete(queue: Queue): void {
    this.queues.delete(this.key(queue.region, queue.accountId, queue.name));
  }

  setAttributes(queue: Queue, attributes: Record<string, string>): void {
    checkAttributes(attributes);
    Object.assign(queue.attributes, attributes);
    queue.lastModifiedAtMs = Date.now();
  }

  attributes(queue: Queue, names: string[]): Record<string, string> {
    const now = Date.now();
    const visible = queue.messages.filter((m) => m.visibleAtMs <= now).length;
    const all: Record<string, string> = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(visible),
      ApproximateNumberOfMessagesNotVisible: String(
        queue.messages.filter((m) => m.visibleAtMs > now && m.receiveCount > 0).length,
      ),
      ApproximateNumberOfMessagesDelayed: String(
        queue.messages.filter((m) => m.visibleAtMs > now && m.receiveCount === 0).length,
      ),
      CreatedTimestamp: String(Math.floor(queue.createdAtMs / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAtMs / 1000)),
      SqsManagedSseEnabled: "true",
      ...queue.attributes,
    };
    if (names.length === 0) return {};
    if (names.includes("All")) return all;
    const out: Record<string, string> = {};
    for (const name of names) {
      if (!(name in all) && !SETTABLE.has(name)) {
        throw new SqsError("InvalidAttributeName", "InvalidAttributeName", `Unknown Attribute ${name}.`);
      }
      const value = all[name];
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  send(queue: Queue, body: string, delaySeconds?: number): SqsMessage {
    const now = Date.now();
    const delay = delaySeconds ?? Number(queue.attributes.DelaySeconds ?? 0);
    const message: SqsMessage = {
      id: randomUUID(),
      body,
      md5: md5(body),
      sentAtMs: now,
      visibleAtMs: now + delay * 1000,
      receiveCount: 0,
      issued: new Set(),
    };
    queue.messages.push(message);
    this.wake();
    return message;
  }

  /** Takes up to `max` visible messages now, moving those received too often to the dead-letter queue. */
  private take(queue: Queue, max: number, visibilitySeconds: number): SqsMessage[] {
    const now = Date.now();
    const redrive = redrivePolicy(queue.attributes.RedrivePolicy);
    const out: SqsMessage[] = [];
    for (const message of [...queue.messages]) {
      if (out.length >= max) break;
      if (message.visibleAtMs > now) continue;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        const dlq = this.byArn(redrive.deadLetterTargetArn);
        if (dlq) {
          queue.messages.splice(queue.messages.indexOf(message), 1);
          dlq.messages.push({ ...message, receiveCount: 0, visibleAtMs: now, issued: new Set() });
          delete dlq.messages[dlq.messages.length - 1]!.receipt;
          continue;
        }
      }
      message.receiveCount++;
      message.firstReceiveAtMs ??= now;
      message.visibleAtMs = now + visibilitySeconds * 1000;
      message.receipt = Buffer.from(`${queue.arn} ${message.id} ${randomUUID()}`).toString("base64");
      message.issued.add(message.receipt);
      out.push(message);
    }
    return out;
  }

  /** Long polling: waits up to `waitSeconds` for a message, returning as soon as one is visible. */
  async receive(
    queue: Queue,
    max: number,
    visibilitySeconds: number,
    waitSeconds: number,
  ): Promise<SqsMessage[]> {
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      const taken = this.take(queue, max, visibilitySeconds);
      const now = Date.now();
      if (taken.length > 0 || now >= deadline || this.closed) return taken;
      const nextVisible = Math.min(
        ...queue.messages.map((m) => m.visibleAtMs).filter((t) => t > now),
        deadline,
      );
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(nextVisible - now, 5));
        this.waiters.add(wake);
      });
    }
  }

  private findByReceipt(queue: Queue, receipt: string): { message?: SqsMessage; latest: boolean } {
    for (const message of queue.messages) {
      if (message.receipt === receipt) return { message, latest: true };
      if (message.issued.has(receipt)) return { message, latest: false };
    }
    return { latest: false };
  }

  private checkReceipt(queue: Queue, receipt: string): void {
    const decoded = Buffer.from(receipt, "base64").toString("utf8");
    if (!decoded.startsWith(`arn:aws:sqs:`)) {
      throw new SqsError(
        "ReceiptHandleIsInvalid",
        "ReceiptHandleIsInvalid",
        `The input receipt handle "${receipt}" is not a valid receipt handle.`,
      );
    }
    if (!decoded.startsWith(`${queue.arn} `)) {
      throw new SqsError(
        "ReceiptHandleIsInvalid",
        "ReceiptHandleIsInvalid",
        `The input receipt handle "${receipt}" is not a valid for this queue.`,
      );
    }
  }

  /** Deletes with the latest receipt handle; an older or already used one succeeds and deletes nothing. */
  deleteMessage(queue: Queue, receipt: string): void {
    this.checkReceipt(queue, receipt);
    const { message, latest } = this.findByReceipt(queue, receipt);
    if (message && latest) queue.messages.splice(queue.messages.indexOf(message), 1);
  }

  changeVisibility(queue: Queue, receipt: string, seconds: number): void {
    this.checkReceipt(queue, receipt);
    if (seconds < 0 || seconds > 43_200) {
      throw invalidParameter(
        `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.`,
      );
    }
    const { message } = this.findByReceipt(queue, receipt);
    const now = Date.now();
    if (!message || message.visibleAtMs <= now) {
      throw new SqsError(
        "MessageNotInflight",
        "AWS.SimpleQueueService.MessageNotInflight",
        "Message does not exist or is not available for visibility timeout change.",
      );
    }
    message.visibleAtMs = now + seconds * 1000;
    if (seconds === 0) this.wake();
  }

  purge(queue: Queue): void {
    queue.messages = [];
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }
}
