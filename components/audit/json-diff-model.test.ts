import { describe, expect, it } from "vitest";
import { jsonDiffRows, jsonLines } from "./json-diff-model";

function sides(rows: ReturnType<typeof jsonDiffRows>) {
  return rows.map((row) => [row.kind, row.before?.text ?? null, row.after?.text ?? null]);
}

describe("jsonLines", () => {
  it("pretty-prints with sorted keys, and has no lines for nothing", () => {
    expect(jsonLines({ b: 1, a: { d: [2], c: null } })).toEqual([
      "{",
      '  "a": {',
      '    "c": null,',
      '    "d": [',
      "      2",
      "    ]",
      "  },",
      '  "b": 1',
      "}",
    ]);
    expect(jsonLines(undefined)).toEqual([]);
    expect(jsonLines("<img src=x onerror=alert(1)>")).toEqual(['"<img src=x onerror=alert(1)>"']);
  });
});

describe("jsonDiffRows", () => {
  it("lines up unchanged lines and pairs a changed value with its replacement", () => {
    const rows = jsonDiffRows({ layout: "default", x: 1, y: 2 }, { layout: "default", x: 5, y: 2 });
    expect(sides(rows)).toEqual([
      ["same", "{", "{"],
      ["same", '  "layout": "default",', '  "layout": "default",'],
      ["changed", '  "x": 1,', '  "x": 5,'],
      ["same", '  "y": 2', '  "y": 2'],
      ["same", "}", "}"],
    ]);
    expect(rows[2]).toMatchObject({ before: { number: 3 }, after: { number: 3 } });
  });

  it("shows added and removed members on one side only, keeping line numbers per side", () => {
    const rows = jsonDiffRows({ a: 1, gone: true, z: 0 }, { a: 1, new: [1, 2], z: 0 });
    expect(sides(rows)).toEqual([
      ["same", "{", "{"],
      ["same", '  "a": 1,', '  "a": 1,'],
      ["changed", '  "gone": true,', '  "new": ['],
      ["added", null, "    1,"],
      ["added", null, "    2"],
      ["added", null, "  ],"],
      ["same", '  "z": 0', '  "z": 0'],
      ["same", "}", "}"],
    ]);
    expect(rows.at(-1)).toMatchObject({ before: { number: 5 }, after: { number: 8 } });
  });

  it("shows a value that appeared or went away entirely on its side", () => {
    expect(sides(jsonDiffRows(undefined, { runId: 7 }))).toEqual([
      ["added", null, "{"],
      ["added", null, '  "runId": 7'],
      ["added", null, "}"],
    ]);
    expect(sides(jsonDiffRows({ runId: 7 }, undefined)).map(([kind]) => kind)).toEqual([
      "removed",
      "removed",
      "removed",
    ]);
    expect(jsonDiffRows(undefined, undefined)).toEqual([]);
  });

  it("still answers for large values whose middle is too big to match line by line", () => {
    const before = Object.fromEntries(Array.from({ length: 1_500 }, (_, i) => [`n${i}`, i]));
    const after = Object.fromEntries(Array.from({ length: 1_500 }, (_, i) => [`n${i}`, i + 1]));
    const rows = jsonDiffRows(before, after);
    expect(rows[0]).toMatchObject({ kind: "same" });
    expect(rows.filter((row) => row.kind === "changed")).toHaveLength(1_500);
    expect(rows.at(-1)).toMatchObject({ kind: "same", before: { text: "}" } });
  });
});
