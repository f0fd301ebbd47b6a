/**
 * npm run bench:freshness — a generated estate (20 accounts × 100 services by default) served by the emulator at
 * 50 ms per call, with its events on (CloudTrail → EventBridge → SQS after --event-delay ms). After one crawl,
 * external writes (UpdateListener with new weights, RegisterTargets) are made with the SDK as each account's
 * developer; for each, the time from the write returning to the map's API (getTopology, what /api/topology
 * serves) showing it, and the AWS calls the event's re-read made against the minimum.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { RegisterTargetsCommand, UpdateListenerCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { cleanups, emulatorControl, shutdown, startGeneratedEmulator } from "./support";
import { demoEnvironment } from "@/lib/server/config/load-config";
import { openDatabase } from "@/lib/server/db/database";
import { createRuntime } from "@/lib/server/runtime";
import { enqueueCrawl } from "@/lib/server/crawl/jobs";
import { startCrawlWorker } from "@/lib/server/crawl/worker";
import { startEventConsumer, type EventBatchResult } from "@/lib/server/events/consumer";
import { getTopology } from "@/lib/server/services/topology/get-topology";
import { crawlScopes } from "@/lib/domain/config/config";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "20" },
    services: { type: "string", default: "100" },
    latency: { type: "string", default: "50" },
    "event-delay": { type: "string", default: "1000" },
    writes: { type: "string", default: "20" },
  },
});
const accounts = Number(values.accounts);
const servicesPerAccount = Number(values.services);
const latencyMs = Number(values.latency);
const eventDelayMs = Number(values["event-delay"]);
const writes = Number(values.writes);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Scenario {
  defaultAccountId: string;
  identities: { accessKeyId: string; secretAccessKey: string; accountId: string; arn: string }[];
}

async function main() {
  console.log(
    `bench:freshness — ${accounts} accounts × ${servicesPerAccount} services, ${latencyMs} ms per AWS call, event delay ${eventDelayMs} ms, ${writes} writes`,
  );
  const emulatorUrl = await startGeneratedEmulator(accounts, servicesPerAccount);
  const scenario = (await emulatorControl(emulatorUrl, "GET", "/scenario")) as unknown as Scenario;
  await emulatorControl(emulatorUrl, "PUT", "/events", {
    queueArn: `arn:aws:sqs:us-east-1:${scenario.defaultAccountId}:trellis-events`,
    delayMs: eventDelayMs,
  });

  const dataDir = await mkdtemp(path.join(tmpdir(), "trellis-bench-"));
  await chmod(dataDir, 0o755);
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const db = await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL, dataDir, poolSize: 10 });
  const baseEnv = await demoEnvironment(emulatorUrl);
  if (!baseEnv.config.events) throw new Error("the emulator has no event queue");
  const crawlEnv = {
    ...baseEnv,
    config: {
      ...baseEnv.config,
      crawl: { ...baseEnv.config.crawl, maxAttempts: 3, intervalSeconds: 0, healthIntervalSeconds: 0 },
    },
  };
  const runtime = await createRuntime({ db, crawlEnv });
  cleanups.push(() => runtime.stop());
  const worker = await startCrawlWorker(runtime, {
    concurrency: crawlScopes(crawlEnv.config).length,
    pollingIntervalSeconds: 0.5,
  });
  cleanups.push(() => worker.stop());

  // The first crawl without latency (bench:crawl measures crawls); the writes and re-reads with it.
  const crawlStarted = performance.now();
  const { runId } = await enqueueCrawl(runtime, { trigger: "manual" });
  for (;;) {
    const run = await runtime.history.getRun(runId);
    if (run && run.status !== "queued" && run.status !== "running") break;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(
    `first crawl:          run ${runId} in ${((performance.now() - crawlStarted) / 1000).toFixed(1)} s`,
  );
  await emulatorControl(emulatorUrl, "PUT", "/faults", { latencyMs });

  const batches: EventBatchResult[] = [];
  const consumer = startEventConsumer(
    runtime,
    { ...baseEnv.config.events, waitTimeSeconds: 20 },
    {
      onBatch: (batch) => batches.push(batch),
    },
  );
  cleanups.push(() => consumer.stop());

  const deps = { history: runtime.history, crawlEnv };
  const topology = async () => (await getTopology(deps, { run: "latest" })).topology;
  const estate = await topology();
  // Default rules that forward, with their listener and the groups they forward to.
  const defaults = estate.nodes
    .filter((n) => n.kind === "rule" && n.name === "default")
    .map((rule) => ({
      rule,
      forwards: estate.edges.filter((e) => e.kind === "forward" && e.source === rule.id),
    }))
    .filter((d) => d.forwards.length > 0 && d.rule.region === "us-east-1");
  // RegisterTargets with an IP address: IP target groups in the region the clients write to.
  const groups = estate.nodes.filter(
    (n) => n.kind === "target-group" && n.region === "us-east-1" && n.data?.type === "IP",
  );
  const clients = new Map<string, VPCLatticeClient>();
  const clientFor = (accountId: string) => {
    let client = clients.get(accountId);
    if (!client) {
      const identity = scenario.identities.find((i) => i.accountId === accountId);
      if (!identity) throw new Error(`no identity for ${accountId}`);
      client = new VPCLatticeClient({
        region: "us-east-1",
        endpoint: emulatorUrl,
        credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
        maxAttempts: 1,
      });
      clients.set(accountId, client);
    }
    return client;
  };

  const latencies: number[] = [];
  const kinds: Record<string, number[]> = { UpdateListener: [], RegisterTargets: [] };
  for (let i = 0; i < writes; i++) {
    const updateListener = i % 4 !== 3;
    const before = batches.length;
    let shows: (t: Awaited<ReturnType<typeof topology>>) => boolean;
    if (updateListener) {
      const { rule, forwards } = defaults[(i * 7919) % defaults.length]!;
      const listenerArn = rule.parentId ?? rule.id.replace(/\/rule\/[^/]+$/, "");
      const serviceArn = listenerArn.replace(/\/listener\/[^/]+$/, "");
      const weight = 1 + ((i * 37) % 98);
      await clientFor(rule.accountId).send(
        new UpdateListenerCommand({
          serviceIdentifier: serviceArn.split("/").at(-1),
          listenerIdentifier: listenerArn.split("/").at(-1),
          defaultAction: {
            forward: {
              targetGroups: forwards.map((edge, n) => ({
                targetGroupIdentifier: edge.target.split("/").at(-1),
                weight: n === 0 ? weight : 100 - weight,
              })),
            },
          },
        }),
      );
      const first = forwards[0]!;
      shows = (t) => t.edges.some((e) => e.id === first.id && e.weight === weight);
    } else {
      const group = groups[(i * 104729) % groups.length]!;
      const ip = `10.250.${i % 250}.${(i * 13) % 250}`;
      const registered = await clientFor(group.accountId).send(
        new RegisterTargetsCommand({
          targetGroupIdentifier: group.id.split("/").at(-1),
          targets: [{ id: ip, port: 8080 }],
        }),
      );
      if (registered.unsuccessful?.length) {
        throw new Error(`RegisterTargets refused ${ip}: ${JSON.stringify(registered.unsuccessful)}`);
      }
      shows = (t) =>
        t.nodes.some((n) => n.kind === "target" && n.parentId === group.id && n.name === `${ip}:8080`);
    }
    const written = performance.now();
    for (;;) {
      if (shows(await topology())) break;
      if (performance.now() - written > 60_000) throw new Error(`write ${i} did not show within 60 s`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const ms = performance.now() - written;
    latencies.push(ms);
    kinds[updateListener ? "UpdateListener" : "RegisterTargets"]!.push(ms);
    // Let the batch that carried it be counted before the next write.
    while (batches.length === before) await new Promise((r) => setTimeout(r, 10));
  }
  await consumer.stop();

  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const goalMs = 5_000 + eventDelayMs;
  const refreshed = batches.filter((b) => b.runId !== undefined);
  const events = refreshed.reduce((n, b) => n + b.events, 0);
  const calls = refreshed.reduce((n, b) => n + b.calls, 0);
  console.log(
    `writes shown:         ${latencies.length} (${kinds.UpdateListener!.length} UpdateListener, ${kinds.RegisterTargets!.length} RegisterTargets)`,
  );
  console.log(
    `write → map API:      p50 ${(p50 / 1000).toFixed(2)} s, p95 ${(p95 / 1000).toFixed(2)} s (goal p95 ≤ 5 s + event delay = ${(goalMs / 1000).toFixed(1)} s: ${(p95 / goalMs).toFixed(2)}× of it)`,
  );
  console.log(
    `  of which delay:     ${(eventDelayMs / 1000).toFixed(2)} s event delay; p50 beyond it ${((p50 - eventDelayMs) / 1000).toFixed(2)} s`,
  );
  console.log(
    `AWS calls per event:  ${(calls / Math.max(events, 1)).toFixed(2)} (${calls} calls for ${events} events, role sessions included; goal ≤ 5)`,
  );
  console.log(
    "  minimum:            UpdateListener 1 (GetListener; Trellis also lists the rules, 2, to place the default rule), RegisterTargets 1 (ListTargets; Trellis reads the group and its tags too, 3)",
  );
  for (const client of clients.values()) client.destroy();
  await shutdown(0);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await shutdown(1);
});
