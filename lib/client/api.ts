import type { FreshnessResponse } from "@/lib/domain/events/freshness";
import type { ApiErrorBody, ApiIssue } from "@/lib/domain/http/api-errors";
import type {
  AuditListResponse,
  CrawlListResponse,
  CrawlRunResponse,
  DiffResponse,
  ResourceDetailResponse,
  StartCrawlResponse,
  TopologyResponse,
} from "@/lib/domain/http/api-responses";
import type { TopologySearchResponse, TopologySummaryResponse } from "@/lib/domain/http/topology-summary";
import type { AuditFilterInput } from "@/lib/domain/audit/audit-log";
import type { LayoutResponse, NodePositionInput } from "@/lib/domain/topology/node-layout";
import type { CrawlListKeyInput, RunRef, TopologyKeyInput } from "./query-keys";

/** A failed API call: the HTTP status and, when the server sent one, its `{error}` body. */
export class ApiClientError extends Error {
  override name = "ApiClientError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (!value || typeof value !== "object" || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return !!error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string";
}

interface ApiRequestInit {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** What to ask for; the summary-first answers come gzipped when asked (see GZIP_JSON). */
  accept?: string;
}

/** Asks for the answer gzipped, as the summary-first answers keep it. */
const GZIP_JSON = "application/gzip, application/json;q=0.9";

/** The JSON gzipped as the server keeps it (Next serves no Content-Encoding of a route's own), unzipped. */
async function gunzipJson(response: Response): Promise<unknown> {
  const plain = response.body!.pipeThrough(new DecompressionStream("gzip"));
  return new Response(plain).json();
}

/** The one way lib/client talks to the API: the HTTP status and the JSON body (undefined when there is none). */
async function send(
  path: string,
  init: ApiRequestInit = {},
): Promise<{ status: number; ok: boolean; json: unknown }> {
  const response = await fetch(path, {
    ...(init.method ? { method: init.method } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
    headers: {
      accept: init.accept ?? "application/json",
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  // A 2xx that is not JSON is an error; the body of a failure may be anything (a proxy's HTML page).
  const json: unknown =
    response.status === 204
      ? undefined
      : await (
          response.ok && response.headers.get("content-type") === "application/gzip" && response.body
            ? gunzipJson(response)
            : response.json()
        ).catch((error: unknown) => {
          if (response.ok) throw error;
          return undefined;
        });
  return { status: response.status, ok: response.ok, json };
}

/** A JSON answer; anything but 2xx throws ApiClientError with the server's message. */
async function request<T>(path: string, init?: ApiRequestInit): Promise<T> {
  const { status, ok, json } = await send(path, init);
  if (!ok) {
    if (isErrorBody(json)) {
      throw new ApiClientError(status, json.error.code, json.error.message, json.error.issues);
    }
    throw new ApiClientError(status, "http", `${path} answered HTTP ${status}`);
  }
  return json as T;
}

/** The answers of `statuses` as the route's contract A declares them: each status with its body. */
export type ContractAnswer<A, S extends keyof A & number> = { [K in S]: { status: K; body: A[K] } }[S];

/** Any other answer: the server's error message (or the status), its AWS request id, and the body as sent. */
export interface OtherAnswer {
  status: "other";
  httpStatus: number;
  message: string;
  requestId?: string;
  body: unknown;
}

/**
 * Requests to a route whose answers a contract in lib/domain declares (A: body by status). `send` returns the
 * statuses it lists typed by the contract, and anything else as OtherAnswer with the server's message:
 * `contract<PlanChangeAnswers>().send("/api/changes", { method: "POST", body }, [201, 422])`.
 */
export function contract<A extends object>() {
  return {
    async send<S extends keyof A & number>(
      path: string,
      init: ApiRequestInit,
      statuses: readonly S[],
    ): Promise<ContractAnswer<A, S> | OtherAnswer> {
      const { status, json } = await send(path, init);
      if ((statuses as readonly number[]).includes(status)) {
        // The one place an answer is read as its contract says: the server answered it from the same types.
        return { status, body: json } as ContractAnswer<A, S>;
      }
      const error = isErrorBody(json) ? (json.error as { message: string; requestId?: unknown }) : undefined;
      return {
        status: "other",
        httpStatus: status,
        message: error?.message ?? `The server answered HTTP ${status}`,
        ...(typeof error?.requestId === "string" ? { requestId: error.requestId } : {}),
        body: json,
      };
    },
  };
}

/** GET of a JSON answer; a failure throws ApiClientError with the server's message. */
export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { signal });
}

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** `/api/resources/<id>` with the id as one percent-encoded segment (ARNs hold slashes and colons). */
export function resourcePath(id: string): string {
  return `/api/resources/${encodeURIComponent(id)}`;
}

export function fetchTopology(input: TopologyKeyInput = {}, signal?: AbortSignal): Promise<TopologyResponse> {
  const run = input.run === "latest" ? undefined : input.run;
  return request(`/api/topology${query({ run, account: input.account, region: input.region })}`, {
    signal,
    accept: GZIP_JSON,
  });
}

export function fetchTopologySummary(run: RunRef, signal?: AbortSignal): Promise<TopologySummaryResponse> {
  return request(`/api/topology/summary${query({ run: run === "latest" ? undefined : run })}`, {
    signal,
    accept: GZIP_JSON,
  });
}

export function fetchTopologyAccount(
  run: RunRef,
  account: string,
  signal?: AbortSignal,
): Promise<TopologyResponse> {
  return request(
    `/api/topology/accounts/${encodeURIComponent(account)}${query({ run: run === "latest" ? undefined : run })}`,
    { signal, accept: GZIP_JSON },
  );
}

export function fetchTopologySearch(
  run: RunRef,
  q: string,
  signal?: AbortSignal,
): Promise<TopologySearchResponse> {
  return request(`/api/topology/search${query({ run: run === "latest" ? undefined : run, q, limit: 30 })}`, {
    signal,
  });
}

export function fetchCrawls(input: CrawlListKeyInput = {}, signal?: AbortSignal): Promise<CrawlListResponse> {
  return request(`/api/crawls${query({ limit: input.limit, before: input.before })}`, { signal });
}

export function fetchCrawl(id: number, signal?: AbortSignal): Promise<CrawlRunResponse> {
  return request(`/api/crawls/${id}`, { signal });
}

export function fetchFreshness(signal?: AbortSignal): Promise<FreshnessResponse> {
  return request("/api/freshness", { signal });
}

export function startCrawl(): Promise<StartCrawlResponse> {
  return request("/api/crawls", { method: "POST" });
}

export function fetchResource(id: string, signal?: AbortSignal): Promise<ResourceDetailResponse> {
  return request(resourcePath(id), { signal });
}

export function fetchDiff(from: RunRef, to: RunRef, signal?: AbortSignal): Promise<DiffResponse> {
  return request(`/api/diff${query({ from, to })}`, { signal });
}

export function fetchLayout(key: string, signal?: AbortSignal): Promise<LayoutResponse> {
  return request(`/api/layout/${encodeURIComponent(key)}`, { signal });
}

export function saveLayout(key: string, positions: NodePositionInput[]): Promise<{ saved: number }> {
  return request(`/api/layout/${encodeURIComponent(key)}`, {
    method: "PUT",
    body: { positions },
  });
}

/** Forgets saved positions: of some nodes, or all of the layout. */
export function clearLayout(key: string, nodeIds?: string[]): Promise<{ cleared: number }> {
  return request(`/api/layout/${encodeURIComponent(key)}`, {
    method: "DELETE",
    body: nodeIds ? { nodeIds } : {},
  });
}

export function fetchAuditLog(
  filter: AuditFilterInput,
  before: string | null,
  signal?: AbortSignal,
): Promise<AuditListResponse> {
  return request(`/api/audit${query({ ...filter, before })}`, { signal });
}

/** The CSV export of the audit log with these filters, for a download link. */
export function auditExportHref(filter: AuditFilterInput): string {
  return `/api/audit/export${query(filter)}`;
}
