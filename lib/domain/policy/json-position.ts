/** A place in a text: 1-based line and column (UTF-16 code units), 0-based offset. */
export interface TextLocation {
  line: number;
  column: number;
  offset: number;
}

/** Where a JSON value starts, and where its member name starts when it is an object member. */
export interface JsonNodeLocation {
  value: TextLocation;
  key?: TextLocation;
}

export interface JsonSyntaxError extends TextLocation {
  message: string;
}

export type ParsedJson =
  | {
      ok: true;
      value: unknown;
      /** Keyed by JSON pointer ("" is the document, "/Statement/0/Action" a member). */
      locations: ReadonlyMap<string, JsonNodeLocation>;
      /** Pointers of members whose name repeats in the same object: JSON.parse keeps only the last. */
      duplicateKeys: string[];
    }
  | { ok: false; error: JsonSyntaxError };

/** RFC 6901 pointer from path segments. */
export function jsonPointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const MAX_DEPTH = 100;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

function locate(starts: readonly number[], offset: number): TextLocation {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1, offset };
}

/** Parses strict JSON (RFC 8259) and records where every value starts, for diagnostics. */
export function parseJsonWithPositions(text: string): ParsedJson {
  const starts = lineStarts(text);
  const offsets = new Map<string, { value: number; key?: number }>();
  const duplicateKeys: string[] = [];
  let i = 0;

  const fail = (message: string, at = i): never => {
    throw new SyntaxFailure(message, at);
  };
  const describe = (at: number) => (at >= text.length ? "end of input" : `'${text[at]}'`);
  const skipWhitespace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r"))
      i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail(`expected '${char}' but found ${describe(i)}`);
    i++;
  };

  const parseString = (): string => {
    expect('"');
    let out = "";
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("invalid \\u escape", i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          i += 2;
        } else {
          fail("invalid escape in string");
        }
        continue;
      }
      if (c < " ")
        fail(c === "\n" ? "unterminated string (line break inside a string)" : "control character in string");
      out += c;
      i++;
    }
  };

  let depth = 0;
  const parseValue = (pointer: string, keyOffset?: number): unknown => {
    skipWhitespace();
    if (++depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    try {
      return parseNode(pointer, keyOffset);
    } finally {
      depth--;
    }
  };

  const parseNode = (pointer: string, keyOffset?: number): unknown => {
    offsets.set(pointer, keyOffset === undefined ? { value: i } : { value: i, key: keyOffset });
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: Record<string, unknown> = {};
      const seen = new Set<string>();
      skipWhitespace();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        skipWhitespace();
        if (text[i] !== '"') fail(`expected a member name in double quotes but found ${describe(i)}`);
        const at = i;
        const key = parseString();
        const child = `${pointer}${jsonPointer(key)}`;
        if (seen.has(key)) duplicateKeys.push(child);
        seen.add(key);
        skipWhitespace();
        expect(":");
        // defineProperty: a "__proto__" member must stay a plain member.
        Object.defineProperty(obj, key, {
          value: parseValue(child, at),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skipWhitespace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return obj;
        }
        fail(`expected ',' or '}' but found ${describe(i)}`);
      }
    }
    if (c === "[") {
      i++;
      const list: unknown[] = [];
      skipWhitespace();
      if (text[i] === "]") {
        i++;
        return list;
      }
      for (;;) {
        list.push(parseValue(`${pointer}/${list.length}`));
        skipWhitespace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return list;
        }
        fail(`expected ',' or ']' but found ${describe(i)}`);
      }
    }
    if (c === '"') return parseString();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      i += number[0].length;
      return Number(number[0]);
    }
    return fail(`unexpected ${describe(i)}`);
  };

  try {
    const value = parseValue("");
    skipWhitespace();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the document`);
    const locations = new Map<string, JsonNodeLocation>();
    for (const [pointer, at] of offsets) {
      locations.set(pointer, {
        value: locate(starts, at.value),
        ...(at.key !== undefined ? { key: locate(starts, at.key) } : {}),
      });
    }
    return { ok: true, value, locations, duplicateKeys };
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    return { ok: false, error: { message: error.message, ...locate(starts, error.offset) } };
  }
}
