/**
 * Text crawled from AWS as PostgreSQL can keep it, and back. PostgreSQL refuses NUL in text and jsonb (22021,
 * 22P05) and unpaired surrogates in jsonb; a tag value may hold either. Each such code unit is stored as ESCAPE
 * followed by its four hex digits, and ESCAPE itself the same way, so the text comes back exactly as AWS sent it.
 */

/** U+FFFF, a noncharacter: Unicode keeps it for a program's internal use, so text from elsewhere rarely holds it. */
const ESCAPE = "\uFFFF";
/* eslint-disable no-control-regex -- finding NUL is the point */
const UNSTORABLE = /[\u0000\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF\uFFFF]/;
/* eslint-enable no-control-regex */
const ESCAPED = /\uFFFF([0-9A-F]{4})/g;

function escapeUnit(unit: string): string {
  return ESCAPE + unit.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
}

/** `text` with NUL, unpaired surrogates and U+FFFF escaped; most text comes back unchanged. */
export function escapeStoredText(text: string): string {
  return MAYBE_UNSTORABLE.test(text) ? text.replace(UNSTORABLE, escapeUnit) : text;
}

export function unescapeStoredText(text: string): string {
  return text.includes(ESCAPE)
    ? text.replace(ESCAPED, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  // fromEntries defines own properties, so a key such as "__proto__" stays data.
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [map(key), mapStrings(member, map)]),
  );
}

/**
 * JSON text of `value` for a jsonb column, its strings and keys escaped. JSON.stringify writes NUL and unpaired
 * surrogates as `\u` escapes and U+FFFF as it is; text without any of those needs no second pass.
 */
export function storedJsonText(value: unknown): string {
  const text = JSON.stringify(value);
  return /\\u0000|\\ud[89a-f]|\uFFFF/i.test(text)
    ? JSON.stringify(mapStrings(value, escapeStoredText))
    : text;
}

/** A value read back from the JSON text of storedJsonText (or of a jsonb column cast to text). */
export function parseStoredJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return text.includes(ESCAPE) ? mapStrings(value, unescapeStoredText) : value;
}
