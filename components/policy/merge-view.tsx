"use client";

import { json } from "@codemirror/lang-json";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { MergeView } from "@codemirror/merge";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { revealInvisibleCharacters } from "./invisible-characters-extension";
import { BASE_THEME } from "./json-editor";

const readOnly = [
  json(),
  syntaxHighlighting(defaultHighlightStyle),
  revealInvisibleCharacters(),
  BASE_THEME,
  EditorView.lineWrapping,
  EditorState.readOnly.of(true),
  EditorView.editable.of(false),
];

/** Current (left) and proposed (right) policy side by side, changed lines marked. */
export function PolicyMergeView({ current, proposed }: { current: string; proposed: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const merge = new MergeView({
      a: { doc: current, extensions: readOnly },
      b: { doc: proposed, extensions: readOnly },
      parent: host.current,
      gutter: true,
      highlightChanges: true,
    });
    return () => merge.destroy();
  }, [current, proposed]);
  return (
    <div>
      <div className="grid grid-cols-2 text-[11px] font-semibold text-neutral-500 uppercase">
        <span className="px-1 py-1">Current</span>
        <span className="px-1 py-1">Proposed</span>
      </div>
      <div
        ref={host}
        data-testid="policy-merge-view"
        className="max-h-80 overflow-auto rounded border border-neutral-300 bg-white"
      />
    </div>
  );
}
