import { describe, expect, it } from "vitest";
import { CallLimits } from "./limits";
import type { Limit } from "./scope-context";

/** Calls that stay in flight until finished by hand, recording the order in which they started. */
function harness() {
  const started: string[] = [];
  const running = new Map<string, () => void>();
  const call = (limit: Limit, label: string) =>
    limit(
      () =>
        new Promise<void>((resolve) => {
          started.push(label);
          running.set(label, resolve);
        }),
    );
  const finish = async (label: string) => {
    running.get(label)!();
    running.delete(label);
    await settle();
  };
  return { started, call, finish };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("CallLimits", () => {
  it("never runs more calls than the global limit, and hands freed slots to the scope that started first", async () => {
    const limits = new CallLimits(2, 2);
    const first = limits.forScope("111111111111").limit;
    const second = limits.forScope("222222222222").limit;
    const { started, call, finish } = harness();

    void call(second, "b1");
    void call(second, "b2");
    await settle();
    void call(second, "b3");
    void call(first, "a1");
    void call(first, "a2");
    await settle();
    expect(started).toEqual(["b1", "b2"]);

    await finish("b1");
    expect(started).toEqual(["b1", "b2", "a1"]);
    await finish("b2");
    expect(started).toEqual(["b1", "b2", "a1", "a2"]);
    await finish("a1");
    expect(started).toEqual(["b1", "b2", "a1", "a2", "b3"]);
  });

  it("puts the remainder first, so the scopes still open at the end fill every slot together", async () => {
    // Two scopes fit the global limit at a time; with three open, the first goes alone, the other two after.
    const limits = new CallLimits(4, 2);
    const a = limits.forScope("111111111111");
    const b = limits.forScope("222222222222");
    const c = limits.forScope("333333333333");
    const { started, call, finish } = harness();

    void call(b.limit, "b1");
    void call(c.limit, "c1");
    void call(c.limit, "c2");
    void call(a.limit, "a1");
    await settle();
    void call(b.limit, "b2");
    await settle();
    void call(a.limit, "a2");
    await settle();
    expect(started).toEqual(["b1", "c1", "c2", "a1"]);

    await finish("c1");
    expect(started.at(-1)).toBe("a2");
    a.close();
    await finish("a1");
    expect(started.at(-1)).toBe("b2");
  });

  it("keeps one account within its own limit even when global slots are free", async () => {
    const limits = new CallLimits(8, 1);
    const eu = limits.forScope("111111111111").limit;
    const us = limits.forScope("111111111111").limit;
    const other = limits.forScope("222222222222").limit;
    const { started, call, finish } = harness();

    void call(eu, "eu1");
    void call(us, "us1");
    void call(other, "o1");
    await settle();
    expect(started).toEqual(["eu1", "o1"]);
    await finish("eu1");
    expect(started).toEqual(["eu1", "o1", "us1"]);
  });

  it("frees the slot when a call fails", async () => {
    const { limit } = new CallLimits(1, 1).forScope("111111111111");
    await expect(limit(() => Promise.reject(new Error("throttled")))).rejects.toThrow("throttled");
    await expect(limit(() => Promise.resolve("next"))).resolves.toBe("next");
  });
});
