import { z } from "zod";
import { ApiError, notFound, validation, type FieldProblem } from "../core/errors";
import type { RequestContext } from "../core/context";
import { paginate } from "../core/rest-json";
import { isVisibleTo } from "../core/sharing";
import type { RegionState } from "../core/model";

export const LATTICE_MAX_RESULTS = 100;

export function regionOf(ctx: RequestContext): RegionState {
  return ctx.world.region(ctx.region);
}

/** `arn:aws:vpc-lattice:{region}:{account}:{resource}` */
export function latticeArn(region: string, accountId: string, resource: string): string {
  return `arn:aws:vpc-lattice:${region}:${accountId}:${resource}`;
}

/** The id at the end of an identifier that may be an id or an ARN (`…/svc-abc`). */
export function idFromIdentifier(identifier: string): string {
  return identifier.startsWith("arn:") ? (identifier.split("/").pop() ?? identifier) : identifier;
}

/**
 * Looks up a resource by id or ARN that the caller may read. Anything else is a ResourceNotFoundException, as AWS
 * does not reveal resources the caller can't see.
 */
export function lookup<T extends { arn: string }>(
  map: Map<string, T>,
  identifier: string,
  resourceType: string,
  readable: (record: T) => boolean,
): T {
  const byId = map.get(idFromIdentifier(identifier));
  const found = byId && (!identifier.startsWith("arn:") || byId.arn === identifier) ? byId : undefined;
  if (!found || !readable(found)) {
    throw notFound(
      resourceType,
      identifier,
      `${resourceType.toLowerCase().replace(/_/g, " ")} ${identifier} not found`,
    );
  }
  return found;
}

/** Owned by the caller, or shared with it through RAM. */
export function isReadable(
  ctx: RequestContext,
  _region: RegionState,
  record: { arn: string; ownerAccountId: string },
) {
  return isVisibleTo(ctx.world, ctx.region, record, ctx.caller.accountId);
}

/** Only the owner may change a resource; others who see it (through RAM) get AccessDeniedException. */
export function requireOwner(ctx: RequestContext, record: { arn: string; ownerAccountId: string }) {
  if (record.ownerAccountId !== ctx.caller.accountId) {
    throw new ApiError(
      403,
      "AccessDeniedException",
      `User: ${ctx.caller.arn} is not authorized to modify ${record.arn}: the resource is owned by account ${record.ownerAccountId}`,
    );
  }
}

/** A resource by id or ARN, owned by the caller or shared with it (ResourceNotFoundException otherwise). */
export function findVisible<T extends { arn: string; ownerAccountId: string }>(
  ctx: RequestContext,
  map: Map<string, T>,
  identifier: string,
  resourceType: string,
): T {
  return lookup(map, identifier, resourceType, (record) =>
    isVisibleTo(ctx.world, ctx.region, record, ctx.caller.accountId),
  );
}

/** As findVisible, but only the owner may change the resource. */
export function findOwned<T extends { arn: string; ownerAccountId: string }>(
  ctx: RequestContext,
  map: Map<string, T>,
  identifier: string,
  resourceType: string,
): T {
  const found = findVisible(ctx, map, identifier, resourceType);
  requireOwner(ctx, found);
  return found;
}

function issuePath(path: PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** Validates a JSON body (or query object) with zod; failures become ValidationException with a fieldList. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldList: FieldProblem[] = result.error.issues.map((issue) => ({
    name: issuePath(issue.path) || "body",
    message: issue.message,
  }));
  throw validation(
    `Invalid request: ${fieldList.map((f) => `${f.name}: ${f.message}`).join("; ")}`,
    fieldList,
    "fieldValidationFailed",
  );
}

/** One page of a Lattice List operation (`maxResults` 1–100, opaque `nextToken`). */
export function listPage<T>(ctx: RequestContext, items: T[]): { items: T[]; nextToken?: string } {
  return paginate(items, ctx.query.get("maxResults") ?? undefined, ctx.query.get("nextToken") ?? undefined, {
    max: LATTICE_MAX_RESULTS,
    invalid: (message, field) => validation(message, [{ name: field, message }], "fieldValidationFailed"),
  });
}

/** Query parameter helper: undefined when absent. */
export function queryParam(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.query.get(name);
  return v === null ? undefined : v;
}

/** Stable creation order for list results. */
export function byCreation<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  return a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt);
}

/** Lattice name rule: lowercase letters, digits and single hyphens, not at either end. */
export function nameSchema(min: number, max: number, forbiddenPrefix?: string) {
  let schema = z
    .string()
    .min(min, `must be between ${min} and ${max} characters`)
    .max(max, `must be between ${min} and ${max} characters`)
    .regex(
      /^(?!-)(?!.*--)[a-z0-9-]+(?<!-)$/,
      "must contain only lowercase letters, numbers and hyphens, and must not start or end with a hyphen or contain two consecutive hyphens",
    );
  if (forbiddenPrefix) {
    schema = schema.refine((v) => !v.startsWith(forbiddenPrefix), `must not start with ${forbiddenPrefix}`);
  }
  return schema;
}

export const clientTokenSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[!-~]+$/);
export const tagsSchema = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine((t) => Object.keys(t).length <= 200, "at most 200 tags");

export function setTags(region: RegionState, arn: string, tags: Record<string, string> | undefined) {
  if (tags && Object.keys(tags).length > 0)
    region.tags.set(arn, { ...(region.tags.get(arn) ?? {}), ...tags });
}
