import { describe, expect, it } from "vitest";
import { documentedRate, msUntilToken, slotsUnder, throttled, throttleFactor } from "./crawl-rates";

describe("documented API rates", () => {
  it("names EC2's Describe* calls with their token bucket, and no rate where AWS documents none", () => {
    expect(documentedRate("DescribeVpcs")).toEqual({
      api: "ec2:DescribeVpcs",
      rate: { burst: 100, perSecond: 20 },
    });
    expect(documentedRate("ec2:DescribeSecurityGroups")?.rate.perSecond).toBe(20);
    expect(documentedRate("ListServices")).toBeUndefined();
    expect(documentedRate("GetResourceShares")).toBeUndefined();
  });

  it("says how long until a whole token", () => {
    expect(msUntilToken(1.5, 20)).toBe(0);
    expect(msUntilToken(0, 20)).toBe(50);
    expect(msUntilToken(0.5, 10)).toBe(50);
  });
});

describe("adaptive slow-down", () => {
  it("halves on each throttle, grows back a tenth a second, and never stops an account", () => {
    expect(throttleFactor(undefined, 0)).toBe(1);
    const once = { factor: throttled(undefined, 0), throttledMs: 0 };
    expect(once.factor).toBe(0.5);
    expect(throttleFactor(once, 2_000)).toBeCloseTo(0.7);
    expect(throttleFactor(once, 60_000)).toBe(1);
    const twice = { factor: throttled(once, 0), throttledMs: 0 };
    expect(twice.factor).toBe(0.25);
    let state = twice;
    for (let i = 0; i < 10; i++) state = { factor: throttled(state, 0), throttledMs: 0 };
    expect(state.factor).toBe(0.05);
    expect(slotsUnder(16, 0.05)).toBe(1);
    expect(slotsUnder(16, 0.5)).toBe(8);
  });
});
