import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatDuration,
  formatFinish,
  progressPercent,
  resourceTotal,
  runDuration,
} from "./run-format";

describe("run formatting", () => {
  it("writes durations from milliseconds to hours", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(4_240)).toBe("4.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration(2 * 3_600_000 + 14 * 60_000)).toBe("2 h 14 min");
    expect(formatDuration(-1)).toBe("—");
  });

  it("measures a finished run, a running one against now, and not one that hasn't started", () => {
    const started = "2026-01-05T09:00:00.000Z";
    expect(runDuration({ startedAt: started, finishedAt: "2026-01-05T09:00:01.500Z" })).toBe(1_500);
    expect(runDuration({ startedAt: started, finishedAt: null }, Date.parse(started) + 3_000)).toBe(3_000);
    expect(runDuration({ startedAt: started, finishedAt: null })).toBeUndefined();
    expect(runDuration({ startedAt: null, finishedAt: null }, Date.now())).toBeUndefined();
  });

  it("writes times in UTC, dropping the date of a finish on the day the run started", () => {
    expect(formatDateTime("2026-01-05T09:23:41.120Z")).toBe("2026-01-05 09:23:41");
    expect(formatDateTime(null)).toBe("—");
    expect(formatFinish("2026-01-05T09:23:41Z", "2026-01-05T09:24:02Z")).toBe("09:24:02");
    expect(formatFinish("2026-01-05T23:59:41Z", "2026-01-06T00:00:02Z")).toBe("2026-01-06 00:00:02");
  });

  it("totals resources once counted and rounds progress", () => {
    expect(resourceTotal({ counts: {} })).toBeUndefined();
    expect(resourceTotal({ counts: { service: 5, rule: 8 } })).toBe(13);
    expect(progressPercent({ done: 1, total: 8 })).toBe(13);
    expect(progressPercent({ done: 8, total: 8 })).toBe(100);
    expect(progressPercent({ done: 0, total: 0 })).toBe(0);
  });
});
