import { UpdateListenerCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { buildTopology } from "@/lib/domain/topology/topology";
import { cloudwatchFor } from "../../aws/cloudwatch";
import { demoEnvironment, type CrawlEnvironment } from "../../config/load-config";
import { createTestRuntimes, type TestRuntimes } from "../../crawl/testing";
import type { Runtime } from "../../runtime";
import { crawlAndRecord } from "../../testing/record-crawl";
import {
  ORDER_CANARY,
  ORDER_LISTENER,
  ORDER_SERVICE,
  ORDER_STABLE,
  orderSplit,
} from "../../testing/demo-history";
import type { MetricsDeps } from "./deps";
import { getMetricSeries } from "./get-metric-series";
import { getMetricsSummary } from "./get-metrics-summary";
import { MetricsStore } from "./metrics-store";

describe("metrics from CloudWatch (the demo emulator's traffic, the real SDK)", () => {
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let emulator: Emulator;
  let env: CrawlEnvironment;
  let topology: Awaited<ReturnType<MetricsDeps["topology"]>>;
  let DEFAULT_TO_STABLE = "";
  let DEFAULT_TO_CANARY = "";

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    env = await demoEnvironment(emulator.url);
    runtimes = await createTestRuntimes();
    runtime = await runtimes.add(env);
    await crawlAndRecord(runtime.history, env);
    const estate = await runtime.history.estateAt("latest");
    topology = buildTopology(estate!.resources, estate!.relations, estate!.scopes);
    // The listener's default action is drawn from its default rule.
    const toStable = topology.edges.find((e) => e.kind === "forward" && e.target === ORDER_STABLE)!;
    DEFAULT_TO_STABLE = toStable.id;
    DEFAULT_TO_CANARY = `forward|${toStable.source}|${ORDER_CANARY}`;
  });

  afterAll(async () => {
    await runtimes?.stop();
    await emulator?.close();
  });

  beforeEach(() => {
    emulator.faults.set({});
  });

  function deps(overrides: Partial<MetricsDeps> = {}): MetricsDeps {
    return {
      settings: env.config.metrics,
      cloudwatch: (accountId, region) => cloudwatchFor(env, accountId, region),
      topology: async () => topology,
      runTimes: async () => undefined,
      now: () => emulator.traffic.now(),
      store: new MetricsStore(),
      ...overrides,
    };
  }

  it("shows the demo's 90/10 split on the forward edges, with rate, error share and p99", async () => {
    const summary = await getMetricsSummary(deps(), { range: "5m" });
    const stable = summary.edges[DEFAULT_TO_STABLE]!;
    const canary = summary.edges[DEFAULT_TO_CANARY]!;
    expect(stable.weightShare).toBeCloseTo(0.9);
    expect(canary.observedShare).toBeGreaterThan(0.085);
    expect(canary.observedShare).toBeLessThan(0.115);
    expect(summary.nodes[ORDER_SERVICE]).toMatchObject({ state: "ok" });
    expect(summary.nodes[ORDER_SERVICE]!.rps).toBeGreaterThan(30);
    expect(summary.nodes[ORDER_CANARY]!.errorRate).toBeGreaterThan(0.011);
    expect(summary.nodes[ORDER_CANARY]!.errorRate).toBeLessThan(0.019);
    expect(summary.nodes[ORDER_CANARY]!.p99).toBeGreaterThan(100);
    expect(summary.totals["account:222233334444"]!.state).toBe("ok");
    expect(summary.scopes.every((s) => s.state === "ok")).toBe(true);
  });

  it("moves the observed split to 50/50 within the metric delay after 50/50 is applied", async () => {
    const lattice = new VPCLatticeClient({
      region: "us-east-1",
      endpoint: emulator.url,
      credentials: { accessKeyId: "AKIATRELLISDEMOORD01", secretAccessKey: "x" },
    });
    await lattice.send(
      new UpdateListenerCommand({
        serviceIdentifier: ORDER_SERVICE,
        listenerIdentifier: ORDER_LISTENER,
        defaultAction: orderSplit(50, 50),
      }),
    );
    lattice.destroy();
    await crawlAndRecord(runtime.history, env);
    const estate = await runtime.history.estateAt("latest");
    const recrawled = buildTopology(estate!.resources, estate!.relations, estate!.scopes);
    const delay = (await (await fetch(`${emulator.url}/_emulator/traffic`)).json()) as {
      metricDelaySeconds: number;
    };
    // A 5-minute window that starts after the change, and ends a metric delay before "now".
    emulator.traffic.advance(5 * 60 + delay.metricDelaySeconds + 60);
    const summary = await getMetricsSummary(deps({ topology: async () => recrawled }), { range: "5m" });
    const canary = summary.edges[DEFAULT_TO_CANARY]!;
    expect(canary.weightShare).toBeCloseTo(0.5);
    expect(canary.observedShare).toBeGreaterThan(0.46);
    expect(canary.observedShare).toBeLessThan(0.54);
  });

  it("reads each account × region in as few GetMetricData calls as its queries need, then serves from the cache", async () => {
    const d = deps();
    const first = await getMetricsSummary(d, { range: "1h" });
    expect(first.cost.cached).toBe(false);
    expect(first.cost.metricsRequested).toBeGreaterThan(0);
    expect(first.cost.getMetricDataCalls).toBe(first.scopes.length);
    expect(first.cost.usd).toBeCloseTo((first.cost.metricsRequested / 1000) * 0.01);
    const before = emulator.calls.snapshot().byOperation["monitoring:GetMetricData"] ?? 0;
    const second = await getMetricsSummary(d, { range: "1h" });
    expect(second.cost).toMatchObject({ cached: true, metricsRequested: 0, usd: 0 });
    expect(emulator.calls.snapshot().byOperation["monitoring:GetMetricData"] ?? 0).toBe(before);
    expect(second.nodes[ORDER_SERVICE]).toEqual(first.nodes[ORDER_SERVICE]);
  });

  it("says 'metrics unavailable' for an account whose role may not read metrics, not zeros", async () => {
    emulator.faults.set({
      accessDenied: [{ accountId: "222233334444", operation: "cloudwatch:GetMetricData" }],
    });
    const summary = await getMetricsSummary(deps(), { range: "5m" });
    expect(summary.nodes[ORDER_SERVICE]).toMatchObject({ state: "unavailable", rps: 0, errorRate: null });
    expect(summary.nodes[ORDER_SERVICE]!.reason).toMatch(/AccessDenied/);
    expect(summary.edges[DEFAULT_TO_CANARY]!.state).toBe("unavailable");
    expect(
      summary.scopes.find((s) => s.accountId === "222233334444" && s.region === "us-east-1"),
    ).toMatchObject({
      state: "unavailable",
    });
    expect(summary.scopes.find((s) => s.accountId === "333344445555")?.state).toBe("ok");
    const series = await getMetricSeries(deps(), { arn: ORDER_CANARY, range: "1h" });
    expect(series).toMatchObject({ state: "unavailable", points: [] });
  });

  it("stops reading when the day's budget is spent", async () => {
    const summary = await getMetricsSummary(
      deps({ settings: { ...env.config.metrics, dailyBudgetUsd: 0 } }),
      {
        range: "5m",
      },
    );
    expect(summary.scopes.every((s) => s.state === "over-budget")).toBe(true);
    expect(summary.nodes[ORDER_SERVICE]!.state).toBe("unavailable");
  });

  it("says metrics are off when the configuration turns them off, and calls nothing", async () => {
    const before = emulator.calls.snapshot().byOperation["monitoring:GetMetricData"] ?? 0;
    const summary = await getMetricsSummary(deps({ settings: { ...env.config.metrics, enabled: false } }), {
      range: "5m",
    });
    expect(summary.nodes[ORDER_SERVICE]).toMatchObject({
      state: "unavailable",
      reason: expect.stringMatching(/turned off/),
    });
    expect(emulator.calls.snapshot().byOperation["monitoring:GetMetricData"] ?? 0).toBe(before);
  });

  it("gives a target group's series for the inspector's charts", async () => {
    const series = await getMetricSeries(deps(), { arn: ORDER_CANARY, range: "1h" });
    expect(series.state).toBe("ok");
    expect(series.window.periodSeconds).toBe(60);
    expect(series.points.length).toBeGreaterThan(50);
    expect(series.points.every((p) => p.p99 !== null && p.rps > 0)).toBe(true);
  });
});
