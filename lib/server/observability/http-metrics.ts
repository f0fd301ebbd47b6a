import "server-only";
import { context, trace } from "@opentelemetry/api";
import { matchRoutePattern } from "@/lib/domain/http/api-routes";
import { withLogContext, type LogContext } from "./logger";
import { getMetrics } from "./metrics";
import { trackRequest } from "./shutdown";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const IDS: [RegExp, (id: string) => LogContext][] = [
  [new RegExp(`^/api/changes/(${UUID})(/|$)`, "i"), (id) => ({ changeId: id })],
  [new RegExp(`^/api/rollouts/(${UUID})(/|$)`, "i"), (id) => ({ rolloutId: id })],
  [/^\/api\/crawls\/(\d+)$/, (id) => ({ crawlRunId: Number(id) })],
];

/** The change, rollout or crawl run a request is about, from its path, for its log lines. */
export function requestLogContext(pathname: string): LogContext {
  const route = matchRoutePattern(pathname) ?? "unmatched";
  for (const [pattern, fields] of IDS) {
    const id = pattern.exec(pathname)?.[1];
    if (id) return { route, ...fields(id) };
  }
  return { route };
}

/**
 * Measures an API request (latency by route pattern, method and status, until the answer's headers), keeps the
 * ids it is about in its log lines and names its trace span after the route, and counts it as running so that a
 * shutdown lets it finish.
 */
export async function observeApiRequest(request: Request, work: () => Promise<Response>): Promise<Response> {
  const fields = requestLogContext(new URL(request.url).pathname);
  const route = fields.route ?? "unmatched";
  const metrics = getMetrics();
  const end = metrics.httpDuration.startTimer({ route, method: request.method });
  trace.getSpan(context.active())?.setAttribute("http.route", route);
  metrics.httpInFlight.inc();
  let status = "500";
  try {
    const response = await trackRequest(() => withLogContext(fields, work));
    status = String(response.status);
    return response;
  } finally {
    metrics.httpInFlight.dec();
    end({ status });
  }
}
