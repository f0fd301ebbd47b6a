import type { NextRequest } from "next/server";
import type { z } from "zod";
import {
  ApiError,
  invalidRequest,
  parseInput,
  parseJsonText,
  payloadTooLarge,
  type ApiErrorBody,
  type AwsErrorBody,
} from "@/lib/domain/http/api-errors";
import { searchParamsObject } from "@/lib/domain/http/api-queries";
import { MAX_BODY_BYTES } from "@/lib/domain/http/request-body";
import type { Principal } from "@/lib/domain/auth/auth";
import { authorizeApiRequest } from "@/lib/server/auth/authorize-request";
import { LockBusyError, TooManyLockWaitersError } from "@/lib/server/db/advisory-locks";
import { isDatabaseUnavailable } from "@/lib/server/db/database";
import { observeApiRequest } from "@/lib/server/observability/http-metrics";
import { OutcomeNotRecordedError } from "@/lib/server/services/audit/write-ahead";

type Params = Record<string, string | string[]>;

/**
 * Wraps a route handler: first the route table's access rule (origin of a write, role, rate limit; see
 * authorizeApiRequest), then the handler, given the principal that rule authorised — handlers never identify the
 * caller again. Every failure answers JSON `{error: {code, message, issues?}}`: ApiError with its status, a busy
 * lock 409 and too many waiting applies 429 (both with Retry-After), a database that is unreachable or did not
 * answer in time 503, anything else 500 (logged, not echoed).
 */
export function apiRoute<P extends Params = Params>(
  handler: (request: NextRequest, params: P, actor: Principal) => Promise<Response>,
) {
  return wrap<P>(async (request, params) => {
    const actor = await authorizeApiRequest(request);
    if (!actor) {
      throw new Error(
        `${request.method} ${request.nextUrl.pathname} is public in API_ROUTES: use publicApiRoute`,
      );
    }
    return handler(request, params, actor);
  });
}

/** Like apiRoute, for the routes API_ROUTES makes public (the sign-in flow): no principal to hand over. */
export function publicApiRoute<P extends Params = Params>(
  handler: (request: NextRequest, params: P) => Promise<Response>,
) {
  return wrap<P>(async (request, params) => {
    await authorizeApiRequest(request);
    return handler(request, params);
  });
}

function wrap<P extends Params>(handler: (request: NextRequest, params: P) => Promise<Response>) {
  return (request: NextRequest, context: { params: Promise<P> }): Promise<Response> =>
    observeApiRequest(request, async () => {
      try {
        return await handler(request, await context.params);
      } catch (error) {
        return errorResponse(error);
      }
    });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    const headers = error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
    return Response.json(error.toBody(), { status: error.status, headers });
  }
  if (error instanceof LockBusyError) {
    return Response.json({ error: { code: "busy", message: error.message } } satisfies ApiErrorBody, {
      status: 409,
      headers: { "retry-after": String(error.retryAfterSeconds) },
    });
  }
  if (error instanceof TooManyLockWaitersError) {
    return Response.json(
      { error: { code: "too_many_requests", message: error.message } } satisfies ApiErrorBody,
      {
        status: 429,
        headers: { "retry-after": "5" },
      },
    );
  }
  if (error instanceof OutcomeNotRecordedError) {
    return Response.json(
      { error: { code: "outcome_not_recorded", message: error.message } } satisfies ApiErrorBody,
      { status: 503, headers: { "retry-after": "10" } },
    );
  }
  if (isDatabaseUnavailable(error)) {
    return Response.json(
      { error: { code: "unavailable", message: databaseMessage(error) } } satisfies ApiErrorBody,
      {
        status: 503,
        headers: { "retry-after": "5" },
      },
    );
  }
  console.error("[api]", error);
  return Response.json(
    {
      error: { code: "internal", message: "The server failed to answer this request" },
    } satisfies ApiErrorBody,
    { status: 500 },
  );
}

/** What the operator is told when the database is away: plain words, the cause's own text when it is ours. */
function databaseMessage(error: unknown): string {
  if (error instanceof Error && error.name === "DatabaseUnavailableError") return error.message;
  return "Trellis's database is not answering (it is down, restarting or overloaded); nothing was changed. Try again in a few seconds.";
}

export function parseQuery<S extends z.ZodType>(schema: S, request: NextRequest): z.output<S> {
  return parseInput(schema, searchParamsObject(request.nextUrl.searchParams), "query");
}

export function parseParams<S extends z.ZodType>(schema: S, params: Params): z.output<S> {
  return parseInput(schema, params, "path");
}

function matchesEtag(request: NextRequest, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || tag.trim().replace(/^W\//, "") === opaque);
}

/**
 * A large JSON body serialised once ahead of time: 304 when the client already has this version, else the bytes
 * as they are. `no-transform` keeps Next from gzipping megabytes on every request, which would cost far more
 * than sending them; Next drops a route's own Content-Encoding, so pre-compressed bytes cannot be served.
 */
export function preparedJson(
  request: NextRequest,
  body: { etag: string; json(): Uint8Array<ArrayBuffer> },
): Response {
  const headers = new Headers({
    "content-type": "application/json",
    etag: body.etag,
    "cache-control": "private, no-cache, no-transform",
  });
  if (matchesEtag(request, body.etag)) return new Response(null, { status: 304, headers });
  return new Response(chunked(body.json()), { headers });
}

/**
 * A JSON answer kept gzipped: 304 when the client has this version, else the gzip as kept to a client whose Accept
 * names application/gzip, or the JSON to others, each with its own ETag. Next drops a route's own
 * Content-Encoding, so a client that accepts gzip gets the gzip itself (the console unzips it with
 * DecompressionStream); curl and other API users get the JSON.
 */
function gzipOrJson(
  request: NextRequest,
  etag: string,
  gzipped: Uint8Array<ArrayBuffer>,
  json: () => ReadableStream<Uint8Array>,
): Response {
  const gzip = acceptsGzip(request);
  const tag = gzip ? etag.replace(/"$/, '-gz"') : etag;
  const headers = new Headers({
    "content-type": gzip ? "application/gzip" : "application/json",
    etag: tag,
    "cache-control": "private, no-cache, no-transform",
    vary: "accept",
  });
  if (matchesEtag(request, tag)) return new Response(null, { status: 304, headers });
  return new Response(gzip ? chunked(gzipped) : json(), { headers });
}

/** A small JSON answer kept both gzipped and plain (the summary, an account). */
export function compressedJson(
  request: NextRequest,
  body: { etag: string; json(): Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer> },
): Response {
  return gzipOrJson(request, body.etag, body.gzip, () => chunked(body.json()));
}

/** A JSON answer kept gzipped and unzipped as it is sent to a JSON client (the whole estate of a large one). */
export function streamedJson(
  request: NextRequest,
  body: { etag: string; gzip: Uint8Array<ArrayBuffer>; stream(): ReadableStream<Uint8Array> },
): Response {
  return gzipOrJson(request, body.etag, body.gzip, () => body.stream());
}

function acceptsGzip(request: NextRequest): boolean {
  return /\bapplication\/gzip\b/.test(request.headers.get("accept") ?? "");
}

const CHUNK_BYTES = 1 << 20;

/** Streams views of the bytes: a Uint8Array body would be copied whole for every response. */
function chunked(bytes: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array<ArrayBuffer>> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(bytes.subarray(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
      if (offset >= bytes.byteLength) controller.close();
    },
  });
}

/**
 * The request body as text: 413 as soon as it is known to exceed `limitBytes` (from Content-Length, or while
 * reading a body sent without one, which is then not read further), 400 when it is not UTF-8.
 */
export async function bodyText(request: Request, limitBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limitBytes) throw payloadTooLarge(limitBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw invalidRequest("Invalid body: not UTF-8 text");
    }
  };
  let text = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decode();
    bytes += value.byteLength;
    if (bytes > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limitBytes);
    }
    text += decode(value);
  }
}

/**
 * The request's JSON body; `optional` lets an empty body through as undefined. Over the size limit is a 413;
 * text that is not JSON, nested deeper than MAX_JSON_DEPTH or holding a NUL character is a 400.
 */
export async function jsonBody(request: Request, optional = false): Promise<unknown> {
  return parseJsonText(await bodyText(request), "body", optional);
}

/**
 * The answers of a route as its contract (lib/domain) declares them: `reply(status, body)` only takes a status
 * the contract lists, with the body it declares for it.
 */
export function replyWith<A extends object>() {
  return <S extends keyof A & number>(status: S, body: A[S], headers?: HeadersInit): Response =>
    Response.json(body, { status, ...(headers ? { headers } : {}) });
}

/** 502 for a call AWS refused or failed: its error code, message and request id, to quote to AWS support. */
export function awsErrorResponse(
  failure: { code: string; message: string; requestId?: string },
  extra: Record<string, unknown> = {},
): Response {
  const body: AwsErrorBody = {
    error: {
      code: "aws_error",
      message: failure.message,
      awsCode: failure.code,
      ...(failure.requestId ? { requestId: failure.requestId } : {}),
    },
  };
  return Response.json({ ...extra, ...body }, { status: 502 });
}

/** 303 See Other to `location`, setting each cookie; never cached. */
export function redirectResponse(redirect: { location: string; cookies: string[] }): Response {
  const headers = new Headers({ location: redirect.location, "cache-control": "no-store" });
  for (const cookie of redirect.cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}
