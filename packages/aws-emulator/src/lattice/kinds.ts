import type { z } from "zod";
import type { ApiResponse, RequestContext } from "../core/context";
import { conflict, quotaExceeded } from "../core/errors";
import type { RegionState } from "../core/model";
import { jsonBody, type RestRoute } from "../core/rest-json";
import type { World } from "../core/world";
import {
  byCreation,
  isReadable,
  latticeArn,
  lookup,
  listPage,
  parseInput,
  regionOf,
  requireOwner,
  setTags,
} from "./common";

type Body = Record<string, unknown>;

/**
 * A Lattice resource kind whose Create, Get, List, Update and Delete operations have one shape: a record kept by
 * id in its region, read by id or ARN, listed in creation order with `maxResults`/`nextToken`. A kind is a row of
 * data and hooks; `kindRoutes` turns it into the five restJson1 routes, each as AWS names and answers it.
 */
export interface ResourceKind<T extends KindRecord, C extends CreateInput, P, U> extends KindStore<T> {
  /** The operations' noun: CreateServiceNetwork, GetServiceNetwork, ListServiceNetworks … */
  noun: string;
  /** The collection's path; one resource is at `${path}/{${label}}`. */
  path: string;
  label: string;
  create?: CreateSpec<T, C, P>;
  get(ctx: RequestContext, region: RegionState, record: T): Body;
  list: ListSpec<T>;
  update?: UpdateSpec<T, U>;
  delete: DeleteSpec<T>;
}

/** Where a kind's records are and who may read and change them. */
export interface KindStore<T extends KindRecord> {
  /** `resourceType` of the kind's errors, e.g. SERVICE_NETWORK. */
  resourceType: string;
  records(region: RegionState): Map<string, T>;
  /** Whether the caller sees a record (default: it owns the record or RAM shares the record with it). */
  readable?(ctx: RequestContext, region: RegionState, record: T): boolean;
  /** Who may change or delete a record it sees: only its owner (the default) or any account that sees it. */
  writers?: "owner" | "readers";
}

export interface KindRecord {
  id: string;
  arn: string;
  ownerAccountId: string;
  createdAt: string;
}

export interface CreateInput {
  clientToken?: string | undefined;
  tags?: Record<string, string> | undefined;
}

export interface CreateSpec<T, C, P> {
  schema: z.ZodType<C>;
  status: 200 | 201;
  /** A retried Create with the same clientToken answers as the first did (where the emulator implements it). */
  idempotent?: boolean;
  /** Everything that may refuse the request, in the order AWS checks it; what it returns goes to `build`. */
  prepare(ctx: RequestContext, region: RegionState, input: C): P;
  /** The new record, once every check passed and its id is drawn. */
  build(fresh: Fresh<C, P>): T;
  body(record: T, input: C): Body;
  /** What else the new record brings about (after it is stored and tagged). */
  after?(ctx: RequestContext, region: RegionState, record: T): void;
  /** Id prefix and ARN resource type of a new record (`arn:…:{arnType}/{id}`). */
  idPrefix: string;
  arnType: string;
}

export interface Fresh<C, P> {
  ctx: RequestContext;
  region: RegionState;
  input: C;
  prepared: P;
  id: string;
  arn: string;
  now: string;
}

export interface ListSpec<T> {
  /** Reads the List operation's filters (refusing bad ones) and returns which records they keep. */
  filter?(ctx: RequestContext, region: RegionState): (record: T) => boolean;
  /** Order of the pages (default: creation time, then id). */
  order?: (a: T, b: T) => number;
  item(ctx: RequestContext, region: RegionState): (record: T) => Body;
}

export interface UpdateSpec<T, U> {
  schema: z.ZodType<U>;
  /** Look the resource up before reading the body (the default reads the body first). */
  lookupFirst?: boolean;
  /** A refusal beyond the kind's writers rule, before the body is read. */
  authorize?(ctx: RequestContext, record: T): void;
  apply(ctx: RequestContext, region: RegionState, record: T, input: U): Body;
}

export interface DeleteSpec<T> {
  /** Why the record can't go yet (a ConflictException or ValidationException), checked before anything changes. */
  check?(ctx: RequestContext, region: RegionState, record: T): void;
  /** What goes with the record. */
  cascade?(ctx: RequestContext, region: RegionState, record: T): void;
  /** The answer's body; without one the answer is 204 No Content. */
  body?(record: T): Body;
}

/** Declares a kind; the type parameters come from its schemas and hooks. */
export function defineKind<T extends KindRecord, C extends CreateInput, P, U>(
  kind: ResourceKind<T, C, P, U>,
): ResourceKind<T, C, P, U> {
  return kind;
}

/** A record of the kind by id or ARN, as the caller may read it or (`"write"`) change it. */
export function findRecord<T extends KindRecord>(
  ctx: RequestContext,
  kind: KindStore<T>,
  identifier: string,
  access: "read" | "write",
): T {
  const region = regionOf(ctx);
  const readable = kind.readable ?? isReadable;
  const found = lookup(kind.records(region), identifier, kind.resourceType, (record) =>
    readable(ctx, region, record),
  );
  if (access === "write" && kind.writers !== "readers") requireOwner(ctx, found);
  return found;
}

/** The kind's restJson1 routes: Create, List, Get, Update and Delete, those it has. */
export function kindRoutes<T extends KindRecord, C extends CreateInput, P, U>(
  kind: ResourceKind<T, C, P, U>,
): RestRoute[] {
  const item = `${kind.path}/{${kind.label}}`;
  const routes: RestRoute[] = [];
  const { create, update } = kind;
  const remove = kind.delete;
  const find = (ctx: RequestContext, params: Record<string, string>, access: "read" | "write") =>
    findRecord(ctx, kind, params[kind.label] ?? "", access);

  if (create) {
    routes.push({
      operation: `Create${kind.noun}`,
      method: "POST",
      path: kind.path,
      handler: (ctx) => {
        const input = parseInput(create.schema, jsonBody(ctx));
        const make = () => createRecord(ctx, kind, create, input);
        if (!create.idempotent) return make();
        const { clientToken, ...params } = input;
        const operation = `Create${kind.noun}`;
        return withClientToken(
          ctx,
          { operation, resourceType: kind.resourceType, clientToken, params },
          make,
        );
      },
    });
  }
  routes.push({
    operation: `List${kind.noun}s`,
    method: "GET",
    path: kind.path,
    handler: (ctx) => {
      const region = regionOf(ctx);
      const keep = kind.list.filter?.(ctx, region) ?? (() => true);
      const readable = kind.readable ?? isReadable;
      const records = [...kind.records(region).values()]
        .filter((record) => keep(record) && readable(ctx, region, record))
        .sort(kind.list.order ?? byCreation);
      const page = listPage(ctx, records);
      return { status: 200, body: { ...page, items: page.items.map(kind.list.item(ctx, region)) } };
    },
  });
  routes.push({
    operation: `Get${kind.noun}`,
    method: "GET",
    path: item,
    handler: (ctx, params) => ({
      status: 200,
      body: kind.get(ctx, regionOf(ctx), find(ctx, params, "read")),
    }),
  });
  if (update) {
    routes.push({
      operation: `Update${kind.noun}`,
      method: "PATCH",
      path: item,
      handler: (ctx, params) => {
        let record: T | undefined;
        if (update.lookupFirst) {
          record = find(ctx, params, "write");
          update.authorize?.(ctx, record);
        }
        const input = parseInput(update.schema, jsonBody(ctx));
        record ??= find(ctx, params, "write");
        return { status: 200, body: update.apply(ctx, regionOf(ctx), record, input) };
      },
    });
  }
  routes.push({
    operation: `Delete${kind.noun}`,
    method: "DELETE",
    path: item,
    handler: (ctx, params) => {
      const region = regionOf(ctx);
      const record = find(ctx, params, "write");
      remove.check?.(ctx, region, record);
      kind.records(region).delete(record.id);
      forgetResourceArn(region, record.arn);
      remove.cascade?.(ctx, region, record);
      return remove.body ? { status: 200, body: remove.body(record) } : { status: 204 };
    },
  });
  return routes;
}

function createRecord<T extends KindRecord, C extends CreateInput, P>(
  ctx: RequestContext,
  kind: KindStore<T>,
  create: CreateSpec<T, C, P>,
  input: C,
): ApiResponse {
  const region = regionOf(ctx);
  const prepared = create.prepare(ctx, region, input);
  const id = ctx.world.newId(create.idPrefix);
  const arn = latticeArn(ctx.region, ctx.caller.accountId, `${create.arnType}/${id}`);
  const record = create.build({ ctx, region, input, prepared, id, arn, now: ctx.world.now() });
  kind.records(region).set(id, record);
  setTags(region, record.arn, input.tags);
  create.after?.(ctx, region, record);
  return { status: create.status, body: create.body(record, input) };
}

/** Names are unique per kind, account and Region: a second one is a ConflictException naming the first. */
export function requireUniqueName<T extends KindRecord & { name: string }>(
  ctx: RequestContext,
  records: Map<string, T>,
  name: string,
  resourceType: string,
  label: string,
) {
  for (const record of records.values()) {
    if (record.ownerAccountId === ctx.caller.accountId && record.name === name) {
      throw conflict(resourceType, record.id, `A ${label} named ${name} already exists`);
    }
  }
}

/** A per-account, per-Region quota of the kind (ServiceQuotaExceededException with its quota code). */
export function requireQuota(
  ctx: RequestContext,
  records: Map<string, KindRecord>,
  quota: { limit: number; code: string; label: string; resourceType: string },
) {
  let owned = 0;
  for (const record of records.values()) if (record.ownerAccountId === ctx.caller.accountId) owned++;
  if (owned >= quota.limit) {
    throw quotaExceeded(
      quota.resourceType,
      quota.code,
      `You have reached the quota of ${quota.limit} ${quota.label} per Region`,
    );
  }
}

const clientTokens = new WeakMap<World, Map<string, { fingerprint: string; response: ApiResponse }>>();

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * clientToken idempotency of Create* operations: a retry with the same token and parameters returns the first
 * response without creating anything; the same token with other parameters is a ConflictException.
 */
export function withClientToken(
  ctx: RequestContext,
  input: { operation: string; resourceType: string; clientToken: string | undefined; params: unknown },
  create: () => ApiResponse,
): ApiResponse {
  if (input.clientToken === undefined) return create();
  let byKey = clientTokens.get(ctx.world);
  if (!byKey) {
    byKey = new Map();
    clientTokens.set(ctx.world, byKey);
  }
  const key = `${ctx.caller.accountId}|${ctx.region}|${input.operation}|${input.clientToken}`;
  const fingerprint = canonicalJson(input.params);
  const previous = byKey.get(key);
  if (previous) {
    if (previous.fingerprint === fingerprint) return previous.response;
    throw conflict(
      input.resourceType,
      input.clientToken,
      `The client token ${input.clientToken} was already used with different parameters`,
    );
  }
  const response = create();
  byKey.set(key, { fingerprint, response });
  return response;
}

/**
 * Drops what hangs off a deleted resource's ARN: tags, auth and resource policies, and access log subscriptions
 * with their own tags.
 */
export function forgetResourceArn(region: RegionState, arn: string): void {
  region.tags.delete(arn);
  region.authPolicies.delete(arn);
  region.resourcePolicies.delete(arn);
  for (const [id, subscription] of region.accessLogSubscriptions) {
    if (subscription.resourceArn !== arn) continue;
    region.accessLogSubscriptions.delete(id);
    region.tags.delete(subscription.arn);
  }
}

/** Creation time only: records created at the same instant keep the order they were stored in. */
export function byCreatedAt<T extends { createdAt: string }>(a: T, b: T): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}

/** Stable creation order for List operations (Array.prototype.sort is stable, so equal timestamps keep insertion order). */
export function inCreationOrder<T extends { createdAt: string }>(items: Iterable<T>): T[] {
  return [...items].sort(byCreatedAt);
}
