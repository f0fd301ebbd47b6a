"use client";

import { useId, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { AUDIT_RESULTS, KNOWN_AUDIT_OPERATIONS, type AuditFilterInput } from "@/lib/domain/audit/audit-log";
import { RESULT_TITLE } from "./audit-result-badge";
import { filterFromForm, toTimeField } from "./audit-url";

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={htmlFor} className="text-xs font-medium text-neutral-600">
        {label}
      </label>
      {children}
    </div>
  );
}

/** Filters set by a link (an entry's change or rollout) rather than typed: shown, kept on submit, removable. */
const SCOPE_FILTERS = [
  { key: "change", label: "Change" },
  { key: "rollout", label: "Rollout" },
] as const;

/**
 * The audit log's filters as a GET form on /audit: it works as a plain link target, and with JavaScript it
 * hands the filters to `onApply` instead. Fields show the filters in the URL (remount it when they change).
 */
export function AuditFilters({
  filter,
  onApply,
}: {
  filter: AuditFilterInput;
  onApply: (filter: AuditFilterInput) => void;
}) {
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(filterFromForm(new FormData(event.currentTarget)));
  };
  const text = (
    key: "actor" | "operation" | "resource" | "account" | "region",
    label: string,
    placeholder: string,
  ) => (
    <Field label={label} htmlFor={`${id}-${key}`}>
      <Input
        id={`${id}-${key}`}
        name={key}
        defaultValue={filter[key] ?? ""}
        placeholder={placeholder}
        list={key === "operation" ? `${id}-operations` : undefined}
        autoComplete="off"
        spellCheck={false}
        className="font-mono text-xs"
      />
    </Field>
  );
  return (
    <form
      method="get"
      action="/audit"
      role="search"
      aria-label="Filter the audit log"
      onSubmit={submit}
      className="rounded-xl border border-neutral-200 bg-white p-4 shadow-sm"
    >
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-8">
        {text("operation", "Operation", "StartCrawl")}
        <Field label="Result" htmlFor={`${id}-result`}>
          <select
            id={`${id}-result`}
            name="result"
            defaultValue={filter.result ?? ""}
            className="h-9 w-full rounded-md border border-neutral-300 bg-white px-2 text-sm text-neutral-900 focus:border-sky-600 focus:ring-2 focus:ring-sky-600/20 focus:outline-none"
          >
            <option value="">Any</option>
            {AUDIT_RESULTS.map((result) => (
              <option key={result} value={result} title={RESULT_TITLE[result]}>
                {result}
              </option>
            ))}
          </select>
        </Field>
        {text("actor", "Actor id", "local")}
        {text("resource", "Resource ARN", "arn:aws:vpc-lattice:…")}
        {text("account", "Account", "111122223333")}
        {text("region", "Region", "us-east-1")}
        <Field label="From (UTC)" htmlFor={`${id}-from`}>
          <Input
            id={`${id}-from`}
            name="from"
            type="datetime-local"
            defaultValue={toTimeField(filter.from)}
            className="text-xs"
          />
        </Field>
        <Field label="Until (UTC)" htmlFor={`${id}-to`}>
          <Input
            id={`${id}-to`}
            name="to"
            type="datetime-local"
            defaultValue={toTimeField(filter.to)}
            className="text-xs"
          />
        </Field>
      </div>
      <datalist id={`${id}-operations`}>
        {KNOWN_AUDIT_OPERATIONS.map((operation) => (
          <option key={operation} value={operation} />
        ))}
      </datalist>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {SCOPE_FILTERS.map(({ key, label }) => {
          const value = filter[key];
          if (!value) return null;
          const { [key]: _removed, ...rest } = filter;
          return (
            <span
              key={key}
              data-testid={`audit-filter-${key}`}
              className="inline-flex items-center gap-1 rounded-full border border-violet-200 bg-violet-50 py-0.5 pr-1 pl-2.5 text-xs text-violet-900"
            >
              <input type="hidden" name={key} value={value} />
              {label} <span className="font-mono">{value}</span>
              <button
                type="button"
                aria-label={`Remove the ${label.toLowerCase()} filter`}
                title={`Show entries of every ${label.toLowerCase()}`}
                onClick={() => onApply(rest)}
                className="rounded-full px-1 text-violet-700 hover:bg-violet-100 hover:text-violet-950"
              >
                ×
              </button>
            </span>
          );
        })}
        <Button type="submit" size="sm" variant="primary">
          Apply filters
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => onApply({})}>
          Clear
        </Button>
      </div>
    </form>
  );
}
