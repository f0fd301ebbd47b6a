import { describe, expect, it } from "vitest";
import { buildWorld } from "../scenario";
import { computeFlow, mixtureQuantile, TrafficModel } from "./traffic";
import { trafficConfigSchema } from "./traffic-config";

const CONFIG = trafficConfigSchema.parse({
  services: [{ service: "order", requestsPerSecond: 100, rules: { "api-v2": 0.2, "canary-header": 0 } }],
  targetGroups: [{ targetGroup: "order-canary", errorRate: 0.05 }],
  timeline: [{ afterSeconds: 60, targetGroup: "order-canary", errorRate: 0.2 }],
  switches: { "canary-fails": [{ targetGroup: "order-canary", errorRate: 0.5 }] },
});

describe("traffic model", () => {
  it("splits a service's requests by rule share, then by live weight among groups with a healthy target", () => {
    const world = buildWorld({ name: "demo" });
    const flow = computeFlow(world, CONFIG);
    expect(flow.targetGroups.get("tg-0orderv2000000001")?.rps).toBeCloseTo(20);
    expect(flow.targetGroups.get("tg-0orderstable00001")?.rps).toBeCloseTo(72);
    expect(flow.targetGroups.get("tg-0ordercanary00001")?.rps).toBeCloseTo(8);
    // No healthy canary target left: its share goes to the stable group, as VPC Lattice does.
    const canary = world.region("us-east-1").targetGroups.get("tg-0ordercanary00001")!;
    for (const t of canary.targets) t.status = "UNHEALTHY";
    const after = computeFlow(world, CONFIG);
    expect(after.targetGroups.get("tg-0ordercanary00001")).toBeUndefined();
    expect(after.targetGroups.get("tg-0orderstable00001")?.rps).toBeCloseTo(80);
  });

  it("answers with each group's quality at a time: scenario, timeline, then switches", () => {
    const world = buildWorld({ name: "demo" });
    const model = new TrafficModel(CONFIG, world);
    const tg = { id: "tg-0ordercanary00001", name: "order-canary" };
    expect(model.qualityAt(tg, world.loadedAtMs + 1_000).errorRate).toBe(0.05);
    expect(model.qualityAt(tg, world.loadedAtMs + 61_000).errorRate).toBe(0.2);
    model.setSwitches(["canary-fails"]);
    expect(model.qualityAt(tg, Date.now() + 1).errorRate).toBe(0.5);
    expect(() => model.setSwitches(["no-such-switch"])).toThrow(/Unknown traffic switch/);
    // Letting time pass moves what was recorded into the past: the switch is now a minute old.
    const before = model.switchEvents[0]!.atMs;
    model.advance(60);
    expect(model.switchEvents[0]!.atMs).toBe(before - 60_000);
  });

  it("computes latency percentiles of a mixture of groups", () => {
    const one = mixtureQuantile([{ weight: 1, p50: 20, p99: 100 }], 0.99)!;
    expect(one).toBeCloseTo(100, 0);
    expect(mixtureQuantile([{ weight: 1, p50: 20, p99: 100 }], 0.5)).toBeCloseTo(20, 0);
    // A slow tenth of the requests dominates the mixture's p99.
    const mixed = mixtureQuantile(
      [
        { weight: 9, p50: 20, p99: 100 },
        { weight: 1, p50: 300, p99: 900 },
      ],
      0.99,
    )!;
    expect(mixed).toBeGreaterThan(500);
    expect(mixed).toBeLessThan(900);
    expect(mixtureQuantile([], 0.5)).toBeUndefined();
  });
});
