import { describe, expect, it } from "vitest";
import { LOCK_NAMESPACES } from "./advisory-locks";

describe("advisory lock namespaces", () => {
  it("are all distinct, so no two kinds of lock can ever collide", () => {
    const numbers = Object.values(LOCK_NAMESPACES);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Object.keys(LOCK_NAMESPACES).sort()).toEqual(
      ["crawlScope", "history", "listener", "migrate", "policy", "rollout", "scheduler"].sort(),
    );
  });

  it("keep the key prisma migrate uses, so both never migrate one database at once", () => {
    expect(LOCK_NAMESPACES.migrate).toBe(72_707_369);
  });
});
