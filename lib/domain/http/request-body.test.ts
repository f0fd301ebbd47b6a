import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError, parseJsonText } from "./api-errors";
import { jsonDeeperThan, MAX_JSON_DEPTH, pathOfUnstorableText } from "./request-body";

function nested(depth: number, open = "[", close = "]"): string {
  return open.repeat(depth) + close.repeat(depth);
}

function refusal(text: string): ApiError {
  try {
    parseJsonText(text);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`accepted ${text.slice(0, 40)}`);
}

describe("jsonDeeperThan", () => {
  it("counts arrays and objects, not brackets inside strings or escaped quotes", () => {
    expect(jsonDeeperThan(nested(3), 3)).toBe(false);
    expect(jsonDeeperThan(nested(4), 3)).toBe(true);
    expect(jsonDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(jsonDeeperThan(`["${"[".repeat(500)}"]`, 1)).toBe(false);
    expect(jsonDeeperThan(`["\\"${"{".repeat(50)}", 1]`, 1)).toBe(false);
    expect(jsonDeeperThan(`["\\\\", [[1]]]`, 2)).toBe(true);
  });

  it("agrees with the depth of any JSON value", () => {
    const depthOf = (value: unknown): number =>
      typeof value === "object" && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, max) => {
        expect(jsonDeeperThan(JSON.stringify(value), max)).toBe(depthOf(value) > max);
      }),
    );
  });
});

describe("parseJsonText", () => {
  it("refuses nesting 5,000 deep with a 400 saying so, before parsing", () => {
    for (const text of [nested(5_000), `{"a":${nested(5_000, '{"b":', "}").replace(/:}/, ":1}")}}`]) {
      const error = refusal(text);
      expect(error.status).toBe(400);
      expect(error.message).toBe(`Invalid body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    expect(parseJsonText(nested(MAX_JSON_DEPTH))).toBeDefined();
  });

  it("refuses NUL characters and unpaired surrogates in any string or key, naming where", () => {
    expect(refusal('{"positions":[{"nodeId":"a\\u0000b"}]}').toBody()).toEqual({
      error: {
        code: "invalid_request",
        message:
          "Invalid body: positions.0.nodeId: must not contain a NUL character (\\u0000) or an unpaired surrogate",
        issues: [
          {
            path: "positions.0.nodeId",
            message: "must not contain a NUL character (\\u0000) or an unpaired surrogate",
          },
        ],
      },
    });
    expect(refusal('{"tags":{"k\\u0000":"v"}}').issues?.[0]?.path).toBe('tags."k\\u0000"');
    expect(refusal('["\\ud800"]').issues?.[0]?.path).toBe("0");
    expect(refusal('"\\u0000"').issues?.[0]?.path).toBe("(body)");
    expect(parseJsonText('{"policy":"{\\"a\\":\\"\\\\u0000\\"}","emoji":"\\ud83d\\ude00"}')).toEqual({
      policy: '{"a":"\\u0000"}',
      emoji: "😀",
    });
  });

  it("keeps its other answers: not JSON, and an optional blank body", () => {
    expect(refusal("{positions").message).toBe("Invalid body: not JSON");
    expect(parseJsonText("  ", "body", true)).toBeUndefined();
  });
});

describe("pathOfUnstorableText", () => {
  it("finds nothing in storable values", () => {
    expect(pathOfUnstorableText({ a: ["x", 1, null, { b: "\u202e" }] })).toBeUndefined();
  });
});
