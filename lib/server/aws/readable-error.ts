import "server-only";
import type { FailedRead } from "@/lib/domain/topology/incomplete";

/** What the SDK leaves on an error: its metadata, and for an answer it could not parse, the raw response. */
interface SdkErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
  $requestUrl?: string;
  code?: string;
}

const REQUEST_URL = "$requestUrl";

/** Remembers where a failed request went, for the error message (the SDK's errors do not say). */
export function annotateRequestUrl(error: unknown, url: string): void {
  if (!error || typeof error !== "object" || REQUEST_URL in error) return;
  Object.defineProperty(error, REQUEST_URL, { value: url, enumerable: false });
}

/** The URL of a request as the SDK builds it (an HttpRequest at the build step). */
export function requestUrl(request: unknown): string | undefined {
  if (!request || typeof request !== "object") return undefined;
  const r = request as { protocol?: string; hostname?: string; port?: number; path?: string };
  if (!r.hostname) return undefined;
  return `${r.protocol ?? "https:"}//${r.hostname}${r.port ? `:${r.port}` : ""}${r.path ?? ""}`;
}

function isJson(contentType: string | undefined): boolean {
  return !!contentType && /json/i.test(contentType);
}

/**
 * A failed AWS call as a person can read it. An answer the SDK could not parse (an HTML error page from an
 * AWS-compatible endpoint, a proxy's login page) says its HTTP status, content type and URL instead of the
 * parser's "Unexpected token '<'".
 */
export function readableAwsError(error: unknown, operation: string): FailedRead {
  const e = (error && typeof error === "object" ? error : {}) as SdkErrorLike;
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const contentType = e.$response?.headers?.["content-type"] ?? e.$response?.headers?.["Content-Type"];
  const url = e.$requestUrl;
  const unparsed =
    e.$response !== undefined &&
    (e.name === "SyntaxError" ||
      /Deserialization error|not valid JSON|Unexpected token/.test(e.message ?? ""));
  if (unparsed && status !== undefined && !isJson(contentType)) {
    const what = `HTTP ${status} ${contentType ?? "without a content type"}${url ? ` from ${url}` : ""}`;
    const hint =
      status >= 500 || status === 404 || status === 405
        ? `the endpoint may not implement ${operation}`
        : `not the JSON answer ${operation} returns`;
    return { operation, message: `${what}: ${hint}`, code: `HTTP ${status}` };
  }
  if (unparsed) {
    return {
      operation,
      message: `${operation}: the answer${url ? ` from ${url}` : ""} could not be read (${firstLine(e.message)})`,
      code: status !== undefined ? `HTTP ${status}` : "UnreadableResponse",
    };
  }
  const networkCode = typeof e.code === "string" && /^E[A-Z]+$/.test(e.code) ? e.code : undefined;
  if (networkCode && url) {
    return { operation, message: `Could not reach ${url}: ${firstLine(e.message)}`, code: networkCode };
  }
  const message = e.message || (typeof error === "string" ? error : String(error));
  return {
    operation,
    message,
    ...(e.name ? { code: e.name } : status !== undefined ? { code: `HTTP ${status}` } : {}),
  };
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0]?.trim() ?? "";
}
