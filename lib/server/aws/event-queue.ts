import "server-only";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { BaseCredentials } from "./credentials";

/** One message as the consumer needs it: the body to parse and the handle that deletes it. */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  receiveCount: number;
}

export interface EventQueue {
  /** Long-polls up to `waitSeconds`; returns as soon as messages are there. `calls` counts the receives. */
  receive(options: { waitSeconds: number; max?: number; signal?: AbortSignal }): Promise<QueueMessage[]>;
  /** Deletes in batches of ten; returns the handles SQS refused (they come back after the visibility timeout). */
  delete(handles: string[]): Promise<string[]>;
  /** Makes messages visible again at once (a re-read that could not be recorded is retried sooner). */
  release(handles: string[]): Promise<void>;
  destroy(): void;
}

/** The SQS queue an EventBridge rule feeds (AWS JSON protocol through the SDK's own client). */
export function createEventQueue(options: {
  queueUrl: string;
  region: string;
  credentials: BaseCredentials;
  endpoint?: string;
  visibilityTimeoutSeconds: number;
}): EventQueue {
  const sqs = new SQSClient({
    region: options.region,
    credentials: options.credentials,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 3,
    // Longer than the longest long poll (20 s).
    requestHandler: { requestTimeout: 30_000, throwOnRequestTimeout: true, connectionTimeout: 5_000 },
  });
  const QueueUrl = options.queueUrl;
  return {
    async receive({ waitSeconds, max = 10, signal }) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: waitSeconds,
          VisibilityTimeout: options.visibilityTimeoutSeconds,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
        signal ? { abortSignal: signal } : {},
      );
      return (out.Messages ?? []).flatMap((m) =>
        m.MessageId && m.ReceiptHandle && m.Body !== undefined
          ? [
              {
                messageId: m.MessageId,
                receiptHandle: m.ReceiptHandle,
                body: m.Body,
                receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
              },
            ]
          : [],
      );
    },
    async delete(handles) {
      const refused: string[] = [];
      for (let i = 0; i < handles.length; i += 10) {
        const batch = handles.slice(i, i + 10);
        const out = await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: batch.map((ReceiptHandle, n) => ({ Id: String(n), ReceiptHandle })),
          }),
        );
        for (const failed of out.Failed ?? []) refused.push(batch[Number(failed.Id)] ?? "");
      }
      return refused;
    },
    async release(handles) {
      await Promise.all(
        handles.map((ReceiptHandle) =>
          sqs
            .send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout: 0 }))
            .catch(() => undefined),
        ),
      );
    },
    destroy: () => sqs.destroy(),
  };
}

/** The region of an `https://sqs.<region>.amazonaws.com/…` queue URL. */
export function queueRegion(queueUrl: string): string | undefined {
  return /^https?:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(queueUrl)?.[1];
}
