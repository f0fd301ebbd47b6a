import { describe, expect, it } from "vitest";
import type { CrawlRunStatus, CrawlRunSummary } from "@/lib/domain/topology/history";
import { quietRunsAfter, resolveRunPair, runParam } from "./resolve-runs";

function run(id: number, status: CrawlRunStatus, changes?: number): CrawlRunSummary {
  return {
    id,
    status,
    trigger: "manual",
    queuedAt: "2026-01-05T09:00:00Z",
    startedAt: "2026-01-05T09:00:00Z",
    finishedAt: status === "running" || status === "queued" ? null : "2026-01-05T09:01:00Z",
    counts: {},
    calls: 0,
    progress: { done: 0, total: 0 },
    errorCount: 0,
    ...(changes === undefined ? {} : { changes }),
  };
}

// Newest first, as the API lists them.
const RUNS = [run(9, "running"), run(8, "failed"), run(7, "ok"), run(6, "partial"), run(5, "ok")];

describe("resolveRunPair", () => {
  it("defaults to the latest finished run and the finished run before it, skipping running and failed ones", () => {
    expect(resolveRunPair(RUNS, {})).toEqual({ from: 6, to: 7 });
  });

  it("keeps what the URL names, and takes ?run= as the later run", () => {
    expect(resolveRunPair(RUNS, { from: 5, to: 7 })).toEqual({ from: 5, to: 7 });
    expect(resolveRunPair(RUNS, { run: 6 })).toEqual({ from: 5, to: 6 });
    expect(resolveRunPair(RUNS, { to: 6, run: 7 })).toEqual({ from: 5, to: 6 });
  });

  it("opens on the latest run that changed something, not on later runs that found nothing new", () => {
    const runs = [run(12, "ok", 0), run(11, "ok", 0), run(10, "ok", 4), run(9, "ok", 0), run(8, "ok", 60)];
    expect(resolveRunPair(runs, {})).toEqual({ from: 9, to: 10 });
    expect(quietRunsAfter(runs, 10).map((r) => r.id)).toEqual([12, 11]);
    // Only the first crawl changed anything (it found the estate): the latest pair, which says nothing changed.
    expect(resolveRunPair([run(3, "ok", 0), run(2, "ok", 0), run(1, "ok", 40)], {})).toEqual({
      from: 2,
      to: 3,
    });
    expect(resolveRunPair(runs, { run: 12 })).toEqual({ from: 11, to: 12 });
  });

  it("has nothing to compare with one finished run or none", () => {
    expect(resolveRunPair([run(3, "ok")], {})).toEqual({ from: undefined, to: 3 });
    expect(resolveRunPair([], {})).toEqual({ from: undefined, to: undefined });
  });
});

describe("runParam", () => {
  it("accepts run ids only", () => {
    expect(runParam("12")).toBe(12);
    for (const value of ["0", "-1", "1.5", "latest", "", null, undefined, ["1", "2"]]) {
      expect(runParam(value)).toBeUndefined();
    }
  });
});
