"use client";

import { useId } from "react";
import type { FieldError } from "@/lib/domain/routing/change-types";
import { MAX_HEADER_MATCHES, type RuleMatch } from "@/lib/domain/routing/rule-schemas";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

type HeaderType = "exact" | "prefix" | "contains";
interface DraftHeader {
  name: string;
  type: HeaderType;
  value: string;
  caseSensitive: boolean;
}
export interface DraftMatch {
  pathType: "none" | "exact" | "prefix";
  path: string;
  pathCaseSensitive: boolean;
  method: string;
  headers: DraftHeader[];
}

export function draftMatchOf(match: RuleMatch | undefined): DraftMatch {
  const http = match?.httpMatch;
  const path = http?.pathMatch?.match;
  return {
    pathType: path ? ("exact" in path ? "exact" : "prefix") : "none",
    path: path ? ("exact" in path ? path.exact : path.prefix) : "",
    pathCaseSensitive: http?.pathMatch?.caseSensitive ?? false,
    method: http?.method ?? "",
    headers: (http?.headerMatches ?? []).map((h) => {
      const [type, value] = (Object.entries(h.match)[0] ?? ["exact", ""]) as [HeaderType, string];
      return { name: h.name, type, value, caseSensitive: h.caseSensitive ?? false };
    }),
  };
}

export function matchOf(draft: DraftMatch): unknown {
  return {
    httpMatch: {
      ...(draft.method.trim() ? { method: draft.method.trim() } : {}),
      ...(draft.pathType !== "none"
        ? {
            pathMatch: {
              match: draft.pathType === "exact" ? { exact: draft.path } : { prefix: draft.path },
              caseSensitive: draft.pathCaseSensitive,
            },
          }
        : {}),
      ...(draft.headers.length > 0
        ? {
            headerMatches: draft.headers.map((h) => ({
              name: h.name,
              match: { [h.type]: h.value },
              caseSensitive: h.caseSensitive,
            })),
          }
        : {}),
    },
  };
}

function Err({ message }: { message: string | undefined }) {
  return message ? (
    <span role="alert" className="text-xs text-red-700">
      {message}
    </span>
  ) : null;
}

/** A rule's match: path (any, prefix or exact), method and up to five header matches. */
export function MatchEditor({
  match,
  onChange,
  errors,
}: {
  match: DraftMatch;
  onChange: (match: DraftMatch) => void;
  /** The server's answer to the last review of this match (fields under `after.match`). */
  errors: FieldError[];
}) {
  const id = useId();
  const exact = (field: string) => errors.find((e) => e.field === field)?.message;
  const error = (prefix: string) =>
    errors
      .filter((e) => e.field.startsWith(prefix))
      .map((e) => e.message)
      .join(" ") || undefined;
  const setHeader = (i: number, patch: Partial<DraftHeader>) =>
    onChange({ ...match, headers: match.headers.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
  return (
    <fieldset className="flex flex-col gap-2 rounded-md border border-neutral-200 p-3">
      <legend className="px-1 font-medium">Match</legend>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1" htmlFor={`${id}-pt`}>
          <span className="text-xs text-neutral-600">Path</span>
          <select
            id={`${id}-pt`}
            className="h-9 rounded-md border border-neutral-300 px-2"
            value={match.pathType}
            onChange={(e) => onChange({ ...match, pathType: e.target.value as DraftMatch["pathType"] })}
          >
            <option value="none">any path</option>
            <option value="prefix">starts with</option>
            <option value="exact">is exactly</option>
          </select>
        </label>
        {match.pathType !== "none" && (
          <label className="flex flex-1 flex-col gap-1">
            <span className="sr-only">Path value</span>
            <Input
              aria-label="Path value"
              value={match.path}
              onChange={(e) => onChange({ ...match, path: e.target.value })}
              className="font-mono"
            />
          </label>
        )}
        {match.pathType !== "none" && (
          <label className="flex items-center gap-1 pb-2 text-xs">
            <input
              type="checkbox"
              checked={match.pathCaseSensitive}
              onChange={(e) => onChange({ ...match, pathCaseSensitive: e.target.checked })}
            />
            case-sensitive
          </label>
        )}
        <label className="flex w-32 flex-col gap-1">
          <span className="text-xs text-neutral-600">Method</span>
          <Input
            aria-label="Method"
            placeholder="any"
            value={match.method}
            onChange={(e) => onChange({ ...match, method: e.target.value })}
            className="font-mono"
          />
        </label>
      </div>
      <Err message={error("after.match.httpMatch.pathMatch")} />
      <Err message={exact("after.match.httpMatch.method")} />
      {match.headers.map((h, i) => (
        <div key={i} className="flex flex-wrap items-center gap-2" data-testid="header-match">
          <Input
            aria-label={`Header ${i + 1} name`}
            placeholder="header"
            value={h.name}
            onChange={(e) => setHeader(i, { name: e.target.value })}
            className="w-40 font-mono"
          />
          <select
            aria-label={`Header ${i + 1} match type`}
            className="h-9 rounded-md border border-neutral-300 px-2"
            value={h.type}
            onChange={(e) => setHeader(i, { type: e.target.value as HeaderType })}
          >
            <option value="exact">is</option>
            <option value="prefix">starts with</option>
            <option value="contains">contains</option>
          </select>
          <Input
            aria-label={`Header ${i + 1} value`}
            value={h.value}
            onChange={(e) => setHeader(i, { value: e.target.value })}
            className="w-48 font-mono"
          />
          <label className="flex items-center gap-1 text-xs">
            <input
              type="checkbox"
              checked={h.caseSensitive}
              onChange={(e) => setHeader(i, { caseSensitive: e.target.checked })}
            />
            case-sensitive
          </label>
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Remove header ${i + 1}`}
            onClick={() => onChange({ ...match, headers: match.headers.filter((_, j) => j !== i) })}
          >
            ✕
          </Button>
          <Err message={error(`after.match.httpMatch.headerMatches.${i}`)} />
        </div>
      ))}
      <Button
        size="sm"
        variant="ghost"
        className="self-start"
        disabled={match.headers.length >= MAX_HEADER_MATCHES}
        onClick={() =>
          onChange({
            ...match,
            headers: [...match.headers, { name: "", type: "exact", value: "", caseSensitive: false }],
          })
        }
      >
        {match.headers.length >= MAX_HEADER_MATCHES
          ? `At most ${MAX_HEADER_MATCHES} headers`
          : "Add a header match"}
      </Button>
      <Err message={exact("after.match.httpMatch") ?? exact("after.match.httpMatch.headerMatches")} />
    </fieldset>
  );
}
