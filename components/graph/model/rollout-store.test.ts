import { describe, expect, it } from "vitest";
import { rolloutMarks, rolloutTopologyOf, type RolloutLike } from "./rollout-marks";
import { createRolloutStore, KeyedStore } from "./rollout-store";

describe("KeyedStore", () => {
  it("calls only the listeners of keys whose value changed, and keeps equal values as the same object", () => {
    const store = new KeyedStore<{ n: number }>();
    const calls: string[] = [];
    store.subscribe("a", () => calls.push("a"));
    store.subscribe("b", () => calls.push("b"));
    const unsubscribeC = store.subscribe("c", () => calls.push("c"));

    expect(
      store.replace(
        new Map([
          ["a", { n: 1 }],
          ["b", { n: 1 }],
        ]),
      ),
    ).toEqual(["a", "b"]);
    expect(calls).toEqual(["a", "b"]);
    const a = store.get("a");

    calls.length = 0;
    expect(
      store.replace(
        new Map([
          ["a", { n: 1 }],
          ["b", { n: 2 }],
        ]),
      ),
    ).toEqual(["b"]);
    expect(calls).toEqual(["b"]);
    expect(store.get("a")).toBe(a);
    expect(store.get("b")).toEqual({ n: 2 });

    calls.length = 0;
    unsubscribeC();
    expect(store.replace(new Map([["c", { n: 1 }]]))).toEqual(["c", "a", "b"]);
    expect(calls).toEqual(["a", "b"]);
    expect(store.get("a")).toBeUndefined();
  });
});

describe("createRolloutStore", () => {
  const listener =
    "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001/listener/listener-0orderhttps000001";
  const service = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
  const canary = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";
  const rollout: RolloutLike = {
    id: "r1",
    target: listener,
    listener,
    canary,
    steps: [10, 25],
    stepsDone: 1,
    status: "running",
    nextStepAt: null,
    message: null,
  };
  const topology = rolloutTopologyOf([]);

  it("tells the service, its edge and its account apart when a step moves, and nothing else", () => {
    const store = createRolloutStore();
    const seen: string[] = [];
    store.nodes.subscribe(service, () => seen.push("service"));
    store.edges.subscribe(`${service}|${canary}`, () => seen.push("edge"));
    store.accounts.subscribe("account:222233334444", () => seen.push("account"));
    store.nodes.subscribe("arn:elsewhere", () => seen.push("elsewhere"));

    store.set(rolloutMarks([rollout], topology));
    expect(seen).toEqual(["service", "edge", "account"]);
    const badge = store.nodes.get(service);

    seen.length = 0;
    store.set(rolloutMarks([{ ...rollout }], topology));
    expect(seen, "a poll that changes nothing re-renders nothing").toEqual([]);
    expect(store.nodes.get(service)).toBe(badge);

    store.set(rolloutMarks([{ ...rollout, stepsDone: 2 }], topology));
    expect(seen).toEqual(["service", "edge"]);
    expect(store.nodes.get(service)?.percent).toBe(25);

    seen.length = 0;
    store.set(rolloutMarks([], topology));
    expect(seen).toEqual(["service", "edge", "account"]);
    expect(store.nodes.get(service)).toBeUndefined();
  });
});
