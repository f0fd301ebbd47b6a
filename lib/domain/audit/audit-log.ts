import type { AuditEntry, AuditResult } from "./audit";
import { csvRecord } from "../text/csv";

export const AUDIT_RESULTS = [
  "pending",
  "applied",
  "conflict",
  "rejected",
  "aws-error",
  "not-applied",
] as const satisfies readonly AuditResult[];

/** The audit log's filters: query parameters of GET /api/audit, of its CSV export and of the /audit page. */
export const AUDIT_FILTER_KEYS = [
  "actor",
  "operation",
  "resource",
  "account",
  "region",
  "result",
  "change",
  "rollout",
  "from",
  "to",
] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

/** Filters as a form or a URL holds them, before validation. */
export type AuditFilterInput = Partial<Record<AuditFilterKey, string>>;

/** The filters among query parameters: known keys given once with a value, in AUDIT_FILTER_KEYS order. */
export function auditFilterInput(
  params: Record<string, string | string[] | undefined> | URLSearchParams,
): AuditFilterInput {
  const get = (key: string) => (params instanceof URLSearchParams ? params.getAll(key) : params[key]);
  const input: AuditFilterInput = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = get(key);
    const single = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
    if (single !== undefined && single.trim() !== "") input[key] = single.trim();
  }
  return input;
}

/** Operations Trellis records today, offered as suggestions by the audit page's filter. */
export const KNOWN_AUDIT_OPERATIONS = ["StartCrawl", "SaveLayout", "ClearLayout"] as const;

/** An operation name: verb-first, letters and digits, e.g. `UpdateListener`. */
export const AUDIT_OPERATION = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const MAX_JSON_DEPTH = 64;

/** Text PostgreSQL can store: no NUL characters, no unpaired surrogates. */
export function storableText(text: string): string {
  return text.toWellFormed().replaceAll("\u0000", "\uFFFD");
}

/**
 * `value` as the JSON the audit log stores, as JSON.stringify would see it (undefined members dropped,
 * non-finite numbers null, dates as RFC 3339), plus bigints as strings and text made storable. Undefined for
 * undefined. Nesting deeper than 64 levels (only a cycle gets there) is cut off as null.
 */
export function toAuditJson(value: unknown, depth = 0): JsonValue | undefined {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null) return null;
  if (typeof value === "string") return storableText(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_JSON_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => toAuditJson(item, depth + 1) ?? null);
  const members: [string, JsonValue][] = [];
  for (const [key, member] of Object.entries(value)) {
    const json = toAuditJson(member, depth + 1);
    if (json !== undefined) members.push([storableText(key), json]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays data.
  return Object.fromEntries(members);
}

/** The largest `before` or `after` the audit log stores whole, as UTF-8 JSON: an AWS state fits many times over. */
export const MAX_AUDIT_JSON_BYTES = 256 * 1024;

/** What the audit log keeps of a larger one: enough to tell how big it was and to match a copy of it. */
export interface OversizedAuditJson {
  truncated: true;
  /** Size of its JSON text in UTF-8. */
  bytes: number;
  /** SHA-256 of that text, in hex. */
  sha256: string;
}

/**
 * `value` as toAuditJson stores it, or, when its JSON text is over `maxBytes`, only its size and hash: a refused
 * oversized input (a policy of 25,000 principals) must not make the append-only log grow by its size.
 */
export function boundedAuditJson(
  value: unknown,
  sha256: (text: string) => string,
  maxBytes = MAX_AUDIT_JSON_BYTES,
): JsonValue | OversizedAuditJson | undefined {
  const json = toAuditJson(value);
  if (json === undefined) return undefined;
  const text = JSON.stringify(json);
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so most values need no encoding to be measured.
  if (text.length * 3 <= maxBytes) return json;
  const bytes = new TextEncoder().encode(text).byteLength;
  return bytes <= maxBytes ? json : { truncated: true, bytes, sha256: sha256(text) };
}

/** The account and region an ARN names (`arn:partition:service:region:account:resource`), where it has them. */
export function arnScope(arn: string): { accountId?: string; region?: string } {
  const parts = arn.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return {};
  const [, , , region, accountId] = parts;
  return {
    ...(accountId && /^\d{12}$/.test(accountId) ? { accountId } : {}),
    ...(region ? { region } : {}),
  };
}

/** Where a page of the audit log ends: newest first by time, then by id among entries of the same millisecond. */
export interface AuditCursor {
  /** RFC 3339 with milliseconds, in UTC. */
  at: string;
  id: number;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([1-9]\d{0,15})$/;

/** `2026-11-21T16:18:45.123Z_42`: readable, and safe in a URL without encoding. */
export function formatAuditCursor(entry: Pick<AuditEntry, "at" | "id">): string {
  return `${new Date(entry.at).toISOString()}_${entry.id}`;
}

export function parseAuditCursor(text: string): AuditCursor | undefined {
  const match = CURSOR.exec(text);
  if (!match) return undefined;
  const [, at = "", id = ""] = match;
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at) return undefined;
  const number = Number(id);
  return Number.isSafeInteger(number) ? { at, id: number } : undefined;
}

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "actor_id",
  "actor_name",
  "actor_email",
  "actor_role",
  "actor_via",
  "operation",
  "resource_arn",
  "account_id",
  "region",
  "result",
  "message",
  "aws_request_id",
  "before",
  "after",
  "intent_id",
  "change_id",
  "rollout_id",
] as const;

function jsonCell(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

export function auditCsvHeader(): string {
  return csvRecord(AUDIT_CSV_COLUMNS);
}

/** One entry as a CSV record in the order of AUDIT_CSV_COLUMNS; before and after as compact JSON. */
export function auditCsvRecord(entry: AuditEntry): string {
  return csvRecord([
    entry.id,
    entry.at,
    entry.actor.id,
    entry.actor.name,
    entry.actor.email,
    entry.actor.role,
    entry.actor.via,
    entry.operation,
    entry.resourceArn,
    entry.accountId,
    entry.region,
    entry.result,
    entry.message,
    entry.awsRequestId,
    jsonCell(entry.before),
    jsonCell(entry.after),
    entry.intentId,
    entry.changeId,
    entry.rolloutId,
  ]);
}

/** `trellis-audit-2026-11-21.csv`, dated in UTC. */
export function auditCsvFilename(now: Date): string {
  return `trellis-audit-${now.toISOString().slice(0, 10)}.csv`;
}
