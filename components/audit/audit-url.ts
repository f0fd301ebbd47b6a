import { parseInstant } from "@/lib/domain/http/api-queries";
import { AUDIT_FILTER_KEYS, type AuditFilterInput } from "@/lib/domain/audit/audit-log";

/** `/audit` with these filters, in AUDIT_FILTER_KEYS order. */
export function auditPageHref(filter: AuditFilterInput): string {
  const params = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined && value !== "") params.set(key, value);
  }
  const query = params.toString();
  return query ? `/audit?${query}` : "/audit";
}

/**
 * A filter time as a datetime-local field shows it (`2026-11-21T16:18`, UTC like every time on the console);
 * empty when it is no time at all. Seconds are kept only when they are not zero.
 */
export function toTimeField(value: string | undefined): string {
  const instant = value === undefined ? undefined : parseInstant(value);
  if (instant === undefined) return "";
  const withSeconds = instant.slice(0, 19);
  return withSeconds.endsWith(":00") && instant.slice(19, 23) === ".000"
    ? withSeconds.slice(0, 16)
    : withSeconds;
}

/** The filters a submitted form holds; blank fields are left out. */
export function filterFromForm(form: FormData): AuditFilterInput {
  const filter: AuditFilterInput = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = form.get(key);
    if (typeof value === "string" && value.trim() !== "") filter[key] = value.trim();
  }
  return filter;
}
