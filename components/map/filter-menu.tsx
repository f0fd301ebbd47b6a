"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";

export interface FilterOption {
  value: string;
  label: string;
  hint?: string;
  icon?: ReactNode;
}

/** A toolbar button opening a checklist; picking nothing means "all". */
export function FilterMenu({
  label,
  options,
  selected,
  onChange,
}: {
  label: string;
  options: FilterOption[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent ? event.key === "Escape" : !ref.current?.contains(event.target as Node)
      ) {
        setOpen(false);
      }
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const chosen = new Set(selected);
  return (
    <div ref={ref} className="relative">
      <Button
        size="sm"
        aria-expanded={open}
        aria-controls={panelId}
        aria-pressed={selected.length > 0}
        onClick={() => setOpen((o) => !o)}
        data-testid={`filter-${label.toLowerCase().replace(/\s+/g, "-")}`}
      >
        {label}
        {selected.length > 0 && <span className="tabular-nums">({selected.length})</span>}
        <svg viewBox="0 0 16 16" aria-hidden="true" className="h-3 w-3">
          <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      </Button>
      {open && (
        <div
          id={panelId}
          role="group"
          aria-label={`Filter by ${label.toLowerCase()}`}
          className="absolute top-full left-0 z-50 mt-1 max-h-80 w-72 overflow-y-auto rounded-lg border border-neutral-200 bg-white p-1 shadow-lg"
        >
          {options.length === 0 && (
            <p className="px-2 py-1.5 text-xs text-neutral-500">Nothing to filter by.</p>
          )}
          {options.map((option) => (
            <label
              key={option.value}
              className={cx(
                "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-neutral-50",
                chosen.has(option.value) && "bg-sky-50",
              )}
            >
              <input
                type="checkbox"
                checked={chosen.has(option.value)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...selected, option.value]
                      : selected.filter((value) => value !== option.value),
                  )
                }
                className="h-3.5 w-3.5 accent-sky-600"
              />
              {option.icon}
              <span className="min-w-0 flex-1 truncate">{option.label}</span>
              {option.hint && (
                <span className="shrink-0 font-mono text-[11px] text-neutral-500">{option.hint}</span>
              )}
            </label>
          ))}
          {selected.length > 0 && (
            <button
              type="button"
              onClick={() => onChange([])}
              className="mt-1 w-full rounded px-2 py-1 text-left text-xs text-sky-700 hover:bg-neutral-50"
            >
              Show all
            </button>
          )}
        </div>
      )}
    </div>
  );
}
