import "server-only";
import { onShutdown } from "../observability/shutdown";
import type { Runtime } from "../runtime";
import { startEventConsumer } from "./consumer";
import { startHealthPoller } from "./health-poller";

/**
 * What keeps the estate fresh between crawls, started beside a crawl worker: the event consumer when a queue is
 * configured (without one, the scheduled crawls are all there is), and the target health poller.
 */
export function startFreshness(runtime: Runtime, log: (line: string) => void): void {
  const events = runtime.crawlEnv.config.events;
  if (events) {
    const consumer = startEventConsumer(runtime, events, { log });
    onShutdown({ name: "event consumer", phase: "work", stop: () => consumer.stop() });
    log(`event consumer started on ${events.queueUrl}`);
  } else {
    log("no event queue configured: the estate is refreshed by scheduled crawls only");
  }
  const health = startHealthPoller(runtime, log);
  onShutdown({ name: "health poller", phase: "work", stop: () => health.stop() });
}
