import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeStoredText, parseStoredJson, storedJsonText, unescapeStoredText } from "./stored-text";

/** Any UTF-16 text, lone surrogates, NUL and U+FFFF included. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    fc.constantFrom("\u0000", "\uFFFF", "\uD800", "\uDC00", "\uFFFF0000", "😀"),
  ),
});

describe("escapeStoredText", () => {
  it("escapes NUL, unpaired surrogates and its own escape, and nothing else", () => {
    expect(escapeStoredText("owner\u0000team")).toBe("owner\uFFFF0000team");
    expect(escapeStoredText("a\uD800b\uDC00")).toBe("a\uFFFFD800b\uFFFFDC00");
    expect(escapeStoredText("\uFFFF0000")).toBe("\uFFFFFFFF0000");
    for (const plain of ["orders", "😀 café", "\u202Eevil", "\\u0000", ""]) {
      expect(escapeStoredText(plain)).toBe(plain);
    }
  });

  it("gives text PostgreSQL stores, and back exactly what went in", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const stored = escapeStoredText(text);
        expect(stored.includes("\u0000")).toBe(false);
        expect(stored.isWellFormed()).toBe(true);
        expect(unescapeStoredText(stored)).toBe(text);
      }),
    );
  });
});

describe("storedJsonText and parseStoredJson", () => {
  it("escape strings and keys at any depth, and read them back", () => {
    const value = { tags: { "k\u0000": "v\u0000\uD800" }, list: ["\uFFFF", 1, null, { deep: "x\u0000" }] };
    const text = storedJsonText(value);
    expect(text).not.toMatch(/\\u0000|\\ud800/i);
    expect(parseStoredJson(text)).toEqual(value);
  });

  it("leave ordinary JSON as JSON.stringify writes it", () => {
    const value = { name: "orders", note: "a literal \\u0000 is just text", emoji: "😀" };
    expect(storedJsonText(value)).toBe(JSON.stringify(value));
    expect(parseStoredJson(JSON.stringify(value))).toEqual(value);
  });

  it("round-trip any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), anyText, (value, text) => {
        const withText = { value, text, [text]: text };
        expect(parseStoredJson(storedJsonText(withText))).toEqual(JSON.parse(JSON.stringify(withText)));
      }),
    );
  });
});
