import type { ApiResponse, RequestContext } from "../core/context";
import { ApiError } from "../core/errors";
import { filterParams, escapeXml, xmlChildren, xmlResponse, type XmlObject } from "../core/query-protocol";
import { paginate } from "../core/rest-json";

export const EC2_XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";

export function ec2Error(code: string, message: string, status = 400): ApiError {
  return new ApiError(status, code, message);
}

/** ec2Query responses have no Result wrapper: members sit directly under `<{Action}Response>`. */
export function ec2Result(ctx: RequestContext, action: string, body: XmlObject): ApiResponse {
  return xmlResponse(
    200,
    `<${action}Response xmlns="${EC2_XMLNS}"><requestId>${escapeXml(ctx.requestId)}</requestId>` +
      `${xmlChildren(body, "item")}</${action}Response>`,
  );
}

export function renderEc2Error(error: ApiError, ctx: RequestContext): ApiResponse {
  return xmlResponse(
    error.status,
    `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
      `</Error></Errors><RequestID>${escapeXml(ctx.requestId)}</RequestID></Response>`,
  );
}

export function checkDryRun(params: Map<string, string>): void {
  if (params.get("DryRun") === "true") {
    throw ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
  }
}

export function tagSet(tags: Record<string, string>): XmlObject[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/**
 * One page of a Describe call. Without MaxResults EC2 returns everything; with it, MaxResults must lie in
 * [min, max] and a `nextToken` is returned while more items remain.
 */
export function ec2Page<T>(
  params: Map<string, string>,
  items: T[],
  limits: { min: number; max: number },
): { items: T[]; nextToken?: string } {
  const raw = params.get("MaxResults");
  let maxResults: number | undefined;
  if (raw !== undefined) {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isInteger(n) || n < limits.min || n > limits.max) {
      throw ec2Error(
        "InvalidParameterValue",
        `Value ( ${raw} ) for parameter maxResults is invalid. Parameter must be between ${limits.min} and ${limits.max}.`,
      );
    }
    maxResults = n;
  }
  return paginate(items, maxResults, params.get("NextToken"), {
    max: limits.max,
    defaultSize: Number.POSITIVE_INFINITY,
    invalid: () =>
      ec2Error("InvalidPaginationToken", "The specified pagination token is not valid or is expired."),
  });
}

/** EC2 filter values are globs: `*` any run of characters, `?` one character, `\` escapes. */
function globToRegExp(glob: string, caseInsensitive: boolean): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "\\" && i + 1 < glob.length) source += escapeRegExp(glob[++i]!);
    else if (c === "*") source += ".*";
    else if (c === "?") source += ".";
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export interface FilterSpec<T> {
  /** Filter name → the item's values for it (any one matching is enough). */
  fields: Record<string, (item: T) => string | boolean | undefined | (string | undefined)[]>;
  /** Names whose values are compared case-insensitively. */
  caseInsensitive?: string[];
  tags?: (item: T) => Record<string, string>;
}

/** Applies `Filter.N.*`: filters are ANDed, the values of one filter ORed. Unknown names are rejected. */
export function applyFilters<T>(params: Map<string, string>, items: T[], spec: FilterSpec<T>): T[] {
  const predicates: ((item: T) => boolean)[] = [];
  for (const filter of filterParams(params)) {
    const name = filter.name;
    const tagKey = name?.startsWith("tag:") ? name.slice(4) : undefined;
    const getter = name !== undefined && Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;
    let values: (item: T) => string[];
    if (getter) {
      values = (item) => {
        const v = getter(item);
        const list = Array.isArray(v) ? v : [v];
        return list.filter((x): x is string | boolean => x !== undefined).map(String);
      };
    } else if (spec.tags && tagKey !== undefined && tagKey !== "") {
      const tags = spec.tags;
      values = (item) => {
        const value = tags(item)[tagKey];
        return value === undefined ? [] : [value];
      };
    } else if (spec.tags && name === "tag-key") {
      const tags = spec.tags;
      values = (item) => Object.keys(tags(item));
    } else if (spec.tags && name === "tag-value") {
      const tags = spec.tags;
      values = (item) => Object.values(tags(item));
    } else {
      throw ec2Error("InvalidParameterValue", `The filter '${name ?? "null"}' is invalid`);
    }
    if (filter.values.length === 0) {
      throw ec2Error("InvalidParameterCombination", `The filter '${name}' requires at least one value`);
    }
    const patterns = filter.values.map((v) =>
      globToRegExp(v, spec.caseInsensitive?.includes(name!) ?? false),
    );
    predicates.push((item) => values(item).some((v) => patterns.some((p) => p.test(v))));
  }
  return items.filter((item) => predicates.every((p) => p(item)));
}

/** Resolves explicit ids (`VpcId.N` …) against the caller's items; unknown ids are a `*.NotFound` error. */
export function selectByIds<T>(
  items: T[],
  ids: string[],
  idOf: (item: T) => string,
  notFound: (missing: string[]) => ApiError,
): T[] {
  if (ids.length === 0) return items;
  const wanted = new Set(ids);
  const selected = items.filter((item) => wanted.has(idOf(item)));
  const found = new Set(selected.map(idOf));
  const missing = [...wanted].filter((id) => !found.has(id));
  if (missing.length > 0) throw notFound(missing);
  return selected;
}

/** `'a'` or `'a, b'` as EC2 quotes ids in NotFound messages. */
export function quotedIds(ids: string[]): string {
  return `'${ids.join(", ")}'`;
}
