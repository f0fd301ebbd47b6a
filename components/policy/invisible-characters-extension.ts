import type { Extension } from "@codemirror/state";
import { EditorView, highlightSpecialChars } from "@codemirror/view";
import { INVISIBLE_CHARACTER_IN_LINES, invisibleMarker } from "@/lib/domain/text/invisible-characters";

const theme = EditorView.baseTheme({
  ".cm-invisibleChar": {
    backgroundColor: "#fef3c7",
    color: "#78350f",
    borderRadius: "2px",
    boxShadow: "0 0 0 1px #fcd34d",
    margin: "0 1px",
    padding: "0 2px",
  },
});

/**
 * Shows every invisible character of a policy (bidi overrides, zero-width and other format or control
 * characters) as a marked `⟨U+202E⟩`, as the rest of the console does. The document itself is unchanged.
 */
export function revealInvisibleCharacters(): Extension {
  return [
    highlightSpecialChars({
      specialChars: new RegExp(INVISIBLE_CHARACTER_IN_LINES),
      render: (code, description) => {
        const span = document.createElement("span");
        span.className = "cm-invisibleChar";
        span.textContent = invisibleMarker(code);
        span.title = description ?? "Invisible character";
        span.dataset.invisibleCharacter = invisibleMarker(code);
        return span;
      },
    }),
    theme,
  ];
}
