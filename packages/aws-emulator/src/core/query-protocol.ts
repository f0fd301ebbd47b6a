import { ApiError } from "./errors";
import type { ApiResponse, RequestContext, RoutedRequest } from "./context";

/** Parameters of an awsQuery / ec2Query request: the URL query merged with the form body (the body wins). */
export function formParams(ctx: RequestContext): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of ctx.query) params.set(key, value);
  if (ctx.body.length > 0) {
    for (const [key, value] of new URLSearchParams(ctx.body.toString("utf8"))) params.set(key, value);
  }
  return params;
}

/** The sorted indexes N of keys `{prefix}.N` or `{prefix}.N.…`. */
export function listIndexes(params: Map<string, string>, prefix: string): number[] {
  const found = new Set<number>();
  const start = `${prefix}.`;
  for (const key of params.keys()) {
    if (!key.startsWith(start)) continue;
    const rest = key.slice(start.length);
    const dot = rest.indexOf(".");
    const index = dot === -1 ? rest : rest.slice(0, dot);
    if (/^[1-9]\d*$/.test(index)) found.add(Number(index));
  }
  return [...found].sort((a, b) => a - b);
}

/** A flattened list `{prefix}.1=a&{prefix}.2=b` (EC2 `VpcId.N`, STS `PolicyArns.member.N`). */
export function listParam(params: Map<string, string>, prefix: string): string[] {
  const out: string[] = [];
  for (const index of listIndexes(params, prefix)) {
    const value = params.get(`${prefix}.${index}`);
    if (value !== undefined) out.push(value);
  }
  return out;
}

export interface QueryFilter {
  name: string | undefined;
  values: string[];
}

/** EC2 filters: `Filter.N.Name` with `Filter.N.Value.M`. */
export function filterParams(params: Map<string, string>): QueryFilter[] {
  return listIndexes(params, "Filter").map((index) => ({
    name: params.get(`Filter.${index}.Name`),
    values: listParam(params, `Filter.${index}.Value`),
  }));
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | XmlObject;
export interface XmlObject {
  [element: string]: XmlValue;
}

/**
 * One element. Objects become child elements in key order, arrays become `<item>` (EC2) or `<member>`
 * (awsQuery) children, and undefined/null members are left out, as AWS omits unset members.
 */
export function xmlElement(name: string, value: XmlValue, listItem: "item" | "member"): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${name}/>`;
    return `<${name}>${value.map((v) => xmlElement(listItem, v, listItem)).join("")}</${name}>`;
  }
  if (typeof value === "object") return `<${name}>${xmlChildren(value, listItem)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function xmlChildren(value: XmlObject, listItem: "item" | "member"): string {
  return Object.entries(value)
    .map(([key, child]) => xmlElement(key, child, listItem))
    .join("");
}

export function xmlDocument(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

export function xmlResponse(status: number, body: string): ApiResponse {
  return { status, headers: { "content-type": "text/xml;charset=UTF-8" }, body: xmlDocument(body) };
}

export type QueryAction = (
  ctx: RequestContext,
  params: Map<string, string>,
) => ApiResponse | Promise<ApiResponse>;

/** Routes a query-protocol request on its `Action` parameter. */
export function createQueryRouter(
  actions: Record<string, QueryAction>,
  unknownAction: (action: string) => ApiError,
): (ctx: RequestContext) => RoutedRequest {
  return (ctx) => {
    const params = formParams(ctx);
    const action = params.get("Action");
    if (!action) {
      throw new ApiError(400, "MissingAction", "The request must contain the parameter Action");
    }
    const handler = Object.hasOwn(actions, action) ? actions[action] : undefined;
    if (!handler) throw unknownAction(action);
    return { operation: action, handle: () => handler(ctx, params) };
  };
}
