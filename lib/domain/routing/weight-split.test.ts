import { describe, expect, it } from "vitest";
import { apportion, checkWeights, rebalanceWeights, splitPresets } from "./weight-split";

describe("checkWeights", () => {
  it("accepts whole numbers from 0 to 999 with one above 0", () => {
    expect(checkWeights(["90", "10"])).toEqual({
      fields: [undefined, undefined],
      action: undefined,
      ok: true,
    });
    expect(checkWeights(["0", "999"]).ok).toBe(true);
    expect(checkWeights([" 42 "]).ok).toBe(true);
  });

  it("names the problem of each field in words", () => {
    expect(checkWeights(["1000", "-1", "9.5", "ten", ""]).fields).toEqual([
      "Must be between 0 and 999",
      "Must be between 0 and 999",
      "Use a whole number from 0 to 999",
      "Use a whole number from 0 to 999",
      "Enter a weight from 0 to 999",
    ]);
  });

  it("clears a field's message as soon as its value is fixed", () => {
    expect(checkWeights(["1000", "10"]).fields[0]).toBe("Must be between 0 and 999");
    expect(checkWeights(["90", "10"]).fields[0]).toBeUndefined();
  });

  it("refuses an action whose weights are all 0, and says so once for the action", () => {
    const check = checkWeights(["0", "0"]);
    expect(check.ok).toBe(false);
    expect(check.fields).toEqual([undefined, undefined]);
    expect(check.action).toMatch(/^At least one weight must be above 0/);
  });

  it("lets a lone target group leave its weight empty (AWS gives it everything)", () => {
    expect(checkWeights([""]).ok).toBe(true);
    expect(checkWeights(["", "10"]).fields[0]).toBe("Enter a weight from 0 to 999");
  });
});

describe("apportion", () => {
  it("gives whole numbers that add up to the total, in proportion", () => {
    expect(apportion([1, 1, 1], 100)).toEqual([34, 33, 33]);
    expect(apportion([9, 1], 50)).toEqual([45, 5]);
    expect(apportion([0, 0], 10)).toEqual([0, 0]);
  });
});

describe("rebalanceWeights", () => {
  it("moves one group and shares the rest by the others' weights", () => {
    expect(rebalanceWeights([90, 10], 1, 25)).toEqual([75, 25]);
    expect(rebalanceWeights([60, 30, 10], 0, 40)).toEqual([40, 45, 15]);
    expect(rebalanceWeights([900, 100], 0, 50)).toEqual([50, 50]);
  });

  it("shares equally when the others all had 0", () => {
    expect(rebalanceWeights([100, 0, 0], 0, 40)).toEqual([40, 30, 30]);
  });

  it("clamps to 0–100 and leaves the weights alone for an index out of range", () => {
    expect(rebalanceWeights([50, 50], 0, 140)).toEqual([100, 0]);
    expect(rebalanceWeights([50, 50], 1, -5)).toEqual([100, 0]);
    expect(rebalanceWeights([50, 50], 2, 10)).toEqual([50, 50]);
  });

  it("always adds up to 100, keeps the moved value, and keeps the others' order", () => {
    const starts = [
      [0, 0],
      [90, 10],
      [1, 999],
      [0, 0, 0],
      [5, 3, 2],
      [999, 0, 1, 7],
      [25, 25, 25, 25],
    ];
    for (const start of starts) {
      for (let index = 0; index < start.length; index++) {
        for (let percent = 0; percent <= 100; percent++) {
          const next = rebalanceWeights(start, index, percent);
          expect(next.reduce((a, b) => a + b, 0)).toBe(100);
          expect(next[index]).toBe(percent);
          for (const w of next) expect(w >= 0 && w <= 100 && Number.isInteger(w)).toBe(true);
          const others = start.map((w, i) => ({ w, i })).filter((o) => o.i !== index);
          for (const a of others) {
            for (const b of others) {
              if (a.w > b.w) expect(next[a.i]!).toBeGreaterThanOrEqual(next[b.i]!);
            }
          }
        }
      }
    }
  });
});

describe("splitPresets", () => {
  it("offers 100/0, 90/10, 50/50 and 0/100 for two target groups", () => {
    expect(splitPresets(2).map((p) => p.label)).toEqual(["100 / 0", "90 / 10", "50 / 50", "0 / 100"]);
  });

  it("offers an even split for more, and nothing for one", () => {
    expect(splitPresets(3)[0]).toEqual({ label: "Even", weights: [34, 33, 33] });
    expect(splitPresets(1)).toEqual([]);
  });
});
