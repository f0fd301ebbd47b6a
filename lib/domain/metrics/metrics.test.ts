import { describe, expect, it } from "vitest";
import { dimensionValueOf, entityOfArn, publishedSet, specsFor } from "./catalog";
import { forwardEdgeTraffic, totalOf, trafficHealth, trafficLabel, trafficWidth } from "./edges";
import { evaluateMetricGate, metricGateSchema, proposeGate } from "./gate";
import { batches, buildQueries, seriesByEntity, toInput } from "./queries";
import { MAX_POINTS_PER_QUERY, rangeWindow, runWindow } from "./ranges";
import { chartPoints, summarize, type TrafficSummary } from "./summary";

const SVC = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const STABLE = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0orderstable00001";
const CANARY = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";

function ok(requests: number, errorRate: number, p99: number, windowSeconds = 300): TrafficSummary {
  return {
    state: "ok",
    requests,
    rps: requests / windowSeconds,
    errorRate,
    clientErrorRate: 0,
    p50: p99 / 4,
    p99,
  };
}

describe("ranges", () => {
  it("chooses periods so that one call answers a range: at most 200 points per query", () => {
    for (const range of ["5m", "1h", "6h", "24h"] as const) {
      const w = rangeWindow(range, Date.UTC(2026, 11, 8, 2, 3, 27));
      expect((w.endMs - w.startMs) / 1000 / w.periodSeconds).toBeLessThanOrEqual(MAX_POINTS_PER_QUERY);
      expect(w.endMs % (w.periodSeconds * 1000)).toBe(0);
    }
    expect(rangeWindow("5m", 0).periodSeconds).toBe(60);
  });

  it("puts a crawl run in the middle of its window", () => {
    const started = Date.UTC(2026, 11, 8, 1, 0, 10);
    const w = runWindow(started, started + 30_000, started + 3_600_000);
    expect(w.startMs).toBeLessThanOrEqual(started - 15 * 60_000);
    expect(w.endMs).toBeGreaterThanOrEqual(started + 30_000 + 15 * 60_000);
    expect(w.periodSeconds).toBe(60);
  });
});

describe("queries", () => {
  it("asks only for what ListMetrics says is published, batched 500 per call", () => {
    const entity = entityOfArn(SVC)!;
    expect(entity).toMatchObject({ kind: "service", id: "svc-0order00000000001", accountId: "222233334444" });
    const published = publishedSet([
      { metricName: "TotalRequestCount", dimensions: [{ name: "Service", value: entity.id }] },
      { metricName: "HTTPCode_5XX_Count", dimensions: [{ name: "Service", value: entity.id }] },
      {
        metricName: "TotalRequestCount",
        dimensions: [
          { name: "Service", value: entity.id },
          { name: "AvailabilityZone", value: "use1-az1" },
        ],
      },
    ]);
    const specs = specsFor(published, entity);
    expect(specs.map((s) => s.key)).toEqual(["requests", "errors5xx"]);
    // An account that publishes ARNs as dimension values is matched by id and queried with the ARN.
    const byArn = publishedSet([
      { metricName: "TotalRequestCount", dimensions: [{ name: "Service", value: SVC }] },
    ]);
    expect(specsFor(byArn, entity).map((s) => s.key)).toEqual(["requests"]);
    expect(
      toInput(
        buildQueries([
          { entity, specs: specsFor(byArn, entity), dimensionValue: dimensionValueOf(byArn, entity) },
        ])[0]!,
        60,
      ).MetricStat.Metric.Dimensions,
    ).toEqual([{ Name: "Service", Value: SVC }]);
    const queries = buildQueries(Array.from({ length: 600 }, () => ({ entity, specs })));
    expect(queries).toHaveLength(1200);
    expect(batches(queries).map((b) => b.length)).toEqual([500, 500, 200]);
    expect(toInput(queries[0]!, 60)).toEqual({
      Id: "q0",
      MetricStat: {
        Metric: {
          Namespace: "AWS/VpcLattice",
          MetricName: "TotalRequestCount",
          Dimensions: [{ Name: "Service", Value: "svc-0order00000000001" }],
        },
        Period: 60,
        Stat: "Sum",
      },
      ReturnData: true,
    });
  });

  it("summarises a series: rate, error share, latency; zeros are no traffic, nothing is no data", () => {
    const entity = entityOfArn(CANARY)!;
    const queries = buildQueries([
      {
        entity,
        specs: [
          { key: "requests", metricName: "TotalRequestCount", stat: "Sum" },
          { key: "errors5xx", metricName: "HTTPCode_5XX_Count", stat: "Sum" },
          { key: "p99", metricName: "RequestTime", stat: "p99" },
        ],
      },
    ]);
    const series = seriesByEntity(queries, [
      { id: "q0", timestamps: [120_000, 60_000], values: [300, 100] },
      { id: "q1", timestamps: [120_000, 60_000], values: [30, 0] },
      { id: "q2", timestamps: [120_000, 60_000], values: [200, 100] },
    ]).get(CANARY);
    const s = summarize(series, 60);
    expect(s).toMatchObject({ state: "ok", requests: 400, errorRate: 0.075 });
    expect(s.rps).toBeCloseTo(400 / 120);
    expect(s.p99).toBeCloseTo(175);
    expect(chartPoints(series, 60).map((p) => p.t)).toEqual([60_000, 120_000]);
    expect(summarize({ requests: [{ t: 0, v: 0 }] }, 60).state).toBe("no-traffic");
    expect(summarize(undefined, 60).state).toBe("no-data");
  });
});

describe("edges", () => {
  it("splits a target group two rules share by each rule's measured rate", () => {
    const edges = [
      { id: "d-stable", source: "default", target: STABLE, weight: 90 },
      { id: "d-canary", source: "default", target: CANARY, weight: 10 },
      { id: "h-canary", source: "header", target: CANARY, weight: 1 },
    ];
    const traffic = forwardEdgeTraffic(
      edges,
      new Map([
        [STABLE, ok(9000, 0.002, 95)],
        [CANARY, ok(1030, 0.012, 140)],
      ]),
    );
    expect(traffic.get("d-stable")).toMatchObject({ requests: 9000, estimated: false, weightShare: 0.9 });
    expect(traffic.get("d-canary")!.requests).toBeCloseTo(1000);
    expect(traffic.get("h-canary")!.requests).toBeCloseTo(30);
    expect(traffic.get("d-canary")!.observedShare).toBeCloseTo(1000 / 10000);
  });

  it("draws edges by traffic and error rate, and says what it does not know", () => {
    expect(trafficHealth(ok(100, 0.002, 10))).toBe("healthy");
    expect(trafficHealth(ok(100, 0.02, 10))).toBe("degraded");
    expect(trafficHealth(ok(100, 0.2, 10))).toBe("failing");
    expect(trafficHealth(ok(100, 0.02, 10), { degradedPercent: 5, failingPercent: 10 })).toBe("healthy");
    expect(trafficWidth(0)).toBeLessThan(trafficWidth(10));
    expect(trafficWidth(1e6)).toBe(8);
    expect(trafficLabel({ state: "ok", rps: 12.34, errorRate: 0.004, p99: 95 })).toBe(
      "12.3 req/s · 0.4 % 5xx · p99 95 ms",
    );
    expect(trafficLabel({ state: "no-traffic", rps: 0, errorRate: null, p99: null })).toBe("no traffic");
    expect(trafficLabel({ state: "unavailable", rps: 0, errorRate: null, p99: null })).toBe(
      "metrics unavailable",
    );
    const total = totalOf([
      ok(100, 0.1, 50),
      ok(300, 0, 80),
      { ...ok(0, 0, 0), state: "no-data", errorRate: null },
    ]);
    expect(total.requests).toBe(400);
    expect(total.errorRate).toBeCloseTo(0.025);
    expect(total.p99).toBe(80);
  });
});

describe("metric gate", () => {
  const gate = metricGateSchema.parse({
    maxErrorPercent: 5,
    maxErrorPointsOverStable: 2,
    maxP99Ms: 300,
    minRequests: 100,
  });

  it("fails on the canary's error rate, absolute or against stable, with the numbers", () => {
    const failed = evaluateMetricGate(ok(500, 0.12, 100), ok(5000, 0.002, 90), gate);
    expect(failed.verdict).toBe("fail");
    expect(failed.reason).toBe(
      "canary 5xx 12 % over 500 requests in the last 5 min (stable 0.2 %): above the 5 % limit",
    );
    expect(evaluateMetricGate(ok(500, 0.03, 100), ok(5000, 0.002, 90), gate)).toMatchObject({
      verdict: "fail",
      reason: expect.stringContaining("more than 2 points above stable"),
    });
  });

  it("checks p99 against the absolute limit or the stable ratio, whichever the gate allows", () => {
    expect(evaluateMetricGate(ok(500, 0.001, 900), ok(5000, 0.001, 90), gate).verdict).toBe("fail");
    const either = { ...gate, maxP99Ratio: 2 };
    expect(evaluateMetricGate(ok(500, 0.001, 400), ok(5000, 0.001, 250), either).verdict).toBe("pass");
  });

  it("waits with too little traffic or no metrics, instead of passing", () => {
    expect(evaluateMetricGate(ok(12, 0, 10), ok(5000, 0, 10), gate)).toMatchObject({
      verdict: "wait",
      reason: "canary served 12 requests in the last 5 min (the gate needs 100)",
    });
    expect(
      evaluateMetricGate(
        { ...ok(0, 0, 0), state: "unavailable", reason: "AccessDenied" },
        ok(5000, 0, 10),
        gate,
      ).verdict,
    ).toBe("wait");
  });

  it("proposes defaults from the last hour's baseline", () => {
    const proposed = proposeGate(ok(3600 * 28, 0.002, 95, 3600), ok(3600 * 3, 0.012, 140, 3600));
    expect(proposed.maxErrorPercent).toBe(2);
    expect(proposed.maxP99Ms).toBe(190);
    expect(proposed.minRequests).toBe(200);
    expect(metricGateSchema.safeParse(proposed).success).toBe(true);
  });
});
