import { ApiError, validation } from "./errors";
import type { ApiResponse, RequestContext, RoutedRequest } from "./context";

export interface RestRoute {
  operation: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** e.g. "/services/{serviceIdentifier}/listeners" */
  path: string;
  handler: (ctx: RequestContext, params: Record<string, string>) => ApiResponse | Promise<ApiResponse>;
}

interface CompiledRoute extends RestRoute {
  parts: { literal?: string; label?: string }[];
}

/** Matches a request against restJson1 routes, decoding each path label after splitting the raw path. */
export function createRestRouter(routes: RestRoute[], unknown: (ctx: RequestContext) => ApiError) {
  const compiled: CompiledRoute[] = routes.map((route) => ({
    ...route,
    parts: route.path
      .split("/")
      .slice(1)
      .map((p) => (p.startsWith("{") ? { label: p.slice(1, -1) } : { literal: p })),
  }));
  return (ctx: RequestContext): RoutedRequest => {
    let pathMatched = false;
    for (const route of compiled) {
      if (route.parts.length !== ctx.segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < route.parts.length; i++) {
        const part = route.parts[i]!;
        const segment = ctx.segments[i]!;
        if (part.literal !== undefined) {
          if (part.literal !== segment) {
            ok = false;
            break;
          }
        } else {
          if (segment === "") {
            ok = false;
            break;
          }
          params[part.label!] = segment;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method !== ctx.method) continue;
      return { operation: route.operation, params, handle: () => route.handler(ctx, params) };
    }
    if (pathMatched) throw new ApiError(405, "UnknownOperationException", `Method ${ctx.method} not allowed`);
    throw unknown(ctx);
  };
}

/** Parses a restJson1 body; an empty body is `{}`. Non-object JSON is a ValidationException (cannotParse). */
export function jsonBody(ctx: RequestContext): Record<string, unknown> {
  const text = ctx.body.toString("utf8").trim();
  if (text === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw validation("Request body must be a JSON object", undefined, "cannotParse");
    }
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw validation("Could not parse request body as JSON", undefined, "cannotParse");
  }
}

export function renderRestJsonError(error: ApiError): ApiResponse {
  return {
    status: error.status,
    headers: { "x-amzn-errortype": error.code, ...error.headers },
    body: { message: error.message, ...error.fields },
  };
}

/** Opaque pagination over an already filtered, stably ordered list. */
export function paginate<T>(
  items: T[],
  maxResultsRaw: unknown,
  nextTokenRaw: unknown,
  options: { max: number; defaultSize?: number; invalid: (message: string, field: string) => ApiError },
): { items: T[]; nextToken?: string } {
  let size = options.defaultSize ?? options.max;
  if (maxResultsRaw !== undefined && maxResultsRaw !== null && maxResultsRaw !== "") {
    const n = typeof maxResultsRaw === "number" ? maxResultsRaw : Number(maxResultsRaw);
    if (!Number.isInteger(n) || n < 1 || n > options.max) {
      throw options.invalid(`maxResults must be an integer between 1 and ${options.max}`, "maxResults");
    }
    size = n;
  }
  let start = 0;
  if (nextTokenRaw !== undefined && nextTokenRaw !== null && nextTokenRaw !== "") {
    const decoded = decodeToken(String(nextTokenRaw));
    if (decoded === undefined || decoded > items.length)
      throw options.invalid("Invalid nextToken", "nextToken");
    start = decoded;
  }
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? encodeToken(start + size) : undefined;
  return next ? { items: page, nextToken: next } : { items: page };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: 1 })).toString("base64url");
}

function decodeToken(token: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (
      parsed &&
      typeof parsed === "object" &&
      "o" in parsed &&
      Number.isInteger(parsed.o) &&
      (parsed.o as number) >= 0
    ) {
      return parsed.o as number;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
