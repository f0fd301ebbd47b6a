import type { z } from "zod";
import { jsonDeeperThan, MAX_JSON_DEPTH, pathOfUnstorableText } from "./request-body";

export type ApiErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "rate_limited"
  /** Another apply holds the resource's lock past the wait: retry after Retry-After. */
  | "busy"
  /** Too many applies are waiting in this process: retry after Retry-After. */
  | "too_many_requests"
  /** AWS was called but the database would not take the outcome; the reconciler records it. */
  | "outcome_not_recorded"
  | "unavailable"
  | "internal";

export interface ApiIssue {
  /** Where the problem is: `run`, `limit`, `id` (dotted for nested input). */
  path: string;
  message: string;
}

/** The body of every error the HTTP API answers. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; issues?: ApiIssue[] };
}

/** A 502: a call AWS refused or failed, with its code and the request id to quote to AWS support. */
export interface AwsErrorBody {
  error: { code: "aws_error"; message: string; awsCode: string; requestId?: string };
}

/** A failure a caller can act on; the route renders it as `{error: {code, message, issues?}}` with `status`. */
export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiIssue[],
    /** For 429: when the caller may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) },
    };
  }
}

export function notFound(message: string): ApiError {
  return new ApiError(404, "not_found", message);
}

/** 401: nobody is signed in, or what identified them could not be verified. */
export function unauthorized(message = "Sign in to use Trellis"): ApiError {
  return new ApiError(401, "unauthorized", message);
}

/** 403: signed in without the role this needs, or a write from somewhere other than Trellis's own pages. */
export function forbidden(message: string): ApiError {
  return new ApiError(403, "forbidden", message);
}

/** 405: a method no API route answers (TRACE, PROPFIND…); `allowed` goes in the Allow header. */
export function methodNotAllowed(method: string, allowed: readonly string[]): ApiError {
  return new ApiError(
    405,
    "method_not_allowed",
    `The API does not answer ${method}; it answers ${allowed.join(", ")}`,
  );
}

/** 413: a request body over the route's limit, refused before it is read whole. */
export function payloadTooLarge(limitBytes: number): ApiError {
  return new ApiError(
    413,
    "payload_too_large",
    `The request body is larger than ${limitBytes.toLocaleString("en-US")} bytes, the most this endpoint reads`,
  );
}

export function rateLimited(retryAfterSeconds: number): ApiError {
  return new ApiError(
    429,
    "rate_limited",
    `Too many changes in a short time; try again in ${retryAfterSeconds} s`,
    undefined,
    retryAfterSeconds,
  );
}

export function invalidRequest(message: string, issues?: ApiIssue[]): ApiError {
  return new ApiError(400, "invalid_request", message, issues);
}

export function issuesOf(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** Validates input against a schema, or throws a 400 ApiError naming every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = "request"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesOf(result.error);
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  throw invalidRequest(`Invalid ${what}: ${summary.join("; ")}`, issues);
}

/**
 * JSON text as a value, or a 400 ApiError; blank text is undefined when the body is optional. Nesting deeper
 * than MAX_JSON_DEPTH is refused before parsing, and text PostgreSQL cannot store (NUL, unpaired surrogates)
 * after it: no input Trellis takes holds such text.
 */
export function parseJsonText(text: string, what = "body", optional = false): unknown {
  if (optional && text.trim() === "") return undefined;
  if (jsonDeeperThan(text, MAX_JSON_DEPTH)) {
    throw invalidRequest(`Invalid ${what}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest(`Invalid ${what}: not JSON`);
  }
  const unstorable = pathOfUnstorableText(value);
  if (unstorable !== undefined) {
    const message = "must not contain a NUL character (\\u0000) or an unpaired surrogate";
    throw invalidRequest(`Invalid ${what}: ${unstorable}: ${message}`, [{ path: unstorable, message }]);
  }
  return value;
}
