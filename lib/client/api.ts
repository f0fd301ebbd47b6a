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

async function request<T>(
  path: string,
  init?: RequestInit & { signal?: AbortSignal },
  accept = "application/json",
): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { accept, ...(init?.body ? { "content-type": "application/json" } : {}) },
  });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    if (isErrorBody(body)) {
      throw new ApiClientError(response.status, body.error.code, body.error.message, body.error.issues);
    }
    throw new ApiClientError(response.status, "http", `${path} answered HTTP ${response.status}`);
  }
  if (response.status === 204) return undefined as T;
  if (response.headers.get("content-type") === "application/gzip" && response.body) {
    // The JSON gzipped as the server keeps it: Next serves no Content-Encoding of a route's own.
    const plain = response.body.pipeThrough(new DecompressionStream("gzip"));
    return (await new Response(plain).json()) as T;
  }
  return (await response.json()) as T;
}

/** Asks for the answer gzipped (the summary-first answers keep it so). */
const GZIP_JSON = "application/gzip, application/json;q=0.9";

/** GET of a JSON answer; a failure throws ApiClientError with the server's message. */
export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, signal ? { signal } : undefined);
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
  return request(`/api/topology${query({ run, account: input.account, region: input.region })}`, { signal });
}

export function fetchTopologySummary(run: RunRef, signal?: AbortSignal): Promise<TopologySummaryResponse> {
  return request(
    `/api/topology/summary${query({ run: run === "latest" ? undefined : run })}`,
    { signal },
    GZIP_JSON,
  );
}

export function fetchTopologyAccount(
  run: RunRef,
  account: string,
  signal?: AbortSignal,
): Promise<TopologyResponse> {
  return request(
    `/api/topology/accounts/${encodeURIComponent(account)}${query({ run: run === "latest" ? undefined : run })}`,
    { signal },
    GZIP_JSON,
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
    body: JSON.stringify({ positions }),
  });
}

/** Forgets saved positions: of some nodes, or all of the layout. */
export function clearLayout(key: string, nodeIds?: string[]): Promise<{ cleared: number }> {
  return request(`/api/layout/${encodeURIComponent(key)}`, {
    method: "DELETE",
    body: JSON.stringify(nodeIds ? { nodeIds } : {}),
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
