/**
 * Characters that change how text reads without being seen: bidi overrides and isolates (a name that shows as
 * `invoice.pdf` but is `fdp.exe…`), zero-width and other format characters, control characters, separators,
 * fillers and noncharacters. Trellis shows each as a marker such as `⟨U+202E⟩` wherever it shows text AWS holds.
 * Left as they are: variation selectors, and a zero-width joiner inside an emoji sequence (woman + ZWJ + laptop).
 */
const INVISIBLE_CLASS =
  "[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}\\p{Default_Ignorable_Code_Point}\\p{Noncharacter_Code_Point}]";
const EMOJI_JOINER =
  "(?<=\\p{Extended_Pictographic}[\\u{FE0F}\\u{1F3FB}-\\u{1F3FF}]?)\\u200D(?=\\p{Extended_Pictographic})";

function invisiblePattern(kept: string): RegExp {
  return new RegExp(`(?!${kept}\\p{Variation_Selector}|${EMOJI_JOINER})${INVISIBLE_CLASS}`, "gu");
}

/** Every invisible character, tabs and line breaks included: for names, tags and other one-line text. */
export const INVISIBLE_CHARACTER = invisiblePattern("");

/** The same but for text laid out in lines (a policy document): tabs and line breaks are its layout. */
export const INVISIBLE_CHARACTER_IN_LINES = invisiblePattern("[\\t\\n\\r]|");

/** `⟨U+202E⟩`: how a code point shows where it would otherwise be invisible. */
export function invisibleMarker(codePoint: number): string {
  return `⟨U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}⟩`;
}

export interface TextPart {
  text: string;
  /** Set on a marker standing for an invisible character. */
  codePoint?: number;
}

/** `text` as runs of what shows as it is and markers for invisible characters, in order. */
export function revealInvisibleParts(text: string, options: { lines?: boolean } = {}): TextPart[] {
  const pattern = new RegExp(options.lines ? INVISIBLE_CHARACTER_IN_LINES : INVISIBLE_CHARACTER);
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    const codePoint = match[0].codePointAt(0) ?? 0;
    parts.push({ text: invisibleMarker(codePoint), codePoint });
    last = match.index + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last) });
  return parts;
}

/** `text` with every invisible character shown as its marker: for titles, labels and other plain text. */
export function revealInvisible(text: string, options: { lines?: boolean } = {}): string {
  return text.replace(options.lines ? INVISIBLE_CHARACTER_IN_LINES : INVISIBLE_CHARACTER, (character) =>
    invisibleMarker(character.codePointAt(0) ?? 0),
  );
}
