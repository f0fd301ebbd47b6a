import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { invisibleMarker, revealInvisible, revealInvisibleParts } from "./invisible-characters";

describe("revealInvisible", () => {
  it("shows bidi overrides and isolates as markers, so the text reads in its real order", () => {
    expect(revealInvisible("invoice\u202Efdp.exe")).toBe("invoice⟨U+202E⟩fdp.exe");
    for (const code of [
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f,
    ]) {
      expect(revealInvisible(`a${String.fromCodePoint(code)}b`)).toBe(`a${invisibleMarker(code)}b`);
    }
  });

  it("shows zero-width, control, format, separator, filler, tag and noncharacters", () => {
    const cases: [string, string][] = [
      ["pay\u200Bments", "pay⟨U+200B⟩ments"],
      ["a\u200Cb\u200Db\u2060c\uFEFF", "a⟨U+200C⟩b⟨U+200D⟩b⟨U+2060⟩c⟨U+FEFF⟩"],
      ["nul\u0000 bell\u0007 del\u007F c1\u0085", "nul⟨U+0000⟩ bell⟨U+0007⟩ del⟨U+007F⟩ c1⟨U+0085⟩"],
      ["line\nbreak\ttab\r", "line⟨U+000A⟩break⟨U+0009⟩tab⟨U+000D⟩"],
      ["soft\u00ADhyphen\u2028sep", "soft⟨U+00AD⟩hyphen⟨U+2028⟩sep"],
      ["\u3164", "⟨U+3164⟩"],
      ["tag\u{E0041}\u{E007F}", "tag⟨U+E0041⟩⟨U+E007F⟩"],
      ["lone \uD800 \uDC00 and \uFFFF", "lone ⟨U+D800⟩ ⟨U+DC00⟩ and ⟨U+FFFF⟩"],
    ];
    for (const [text, shown] of cases) expect(revealInvisible(text), JSON.stringify(text)).toBe(shown);
  });

  it("leaves visible text alone: other scripts, emoji sequences, variation selectors", () => {
    for (const text of [
      "orders-v2",
      "Zoë Café",
      "שלום",
      "مرحبا",
      "日本語",
      "❤️",
      "\u{1F469}\u200D\u{1F4BB} \u{1F469}\u{1F3FD}\u200D\u{1F4BB}",
      "\u{1F3F3}\uFE0F\u200D\u{1F308}",
      "a b",
    ]) {
      expect(revealInvisible(text)).toBe(text);
    }
  });

  it("keeps tabs and line breaks of text laid out in lines", () => {
    expect(revealInvisible('{\n\t"Sid": "a\u202Eb"\r\n}', { lines: true })).toBe(
      '{\n\t"Sid": "a⟨U+202E⟩b"\r\n}',
    );
    expect(revealInvisible("a\u2028b", { lines: true })).toBe("a⟨U+2028⟩b");
  });

  it("never leaves a bidi control or zero-width character in what it returns", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        expect(revealInvisible(text)).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u0000-\u001F]/);
      }),
    );
  });
});

describe("revealInvisibleParts", () => {
  it("splits text into runs and markers, which join to revealInvisible", () => {
    expect(revealInvisibleParts("a\u202Eb")).toEqual([
      { text: "a" },
      { text: "⟨U+202E⟩", codePoint: 0x202e },
      { text: "b" },
    ]);
    expect(revealInvisibleParts("")).toEqual([{ text: "" }]);
    expect(revealInvisibleParts("\u200B")).toEqual([{ text: "⟨U+200B⟩", codePoint: 0x200b }]);
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.boolean(), (text, lines) => {
        const joined = revealInvisibleParts(text, { lines })
          .map((part) => part.text)
          .join("");
        expect(joined).toBe(revealInvisible(text, { lines }));
      }),
    );
  });
});
