import { describe, expect, it } from "vitest";
import { jsonPointer, parseJsonWithPositions } from "./json-position";

describe("parseJsonWithPositions", () => {
  it("parses like JSON.parse and locates values and member names by JSON pointer", () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": ["a", "b"] }\n  ]\n}';
    const parsed = parseJsonWithPositions(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value).toEqual(JSON.parse(text));
    expect(parsed.locations.get("")?.value).toEqual({ line: 1, column: 1, offset: 0 });
    expect(parsed.locations.get("/Version")).toMatchObject({
      key: { line: 2, column: 3 },
      value: { line: 2, column: 14 },
    });
    expect(parsed.locations.get("/Statement/0/Effect")?.value).toMatchObject({ line: 4, column: 17 });
    expect(parsed.locations.get("/Statement/0/Action/1")?.value).toMatchObject({ line: 4, column: 42 });
  });

  it("reports syntax errors with line and column", () => {
    const parsed = parseJsonWithPositions('{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}');
    expect(parsed).toEqual({
      ok: false,
      error: expect.objectContaining({ line: 3, column: 17, message: "unexpected ','" }),
    });
    const trailing = parseJsonWithPositions('{"a": 1,}');
    expect(trailing.ok ? null : trailing.error).toMatchObject({ line: 1, column: 9 });
    const unterminated = parseJsonWithPositions('{"a": "b\n"}');
    expect(unterminated.ok ? null : unterminated.error.message).toMatch(/unterminated string/);
    const extra = parseJsonWithPositions("{} {}");
    expect(extra.ok ? null : extra.error).toMatchObject({
      column: 4,
      message: "unexpected '{' after the end of the document",
    });
    expect(parseJsonWithPositions("").ok).toBe(false);
    expect(parseJsonWithPositions("[".repeat(1000)).ok).toBe(false);
  });

  it("handles escapes, numbers and literals, and flags duplicate member names", () => {
    const parsed = parseJsonWithPositions(
      '{"a\\/b": "\\u0041\\n", "n": -1.5e2, "t": true, "f": false, "z": null, "n": 2}',
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value).toEqual({ "a/b": "A\n", n: 2, t: true, f: false, z: null });
    expect(parsed.locations.has("/a~1b")).toBe(true);
    expect(parsed.duplicateKeys).toEqual(["/n"]);
  });

  it("keeps a __proto__ member as data", () => {
    const parsed = parseJsonWithPositions('{"__proto__": {"polluted": true}}');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(Object.keys(parsed.value as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("jsonPointer", () => {
  it("escapes ~ and /", () => {
    expect(jsonPointer("Statement", 0, "Condition", "a/b~c")).toBe("/Statement/0/Condition/a~1b~0c");
    expect(jsonPointer()).toBe("");
  });
});
