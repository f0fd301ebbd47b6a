import { z } from "zod";
import {
  AUDIT_OPERATION,
  AUDIT_RESULTS,
  parseAuditCursor,
  type AuditCursor,
  type AuditFilterKey,
} from "../audit/audit-log";

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * One query or path parameter: a single string (a repeated `?run=1&run=2` is refused, not guessed) with no
 * control characters, which no id, name or filter Trellis keeps can hold.
 */
export function param(name: string) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be given once`),
    })
    .refine((value) => !CONTROL_CHARACTER.test(value), {
      message: `${name} must not contain control characters`,
      abort: true,
    });
}

export function integerParam(name: string, min: number, max: number) {
  return param(name)
    .regex(/^\d{1,16}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));
}

const RUN_ID = /^[1-9]\d{0,15}$/;

function runIdParam(name: string) {
  return param(name)
    .regex(RUN_ID, `${name} must be a crawl run id (a positive whole number)`)
    .transform(Number)
    .refine((id) => Number.isSafeInteger(id), `${name} is not a crawl run id`);
}

/** A run: its id, or `latest` for the most recent crawl (the default where a run is optional). */
export function runRefParam(name: string) {
  return param(name)
    .regex(/^(latest|[1-9]\d{0,15})$/, `${name} must be a crawl run id or "latest"`)
    .transform((value): number | "latest" => (value === "latest" ? "latest" : Number(value)))
    .refine((ref) => ref === "latest" || Number.isSafeInteger(ref), `${name} is not a crawl run id`);
}

export const accountIdParamSchema = param("account").regex(
  /^\d{12}$/,
  "account must be a 12-digit AWS account id",
);
export const regionParamSchema = param("region").regex(
  /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
  "region must be an AWS region like us-east-1",
);

export const crawlListQuerySchema = z.object({
  limit: integerParam("limit", 1, 100).default(20),
  /** Pages back: runs older than this one. */
  before: runIdParam("before").optional(),
});
export type CrawlListQuery = z.infer<typeof crawlListQuerySchema>;

export const crawlParamsSchema = z.object({ id: runIdParam("id") });
export type CrawlParams = z.infer<typeof crawlParamsSchema>;

export const topologyQuerySchema = z.object({
  run: runRefParam("run").default("latest"),
  account: accountIdParamSchema.optional(),
  region: regionParamSchema.optional(),
});
export type TopologyQuery = z.infer<typeof topologyQuerySchema>;

export const diffQuerySchema = z.object({ from: runRefParam("from"), to: runRefParam("to") });
export type DiffQuery = z.infer<typeof diffQuerySchema>;

/**
 * A resource id: an ARN (`arn:aws:vpc-lattice:…:service/svc-…`, target ids append `/target/<id>:<port>`) or a
 * Trellis synthetic id such as `account:111122223333`: a lowercase scheme, a colon, then no whitespace.
 */
function resourceIdParam(name: string) {
  return param(name)
    .min(1, `${name} is required`)
    .max(2048, `${name} is too long`)
    .regex(
      /^[a-z][a-z0-9-]*:\S+$/,
      `${name} must be a resource ARN or a Trellis id like account:111122223333`,
    );
}

export const resourceIdSchema = resourceIdParam("id");

/**
 * The id from the path `/api/resources/<id>`: one percent-encoded segment, or several when the id's own slashes
 * were sent unencoded. The router has already decoded each segment.
 */
export const resourceParamsSchema = z.object({
  id: z
    .array(z.string())
    .min(1, "id is required")
    .transform((segments) => segments.join("/"))
    .pipe(resourceIdSchema),
});
export type ResourceParams = z.infer<typeof resourceParamsSchema>;

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * An instant as RFC 3339 in UTC with milliseconds, from `2026-11-21T16:18:45Z`, `2026-11-21T18:18+02:00`, or
 * without a zone (read as UTC, as the console shows times) down to a bare date, which means its midnight.
 * Undefined for anything else.
 */
export function parseInstant(value: string): string | undefined {
  const match = INSTANT.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", zone = "Z"] = match;
  const date = new Date(
    `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.slice(0, 3).padEnd(3, "0")}${zone.toUpperCase()}`,
  );
  const calendarDay = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDate();
  return Number.isNaN(date.getTime()) || calendarDay !== Number(day) ? undefined : date.toISOString();
}

function instantParam(name: string) {
  return param(name).transform((value, context) => {
    const instant = parseInstant(value);
    if (instant !== undefined) return instant;
    context.addIssue({
      code: "custom",
      message: `${name} must be a time like 2026-11-21T16:18:00Z or a date like 2026-11-21`,
    });
    return z.NEVER;
  });
}

function auditCursorParam(name: string) {
  return param(name).transform((value, context): AuditCursor => {
    const cursor = parseAuditCursor(value);
    if (cursor) return cursor;
    context.addIssue({ code: "custom", message: `${name} must be a cursor from nextBefore` });
    return z.NEVER;
  });
}

/** Filters shared by the audit list and its CSV export; every one optional, all of them must match. */
const auditFilterShape = {
  /** The actor's stable id (OIDC subject, proxy user, `local`). */
  actor: param("actor").min(1).max(256, "actor is too long"),
  operation: param("operation").regex(AUDIT_OPERATION, "operation must be an operation name like StartCrawl"),
  resource: resourceIdParam("resource"),
  account: accountIdParamSchema,
  region: regionParamSchema,
  result: param("result").pipe(
    z.enum(AUDIT_RESULTS, { error: `result must be one of ${AUDIT_RESULTS.join(", ")}` }),
  ),
  /** Entries about one routing change (its intent, outcome and any refusal). */
  change: param("change").pipe(z.uuid({ error: "change must be a change id (a UUID)" })),
  /** Entries about one rollout: its start, steps, pause, resume and abort. */
  rollout: param("rollout").pipe(z.uuid({ error: "rollout must be a rollout id (a UUID)" })),
  /** Entries at or after this instant. */
  from: instantParam("from"),
  /** Entries before this instant. */
  to: instantParam("to"),
} satisfies Record<AuditFilterKey, z.ZodType>;

function timeRangeInOrder(value: { from?: string; to?: string }, context: z.RefinementCtx) {
  if (value.from !== undefined && value.to !== undefined && value.from >= value.to) {
    context.addIssue({ code: "custom", path: ["to"], message: "to must be later than from" });
  }
}

/** An empty parameter (what a submitted form sends for a blank field) counts as absent. */
function withoutEmpty(input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== ""));
}

const partialAuditFilter = z.object(auditFilterShape).partial();

export const auditFilterSchema = z.preprocess(withoutEmpty, partialAuditFilter.superRefine(timeRangeInOrder));
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditListQuerySchema = z.preprocess(
  withoutEmpty,
  partialAuditFilter
    .extend({
      limit: integerParam("limit", 1, 200).default(50),
      /** Pages back: entries older than this cursor (a previous page's `nextBefore`). */
      before: auditCursorParam("before").optional(),
    })
    .superRefine(timeRangeInOrder),
);
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

/** Query parameters as a plain object; a repeated parameter becomes an array, which the schemas refuse. */
export function searchParamsObject(params: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const previous = result[key];
    if (previous === undefined) result[key] = value;
    else result[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return result;
}

function flagParam(name: string) {
  return param(name)
    .regex(/^(1|0|true|false)$/, `${name} must be 1 or 0`)
    .transform((value) => value === "1" || value === "true");
}

export const rolloutListQuerySchema = z
  .object({
    /** Only the rollouts of this listener. */
    listener: param("listener").regex(
      /^arn:aws[a-z-]*:vpc-lattice:.+\/listener\/listener-[0-9a-z]+$/,
      "listener must be a listener ARN",
    ),
    /** Running and paused rollouts, and those that ended in the last 15 minutes. */
    active: flagParam("active"),
    limit: integerParam("limit", 1, 200),
  })
  .partial();
export type RolloutListQuery = z.infer<typeof rolloutListQuerySchema>;

/** `{id}` of a change or rollout: a UUID. */
export const changeIdSchema = z.object({ id: z.uuid({ error: "id must be a UUID" }) });
