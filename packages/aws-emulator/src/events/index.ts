import { z } from "zod";
import { createRandom } from "../core/random";
import type { SqsState } from "../sqs/queues";
import type { BusEvent } from "./cloudtrail";

export const eventConfigSchema = z
  .object({
    /** The queue EventBridge's rule delivers to (`arn:aws:sqs:{region}:{account}:{name}`); unset: no events. */
    queueArn: z
      .string()
      .regex(/^arn:aws:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/, "queueArn must be an SQS queue ARN")
      .optional(),
    /** From the write to the message on the queue (CloudTrail and EventBridge take seconds to minutes). */
    delayMs: z.number().int().min(0).max(600_000).default(1_000),
    /** Lost events (EventBridge delivery is best effort). */
    dropRate: z.number().min(0).max(1).default(0),
    /** Events delivered twice. */
    duplicateRate: z.number().min(0).max(1).default(0),
    /** Events held back `reorderDelayMs` longer, so later ones overtake them. */
    reorderRate: z.number().min(0).max(1).default(0),
    reorderDelayMs: z.number().int().min(0).max(600_000).default(2_000),
    seed: z.number().int().default(1),
  })
  .strict();
export type EventConfig = z.infer<typeof eventConfigSchema>;
export type EventConfigInput = z.input<typeof eventConfigSchema>;

export interface EventStats {
  produced: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  /** No queue configured, or the configured queue does not exist. */
  undeliverable: number;
  pending: number;
}

/**
 * CloudTrail → EventBridge → SQS: events of writes are put on the configured queue after the delay, with the
 * configured faults decided by a seeded generator so a run is reproducible.
 */
export class EventFeed {
  config: EventConfig;
  private random: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stats: Omit<EventStats, "pending"> = {
    produced: 0,
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    reordered: 0,
    undeliverable: 0,
  };

  constructor(
    private readonly sqs: SqsState,
    input: EventConfigInput = {},
  ) {
    this.config = eventConfigSchema.parse(input);
    this.random = createRandom(this.config.seed);
    this.ensureQueue();
  }

  set(input: EventConfigInput): EventConfig {
    this.config = eventConfigSchema.parse(input);
    this.random = createRandom(this.config.seed);
    this.ensureQueue();
    return this.config;
  }

  /** What the central account's stack creates: the queue, with a dead-letter queue after 5 receives. */
  private ensureQueue(): void {
    const m = /^arn:aws:sqs:([^:]+):(\d{12}):(.+)$/.exec(this.config.queueArn ?? "");
    if (!m || this.sqs.byArn(this.config.queueArn ?? "")) return;
    const [, region, accountId, name] = m as unknown as [string, string, string, string];
    const dlq =
      this.sqs.find(region, accountId, `${name}-dlq`) ??
      this.sqs.create(region, accountId, `${name}-dlq`, { MessageRetentionPeriod: "1209600" });
    this.sqs.create(region, accountId, name, {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
    });
  }

  snapshot(): EventStats {
    return { ...this.stats, pending: this.timers.size };
  }

  publish(events: BusEvent[]): void {
    for (const event of events) {
      this.stats.produced++;
      const { queueArn } = this.config;
      if (!queueArn) {
        this.stats.undeliverable++;
        continue;
      }
      if (this.random() < this.config.dropRate) {
        this.stats.dropped++;
        continue;
      }
      let delay = this.config.delayMs;
      if (this.random() < this.config.reorderRate) {
        this.stats.reordered++;
        delay += this.config.reorderDelayMs;
      }
      const copies = this.random() < this.config.duplicateRate ? 2 : 1;
      if (copies === 2) this.stats.duplicated++;
      const body = JSON.stringify(event);
      for (let i = 0; i < copies; i++) this.later(delay + i, () => this.deliver(queueArn, body));
    }
  }

  private later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private deliver(queueArn: string, body: string): void {
    const queue = this.sqs.byArn(queueArn);
    if (!queue) {
      this.stats.undeliverable++;
      return;
    }
    this.sqs.send(queue, body, 0);
    this.stats.delivered++;
  }

  resetStats(): void {
    this.stats = { produced: 0, delivered: 0, dropped: 0, duplicated: 0, reordered: 0, undeliverable: 0 };
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
