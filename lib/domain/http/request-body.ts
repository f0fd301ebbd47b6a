/** Deepest nesting of arrays and objects a JSON body may have; Trellis's own requests stay under 10. */
export const MAX_JSON_DEPTH = 100;

/** Largest request body an API route reads, in bytes; larger ones are answered 413 unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Saving node positions may send up to 10,000 of them, about 200 bytes each. */
export const MAX_LAYOUT_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, counted without parsing (brackets inside
 * strings don't count), so a hostile body is refused before any recursive code walks it.
 */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Text no Trellis input holds and PostgreSQL cannot store: a NUL character or an unpaired surrogate. */
export function unstorableText(text: string): boolean {
  return text.includes("\u0000") || !text.isWellFormed();
}

/** The path (`positions.0.nodeId`) of the first string or key in `value` that is unstorableText, if any. */
export function pathOfUnstorableText(
  value: unknown,
  path: readonly (string | number)[] = [],
): string | undefined {
  if (typeof value === "string") return unstorableText(value) ? path.join(".") || "(body)" : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfUnstorableText(value[i], [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    if (unstorableText(key)) return [...path, JSON.stringify(key)].join(".");
    const found = pathOfUnstorableText(member, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
