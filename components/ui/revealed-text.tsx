import { revealInvisibleParts } from "@/lib/domain/text/invisible-characters";

/**
 * Text from AWS as it really is: each invisible character (a bidi override, a zero-width space…) shows as a
 * marked `⟨U+202E⟩`, so nothing can read differently from what it holds. `lines` keeps tabs and line breaks.
 */
export function RevealedText({ text, lines = false }: { text: string; lines?: boolean }) {
  const parts = revealInvisibleParts(text, { lines });
  if (parts.length === 1 && parts[0]!.codePoint === undefined) return text;
  return parts.map((part, index) =>
    part.codePoint === undefined ? (
      part.text
    ) : (
      <span
        key={index}
        data-invisible-character={part.text}
        title="An invisible character, shown so that it cannot hide what the text says"
        className="mx-px rounded-sm bg-amber-100 px-0.5 font-mono text-[0.85em] text-amber-900 ring-1 ring-amber-300"
      >
        {part.text}
      </span>
    ),
  );
}
