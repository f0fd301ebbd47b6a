import { describe, expect, it } from "vitest";
import { rolloutMoves, type RolloutSnapshot } from "./rollout-moves";

const base: RolloutSnapshot = {
  id: "r1",
  stepsDone: 1,
  status: "running",
  events: [{}, { changeId: "c1" }],
};

describe("rolloutMoves", () => {
  it("only records on the first poll", () => {
    const { seen, moved, changed } = rolloutMoves(undefined, [base]);
    expect(moved).toEqual([]);
    expect(changed).toEqual([]);
    expect(seen.get("r1")).toEqual({ stepsDone: 1, status: "running", events: 2 });
  });

  it("reports a step with the change it applied, and nothing when the poll shows the same", () => {
    const first = rolloutMoves(undefined, [base]).seen;
    expect(rolloutMoves(first, [base]).moved).toEqual([]);
    const stepped = { ...base, stepsDone: 2, events: [...base.events, { changeId: "c2" }] };
    expect(rolloutMoves(first, [stepped]).moved).toEqual([{ id: "r1", changeId: "c2" }]);
  });

  it("reports an abort (the starting weights come back) but not a pause or a resume", () => {
    const first = rolloutMoves(undefined, [base]).seen;
    const paused = { ...base, status: "paused" as const, events: [...base.events, {}] };
    const afterPause = rolloutMoves(first, [paused]);
    expect(afterPause.moved).toEqual([]);
    expect(afterPause.changed, "the inspector's lists still need the news").toEqual(["r1"]);
    expect(rolloutMoves(afterPause.seen, [paused]).changed).toEqual([]);
    const aborted = { ...paused, status: "aborted" as const, events: [...paused.events, { changeId: "c3" }] };
    expect(rolloutMoves(afterPause.seen, [aborted]).moved).toEqual([{ id: "r1", changeId: "c3" }]);
    const failed = { ...base, status: "failed" as const, events: [...base.events, {}] };
    expect(rolloutMoves(first, [failed]).moved).toEqual([{ id: "r1", changeId: undefined }]);
  });

  it("reports a rollout started elsewhere once it has applied a change", () => {
    const first = rolloutMoves(undefined, []).seen;
    expect(rolloutMoves(first, [{ ...base, id: "r2", stepsDone: 0, events: [{}] }]).moved).toEqual([]);
    expect(rolloutMoves(first, [{ ...base, id: "r2" }]).moved).toEqual([{ id: "r2", changeId: "c1" }]);
  });
});
