"use client";

import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { forceLinting, linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { EditorState, type Text } from "@codemirror/state";
import { EditorView, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { lintPolicy, type LintScope, type PolicyFinding } from "@/lib/domain/policy/validate";
import { revealInvisibleCharacters } from "./invisible-characters-extension";

/** The document offset of a finding's line and column (both 1-based); the whole first line when it has none. */
function rangeOf(doc: Text, finding: PolicyFinding): { from: number; to: number } {
  if (finding.line === undefined || finding.line > doc.lines) return { from: 0, to: doc.line(1).to };
  const line = doc.line(finding.line);
  const from = Math.min(line.from + Math.max(0, (finding.column ?? 1) - 1), line.to);
  const rest = doc.sliceString(from, line.to);
  const token = /^("(?:[^"\\]|\\.)*"|[^\s,:}\]]+)/.exec(rest)?.[0] ?? rest;
  return { from, to: Math.max(from, from + token.length) };
}

export const BASE_THEME = EditorView.theme({
  "&": { fontSize: "12px", height: "100%" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" },
  ".cm-gutters": { backgroundColor: "#fafafa", borderRight: "1px solid #e5e5e5" },
});

/**
 * A CodeMirror 6 JSON editor for an auth policy, with the policy linter's findings inline (underline, gutter
 * marker, message on hover). Text is only ever text: CodeMirror renders the document, never markup from it.
 */
export function JsonEditor({
  value,
  onChange,
  scope,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  scope: LintScope;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const scopeRef = useRef(scope);
  const onChangeRef = useRef(onChange);

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!host.current) return;
    const policyLinter = linter(
      (v): Diagnostic[] =>
        lintPolicy(v.state.doc.toString(), scopeRef.current).map((finding) => ({
          ...rangeOf(v.state.doc, finding),
          severity: finding.severity,
          source: finding.id,
          message: finding.fix ? `${finding.message}. Fix: ${finding.fix}` : finding.message,
        })),
      { delay: 250 },
    );
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          json(),
          syntaxHighlighting(defaultHighlightStyle),
          revealInvisibleCharacters(),
          lintGutter(),
          policyLinter,
          BASE_THEME,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Created once: later values and scopes reach the live editor through the effects below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    scopeRef.current = scope;
    if (view.current) forceLinting(view.current);
  }, [scope]);

  return (
    <div
      ref={host}
      data-testid="policy-editor"
      className="h-80 overflow-hidden rounded border border-neutral-300 bg-white"
    />
  );
}
