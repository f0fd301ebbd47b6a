import "server-only";
import { parseBusEvent, type BusEvent } from "@/lib/domain/events/bus-event";
import { causeOf, planRefresh, rootOf, targetKey, type ScopePlan } from "@/lib/domain/events/refresh-plan";
import { crawlScopes, type EventSettings } from "@/lib/domain/config/config";
import type { ScopeSnapshot } from "@/lib/domain/topology/snapshot";
import { baseCredentials } from "../aws/credentials";
import { createEventQueue, queueRegion, type EventQueue, type QueueMessage } from "../aws/event-queue";
import { enqueueCrawl } from "../crawl/jobs";
import { useClusterLimits } from "../crawl/cluster-limits";
import { createScopeRefresher, type ScopeRefresher } from "../crawl/refresh-account-region";
import { noteEvent, type RefreshRecordInput } from "../db/estate-refresh";
import { beat } from "../db/freshness";
import type { Runtime } from "../runtime";

export interface EventBatchResult {
  messages: number;
  events: number;
  ignored: number;
  invalid: number;
  /** The event run that recorded the re-reads, if any. */
  runId?: number;
  crawls: number;
  calls: number;
  versions: number;
  attributed: number;
}

export interface EventConsumerOptions {
  log?: (line: string) => void;
  /** Called after the re-reads, before anything is recorded (tests make it throw to stand for a crash). */
  beforeRecord?: () => Promise<void>;
  onBatch?: (result: EventBatchResult) => void;
}

export interface EventConsumer {
  stop(): Promise<void>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Processes one batch of messages at least once: the re-reads are recorded (and crawls queued) first, and only
 * then are the messages deleted. A crash in between leaves them on the queue; they come back after the visibility
 * timeout and are processed again, which changes nothing that is already right.
 */
export async function processEventBatch(
  runtime: Runtime,
  refresher: ScopeRefresher,
  queue: EventQueue,
  messages: QueueMessage[],
  options: Pick<EventConsumerOptions, "beforeRecord" | "log"> = {},
): Promise<EventBatchResult> {
  const log = options.log ?? (() => undefined);
  const events: BusEvent[] = [];
  const done: string[] = [];
  let invalid = 0;
  for (const message of messages) {
    const parsed = parseBusEvent(message.body);
    if (parsed.ok) {
      events.push(parsed.event);
      done.push(message.receiptHandle);
    } else {
      // Left on the queue: after its receives run out, the dead-letter queue keeps it for a person to look at.
      invalid++;
      log(`event message ${message.messageId} skipped: ${parsed.reason}`);
    }
  }
  const configured = new Set(crawlScopes(runtime.crawlEnv.config).map((s) => `${s.accountId}:${s.region}`));
  const plan = planRefresh(events, (scope) => configured.has(`${scope.accountId}:${scope.region}`));
  const result: EventBatchResult = {
    messages: messages.length,
    events: events.length,
    ignored: plan.ignored.length,
    invalid,
    crawls: 0,
    calls: 0,
    versions: 0,
    attributed: 0,
  };
  const planned = plan.scopes.filter((scope) => !scope.crawl);
  const snapshots = await Promise.all(
    planned.map(async (scope) => {
      const first = await refresher.refresh(scope.scope, scope.targets);
      if (first.errors.length === 0) return first;
      // Once more with a new role session (an expired or revoked one fails every read).
      refresher.forget(scope.scope);
      const again = await refresher.refresh(scope.scope, scope.targets);
      return { ...again, calls: again.calls + first.calls };
    }),
  );
  await options.beforeRecord?.();
  const crawlInstead: ScopePlan[] = plan.scopes.filter((scope) => scope.crawl);
  const changing: { scope: ScopePlan; snapshot: ScopeSnapshot }[] = [];
  for (const [i, scope] of planned.entries()) {
    const snapshot = snapshots[i]!;
    result.calls += snapshot.calls;
    // A re-read that could not read everything it names is no proof of the store being right: crawl the scope.
    if (snapshot.errors.length > 0) {
      log(
        `event re-read of ${scope.scope.accountId}/${scope.scope.region} failed (${snapshot.errors[0]?.message}); crawling the scope`,
      );
      crawlInstead.push(scope);
    } else if (await runtime.history.refreshWouldChange(snapshot)) {
      changing.push({ scope, snapshot });
    } else {
      result.attributed += await runtime.history.attributeEarlier({
        ...recordInput(scope, snapshot),
        runId: 0,
      });
    }
  }
  if (changing.length > 0) {
    const run = await runtime.history.startRun({ trigger: "event", progressTotal: changing.length });
    result.runId = run.id;
    for (const { scope, snapshot } of changing) {
      const recorded = await runtime.history.recordRefresh(run.id, recordInput(scope, snapshot));
      result.versions += recorded.versionsAdded + recorded.versionsClosed;
      result.attributed += recorded.attributed;
    }
    await runtime.history.setRunProgress(run.id, { done: changing.length, total: changing.length });
    await runtime.history.finishRun(run.id);
  }
  for (const scope of crawlInstead) {
    await enqueueCrawl(runtime, { trigger: "event", only: scope.scope });
    const last = latestEvent(scope);
    if (last) await noteEvent(runtime.db.pool, scope.scope, last);
    result.crawls++;
  }
  const refused = await queue.delete(done);
  if (refused.length > 0)
    log(`${refused.length} event message(s) could not be deleted; they will be read again`);
  return result;
}

function recordInput(scope: ScopePlan, snapshot: ScopeSnapshot): RefreshRecordInput {
  const lastEvent = latestEvent(scope);
  return {
    snapshot,
    causeOf: (subject) => causeOf(scope, subject),
    ...(lastEvent ? { lastEvent } : {}),
    roots: scope.targets.flatMap((target) => {
      const event = scope.causes.get(targetKey(target))?.at(-1);
      return event ? [{ root: rootOf(target), eventTime: event.time }] : [];
    }),
  };
}

function latestEvent(plan: ScopePlan): BusEvent | undefined {
  return [...plan.causes.values()]
    .flat()
    .sort((a, b) => a.time.localeCompare(b.time))
    .at(-1);
}

/**
 * Long-polls the configured queue and keeps the store fresh within seconds of a change: each batch of events is
 * mapped to the smallest re-reads (lib/domain/events) and recorded as a run of its own.
 */
export function startEventConsumer(
  runtime: Runtime,
  settings: EventSettings,
  options: EventConsumerOptions = {},
): EventConsumer {
  const log = options.log ?? (() => undefined);
  const env = runtime.crawlEnv;
  const queue = createEventQueue({
    queueUrl: settings.queueUrl,
    region: settings.region ?? queueRegion(settings.queueUrl) ?? env.config.regions[0] ?? "us-east-1",
    credentials: baseCredentials(env.credentials),
    ...(env.endpoints?.sqs ? { endpoint: env.endpoints.sqs } : {}),
    visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
  });
  const crawl = env.config.crawl;
  const lease = useClusterLimits(runtime.db.pool, {
    concurrency: crawl.concurrency,
    perAccountConcurrency: crawl.perAccountConcurrency,
  });
  const refresher = createScopeRefresher(env, lease.limits);
  const stopping = new AbortController();

  const loop = (async () => {
    // The first receive does not wait, so the feed's status says it polls as soon as a call has succeeded, not
    // one long poll later (until then the map would show the last process's heartbeat).
    let waitSeconds = 0;
    while (!stopping.signal.aborted) {
      let messages: QueueMessage[];
      try {
        messages = await queue.receive({ waitSeconds, signal: stopping.signal });
        waitSeconds = settings.waitTimeSeconds;
        await beat(runtime.db.pool, "events", settings.queueUrl, 0);
      } catch (error) {
        if (stopping.signal.aborted) break;
        const message = error instanceof Error ? error.message : String(error);
        log(`event queue ${settings.queueUrl}: ${message}`);
        await beat(runtime.db.pool, "events", settings.queueUrl, 0, message).catch(() => undefined);
        await sleep(5_000, stopping.signal);
        continue;
      }
      if (messages.length === 0) continue;
      try {
        if (settings.batchWindowMs > 0) {
          await sleep(settings.batchWindowMs, stopping.signal);
          for (let more = 1; more > 0 && messages.length < 100;) {
            const next = await queue.receive({ waitSeconds: 0 });
            more = next.length;
            messages.push(...next);
          }
        }
        const result = await processEventBatch(runtime, refresher, queue, messages, options);
        options.onBatch?.(result);
        log(
          `events: ${result.events} in ${result.messages} message(s)` +
            (result.runId
              ? `, run ${result.runId}: ${result.calls} AWS calls, ${result.versions} versions`
              : "") +
            (result.crawls ? `, ${result.crawls} scope crawl(s) queued` : "") +
            (result.ignored ? `, ${result.ignored} ignored` : ""),
        );
      } catch (error) {
        // Not deleted: the messages come back after the visibility timeout and are processed again.
        log(`event batch failed, will be retried: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        await loop;
        refresher.destroy();
        queue.destroy();
        await lease.release();
      })();
      return stopped;
    },
  };
}
