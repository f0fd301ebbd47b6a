import { z } from "zod";

/** One query or path parameter: a single string (a repeated `?run=1&run=2` is refused, not guessed). */
function param(name: string) {
  return z.string({
    error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be given once`),
  });
}

function integerParam(name: string, min: number, max: number) {
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
function runRefParam(name: string) {
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
export const resourceIdSchema = param("id")
  .min(1, "id is required")
  .max(2048, "id is too long")
  .regex(/^[a-z][a-z0-9-]*:\S+$/, "id must be a resource ARN or a Trellis id like account:111122223333");

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

/** `{id}` of a change or rollout: a UUID. */
export const changeIdSchema = z.object({ id: z.uuid({ error: "id must be a UUID" }) });
