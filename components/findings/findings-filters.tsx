"use client";

import { useId } from "react";
import { SEVERITIES, type Severity } from "@/lib/domain/topology/findings";
import { SEVERITY_STYLES } from "./severity-badge";

export interface FacetOption {
  value: string;
  label: string;
  /** Shown small after the label (an account id …). */
  hint?: string;
  count: number;
}

/** A group of checkboxes over one filter, with how many findings each value would show. */
export function FacetGroup({
  legend,
  name,
  options,
  selected,
  onToggle,
}: {
  legend: string;
  name: string;
  options: FacetOption[];
  selected: readonly string[];
  onToggle: (value: string) => void;
}) {
  const id = useId();
  if (options.length === 0) return null;
  return (
    <fieldset className="flex flex-col gap-1" data-testid={`facet-${name}`}>
      <legend className="mb-1 text-xs font-semibold tracking-wide text-neutral-500 uppercase">
        {legend}
      </legend>
      {options.map((option) => {
        const checked = selected.includes(option.value);
        const inputId = `${id}-${option.value}`;
        return (
          <label
            key={option.value}
            htmlFor={inputId}
            className={`flex cursor-pointer items-start gap-2 rounded px-1 py-0.5 text-sm hover:bg-neutral-100 ${option.count === 0 && !checked ? "text-neutral-400" : ""}`}
          >
            <input
              id={inputId}
              type="checkbox"
              name={name}
              value={option.value}
              checked={checked}
              onChange={() => onToggle(option.value)}
              className="mt-0.5 accent-sky-700"
            />
            <span className="min-w-0 flex-1">
              {option.label}
              {option.hint && (
                <span className="ml-1 font-mono text-[11px] text-neutral-500">{option.hint}</span>
              )}
            </span>
            <span className="font-mono text-xs text-neutral-500">{option.count}</span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** Counts per severity; each one toggles the severity filter. */
export function SeverityCounts({
  counts,
  selected,
  onToggle,
}: {
  counts: Record<Severity, number>;
  selected: readonly Severity[];
  onToggle: (severity: Severity) => void;
}) {
  return (
    <div role="group" aria-label="Severity" className="flex flex-wrap gap-2" data-testid="severity-counts">
      {SEVERITIES.map((severity) => {
        const pressed = selected.includes(severity);
        return (
          <button
            key={severity}
            type="button"
            aria-pressed={pressed}
            data-testid={`severity-count-${severity}`}
            onClick={() => onToggle(severity)}
            className={`flex items-baseline gap-2 rounded-md border px-3 py-1.5 text-sm transition-colors ${
              pressed
                ? "border-neutral-900 bg-white shadow-sm"
                : "border-neutral-200 bg-white hover:border-neutral-400"
            } ${counts[severity] === 0 && !pressed ? "opacity-50" : ""}`}
          >
            <span
              className={`rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase ${SEVERITY_STYLES[severity]}`}
            >
              {severity}
            </span>
            <span className="font-mono text-base font-semibold tabular-nums">{counts[severity]}</span>
          </button>
        );
      })}
    </div>
  );
}
