import { describe, expect, it } from "vitest";
import { layoutPositionsRecord } from "./node-layout";

describe("layoutPositionsRecord", () => {
  it("keys positions by node id in id order, null for a node without one", () => {
    const record = layoutPositionsRecord(
      [{ nodeId: "b" }, { nodeId: "a" }, { nodeId: "b" }, { nodeId: "__proto__" }],
      [
        { nodeId: "b", x: 1, y: 2 },
        { nodeId: "__proto__", x: 5, y: 6 },
        { nodeId: "unrelated", x: 3, y: 4 },
      ],
    );
    expect(Object.keys(record)).toEqual(["__proto__", "a", "b"]);
    expect(JSON.stringify(record)).toBe('{"__proto__":{"x":5,"y":6},"a":null,"b":{"x":1,"y":2}}');
  });
});
