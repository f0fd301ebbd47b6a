import { describe, expect, it } from "vitest";
import { buildTopology, type TopologyRelationInput, type TopologyResourceInput } from "../topology/topology";
import {
  formatPercent,
  forwardEdgeShares,
  forwardSplitsByRule,
  largestRemainderPercents,
  receivesWeightWithoutHealthyTarget,
  splitForward,
  summarizeTargetStatuses,
  targetGroupHealthIndex,
  targetGroupsWithoutHealthyTarget,
  targetReceivesTraffic,
  type TargetGroupHealth,
} from "./weights";

const health = (...statuses: string[]): TargetGroupHealth => summarizeTargetStatuses(statuses);

describe("targetReceivesTraffic", () => {
  it("sends requests to HEALTHY and UNAVAILABLE (health checks off) targets only", () => {
    expect(["HEALTHY", "UNAVAILABLE"].map(targetReceivesTraffic)).toEqual([true, true]);
    expect(["UNHEALTHY", "INITIAL", "DRAINING", "UNUSED", undefined].map(targetReceivesTraffic)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("summarises statuses into counts and serving targets", () => {
    expect(health("HEALTHY", "UNHEALTHY", "DRAINING", "UNAVAILABLE")).toMatchObject({
      total: 4,
      serving: 2,
      counts: { HEALTHY: 1, UNHEALTHY: 1, DRAINING: 1, UNAVAILABLE: 1, INITIAL: 0, UNUSED: 0 },
    });
  });
});

describe("largestRemainderPercents", () => {
  it("adds up to 100 with the largest remainders rounded up", () => {
    expect(largestRemainderPercents([1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainderPercents([10, 20])).toEqual([33, 67]);
    expect(largestRemainderPercents([90, 10])).toEqual([90, 10]);
    expect(largestRemainderPercents([999, 1])).toEqual([100, 0]);
  });

  it("gives all zeros when the weights sum to zero", () => {
    expect(largestRemainderPercents([0, 0])).toEqual([0, 0]);
  });
});

describe("splitForward", () => {
  const healthy = health("HEALTHY", "HEALTHY");
  const byId: Record<string, TargetGroupHealth> = {
    stable: healthy,
    canary: health("HEALTHY", "UNHEALTHY"),
    dead: health("UNHEALTHY", "DRAINING", "INITIAL"),
    lambda: health("UNAVAILABLE"),
    empty: health(),
  };
  const healthOf = (id: string) => byId[id];

  it("splits by weight and keeps a partly unhealthy group's share", () => {
    const split = splitForward(
      [
        { targetGroupId: "stable", weight: 90 },
        { targetGroupId: "canary", weight: 10 },
      ],
      healthOf,
    );
    expect(split.groups.map((g) => [g.sharePercent, g.effectivePercent, g.share])).toEqual([
      [90, 90, 0.9],
      [10, 10, 0.1],
    ]);
    expect(split.failing).toBe(false);
  });

  it("gives nothing effective to a weighted group with no serving target and spreads its part", () => {
    const split = splitForward(
      [
        { targetGroupId: "stable", weight: 60 },
        { targetGroupId: "dead", weight: 20 },
        { targetGroupId: "lambda", weight: 20 },
      ],
      healthOf,
    );
    expect(split.groups.map((g) => g.sharePercent)).toEqual([60, 20, 20]);
    expect(split.groups.map((g) => g.effectivePercent)).toEqual([75, 0, 25]);
    expect(split.groups.map((g) => g.effectiveShare)).toEqual([0.75, 0, 0.25]);
    expect(split.groups.map(receivesWeightWithoutHealthyTarget)).toEqual([false, true, false]);
  });

  it("serves nothing when no weighted group has a serving target (no documented fail-open)", () => {
    const split = splitForward(
      [
        { targetGroupId: "dead", weight: 50 },
        { targetGroupId: "empty", weight: 50 },
      ],
      healthOf,
    );
    expect(split.failing).toBe(true);
    expect(split.groups.map((g) => [g.sharePercent, g.effectivePercent, g.noHealthyTarget])).toEqual([
      [50, 0, true],
      [50, 0, true],
    ]);
  });

  it("sends nothing when every weight is zero", () => {
    const split = splitForward(
      [
        { targetGroupId: "stable", weight: 0 },
        { targetGroupId: "canary", weight: 0 },
      ],
      healthOf,
    );
    expect(split.groups.map((g) => [g.share, g.sharePercent, g.effectivePercent])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(split.failing).toBe(true);
    expect(split.groups.some((g) => g.noHealthyTarget)).toBe(false);
  });

  it("gives a lone group without a weight everything, and a zero-weight group no flag", () => {
    expect(splitForward([{ targetGroupId: "stable" }], healthOf).groups[0]).toMatchObject({
      weight: 100,
      sharePercent: 100,
      effectivePercent: 100,
    });
    const split = splitForward(
      [
        { targetGroupId: "stable", weight: 1 },
        { targetGroupId: "dead", weight: 0 },
      ],
      healthOf,
    );
    expect(split.groups[1]?.noHealthyTarget).toBe(false);
  });

  it("counts a group of unknown health as serving", () => {
    const split = splitForward([
      { targetGroupId: "unknown-a", weight: 3 },
      { targetGroupId: "unknown-b", weight: 1 },
    ]);
    expect(split.groups.map((g) => [g.serving, g.effectivePercent])).toEqual([
      [null, 75],
      [null, 25],
    ]);
  });
});

describe("formatPercent", () => {
  it("labels whole percents and tiny positive shares", () => {
    expect(formatPercent(90)).toBe("90 %");
    expect(formatPercent(0, 0.001)).toBe("<1 %");
    expect(formatPercent(0, 0)).toBe("0 %");
  });
});

describe("on a topology", () => {
  const acct = "111122223333";
  const svc = `arn:aws:vpc-lattice:us-east-1:${acct}:service/svc-00000000000000001`;
  const listener = `${svc}/listener/listener-00000000000000001`;
  const rule = `${listener}/rule/rule-00000000000000001`;
  const tg = (id: string) => `arn:aws:vpc-lattice:us-east-1:${acct}:targetgroup/${id}`;
  const res = (
    id: string,
    kind: TopologyResourceInput["kind"],
    data: Record<string, unknown> = {},
    parentId?: string,
  ): TopologyResourceInput => ({
    id,
    kind,
    accountId: acct,
    region: "us-east-1",
    name: id.split("/").pop() ?? id,
    ...(parentId ? { parentId } : {}),
    data,
  });
  const target = (group: string, ip: string, status: string) =>
    res(`${tg(group)}/target/${ip}:80`, "target", { id: ip, port: 80, status }, tg(group));
  const forward = (group: string, weight: number): TopologyRelationInput => ({
    id: `forward|${rule}|${tg(group)}`,
    kind: "forward",
    source: rule,
    target: tg(group),
    data: { weight, totalWeight: 100, listenerArn: listener, isDefault: true },
  });
  const topology = buildTopology(
    [
      res(svc, "service"),
      res(listener, "listener", {}, svc),
      res(rule, "rule", {}, listener),
      res(tg("tg-stable"), "target-group", { health: { healthy: 1, unhealthy: 0, other: 0, total: 1 } }),
      res(tg("tg-canary"), "target-group", { health: { healthy: 0, unhealthy: 1, other: 1, total: 2 } }),
      target("tg-stable", "10.0.0.1", "HEALTHY"),
      target("tg-canary", "10.0.0.2", "UNHEALTHY"),
      target("tg-canary", "10.0.0.3", "INITIAL"),
    ],
    [forward("tg-stable", 90), forward("tg-canary", 10), forward("tg-canary", 10)],
  );

  it("reads target health from the target nodes", () => {
    expect(targetGroupHealthIndex(topology).get(tg("tg-canary"))).toMatchObject({ total: 2, serving: 0 });
  });

  it("splits each rule's forward edges once, even when an edge is listed twice", () => {
    const split = forwardSplitsByRule(topology).get(rule);
    expect(split?.isDefault).toBe(true);
    expect(split?.listenerId).toBe(listener);
    expect(split?.split.groups.map((g) => [g.sharePercent, g.effectivePercent])).toEqual([
      [90, 100],
      [10, 0],
    ]);
    expect(forwardEdgeShares(topology).get(`forward|${rule}|${tg("tg-canary")}`)?.sharePercent).toBe(10);
    expect([...targetGroupsWithoutHealthyTarget(topology)]).toEqual([tg("tg-canary")]);
  });
});
