import "server-only";
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { LATTICE_NAMESPACE, type PublishedMetric } from "@/lib/domain/metrics/catalog";
import type { MetricDataQueryInput, MetricResult } from "@/lib/domain/metrics/queries";
import type { MetricWindow } from "@/lib/domain/metrics/ranges";
import type { CrawlEnvironment } from "../config/load-config";
import { accountCredentials, baseCredentials } from "./credentials";
import { observeAws } from "./observe-client";

/** What the metrics services hold: a CloudWatch client, named here so the SDK stays in lib/server/aws. */
export type MetricsClient = CloudWatchClient;

/**
 * A CloudWatch client reading one configured account's metrics through the crawler's role (read-only:
 * cloudwatch:GetMetricData and cloudwatch:ListMetrics). Undefined for an account Trellis is not configured for.
 */
export function cloudwatchFor(
  env: CrawlEnvironment,
  accountId: string,
  region: string,
): CloudWatchClient | undefined {
  const account = env.config.accounts.find((a) => a.id === accountId);
  if (!account) return undefined;
  const credentials = accountCredentials(account, baseCredentials(env.credentials), {
    region,
    sessionName: "trellis-metrics",
    ...(env.endpoints?.sts ? { stsEndpoint: env.endpoints.sts } : {}),
  });
  const client = new CloudWatchClient({
    region,
    credentials,
    ...(env.endpoints?.cloudwatch ? { endpoint: env.endpoints.cloudwatch } : {}),
    retryMode: "adaptive",
    maxAttempts: 3,
    requestHandler: { requestTimeout: 15_000, throwOnRequestTimeout: true, connectionTimeout: 5_000 },
  });
  client.middlewareStack.use(observeAws({ account: accountId, region }));
  return client;
}

/** Why metrics could not be read: shown as "metrics unavailable", never as zeros. */
export class MetricsUnavailableError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Denials and missing endpoints are "unavailable"; other failures (throttling, 5xx) too, with their code. */
function unavailable(error: unknown, operation: string): MetricsUnavailableError {
  const e = error as {
    name?: string;
    Code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const code = e.Code ?? e.name ?? "Error";
  const denied = e.$metadata?.httpStatusCode === 403 || /AccessDenied|UnauthorizedOperation/.test(code);
  return new MetricsUnavailableError(
    denied ? "AccessDenied" : code,
    `${operation}: ${denied ? "AccessDenied" : code}${e.message ? ` (${e.message})` : ""}`,
  );
}

/** Every VPC Lattice metric the account publishes in the client's region; `calls` counts the pages read. */
export async function listLatticeMetrics(
  client: CloudWatchClient,
): Promise<{ metrics: PublishedMetric[]; calls: number }> {
  const metrics: PublishedMetric[] = [];
  let calls = 0;
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new ListMetricsCommand({ Namespace: LATTICE_NAMESPACE, NextToken: token }));
    } catch (error) {
      throw unavailable(error, "cloudwatch:ListMetrics");
    }
    calls++;
    for (const m of page.Metrics ?? []) {
      if (!m.MetricName) continue;
      metrics.push({
        metricName: m.MetricName,
        dimensions: (m.Dimensions ?? []).map((d) => ({ name: d.Name ?? "", value: d.Value ?? "" })),
      });
    }
    token = page.NextToken;
  } while (token);
  return { metrics, calls };
}

/** One GetMetricData call per ≤ 500 queries (the caller batches), following NextToken pages. */
export async function getMetricData(
  client: CloudWatchClient,
  queries: MetricDataQueryInput[],
  window: MetricWindow,
): Promise<{ results: MetricResult[]; calls: number }> {
  const results: MetricResult[] = [];
  let calls = 0;
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(window.startMs),
          EndTime: new Date(window.endMs),
          ScanBy: "TimestampAscending",
          NextToken: token,
        }),
      );
    } catch (error) {
      throw unavailable(error, "cloudwatch:GetMetricData");
    }
    calls++;
    for (const r of page.MetricDataResults ?? []) {
      if (!r.Id) continue;
      results.push({
        id: r.Id,
        timestamps: (r.Timestamps ?? []).map((t) => t.getTime()),
        values: r.Values ?? [],
      });
    }
    token = page.NextToken;
  } while (token);
  return { results, calls };
}
