"use client";

import { useState } from "react";
import { Section } from "./section";
import { flattenFields } from "./flatten-fields";
import { isRecord, jsonDocumentOf } from "./values";
import { RevealedText } from "@/components/ui/revealed-text";
import { revealInvisible } from "@/lib/domain/text/invisible-characters";

/** A dotted path with line-break opportunities after each dot, so it wraps between segments. */
function breakable(path: string) {
  return path.split(/(?<=\.)/).map((part, index) => (
    <span key={index}>
      {part}
      <wbr />
    </span>
  ));
}

function Scalar({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-neutral-400">null</span>;
  if (typeof value === "boolean" || typeof value === "number")
    return <span className="font-mono text-xs text-sky-800">{String(value)}</span>;
  const text = String(value);
  const document = jsonDocumentOf(text);
  if (document !== undefined)
    return (
      <details>
        <summary className="cursor-pointer text-xs text-neutral-600">
          JSON document ({text.length} characters)
        </summary>
        <pre className="mt-1 max-h-64 overflow-auto rounded bg-neutral-50 p-2 font-mono text-[11px] leading-snug whitespace-pre-wrap break-all text-neutral-800">
          <RevealedText text={JSON.stringify(document, null, 2)} lines />
        </pre>
      </details>
    );
  return (
    <span className="break-all">
      <RevealedText text={text} />
    </span>
  );
}

function Leaf({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-neutral-400">none</span>;
    return (
      <ul className="flex flex-col">
        {value.map((item, index) => (
          <li key={index}>
            <Scalar value={item} />
          </li>
        ))}
      </ul>
    );
  }
  if (isRecord(value)) return <span className="text-neutral-400">empty</span>;
  return <Scalar value={value} />;
}

/**
 * Every field Trellis recorded for the resource, readable, with a toggle to the AWS payloads as returned (or the
 * recorded data as JSON for kinds Trellis keeps no separate payload of).
 */
export function FieldsView({
  data,
  raw,
}: {
  data: Record<string, unknown>;
  raw: Record<string, unknown> | null;
}) {
  const [showRaw, setShowRaw] = useState(false);
  const leaves = flattenFields(data);
  return (
    <Section
      title="Fields"
      testId="inspector-fields"
      aside={
        <button
          type="button"
          aria-pressed={showRaw}
          onClick={() => setShowRaw((value) => !value)}
          className="rounded border border-neutral-300 px-2 py-0.5 text-xs font-medium text-neutral-700 hover:bg-neutral-100 aria-pressed:bg-neutral-800 aria-pressed:text-white"
        >
          Raw JSON
        </button>
      }
    >
      {showRaw ? (
        <div className="flex flex-col gap-1">
          <p className="text-xs text-neutral-500">
            {raw
              ? "The AWS responses as recorded, by operation."
              : "Trellis keeps no separate AWS response for this kind; this is the recorded data."}
          </p>
          <pre
            data-testid="inspector-raw-json"
            className="max-h-[32rem] overflow-auto rounded bg-neutral-900 p-3 font-mono text-[11px] leading-snug whitespace-pre-wrap break-all text-neutral-100"
          >
            <RevealedText text={JSON.stringify(raw ?? data, null, 2)} lines />
          </pre>
        </div>
      ) : leaves.length === 0 ? (
        <p className="text-sm text-neutral-500">No fields recorded.</p>
      ) : (
        <dl className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-x-3 gap-y-1 text-sm">
          {leaves.map((leaf) => (
            <div key={leaf.path} className="contents" data-testid="field" data-key={leaf.path}>
              <dt className="pt-px font-mono text-xs wrap-anywhere text-neutral-800">
                <span className="text-neutral-400">
                  {breakable(revealInvisible(leaf.path.slice(0, leaf.split)))}
                </span>
                <RevealedText text={leaf.path.slice(leaf.split)} />
              </dt>
              <dd className="min-w-0 text-neutral-900">
                <Leaf value={leaf.value} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  );
}
