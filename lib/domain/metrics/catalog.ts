/** What Trellis reads of VPC Lattice's CloudWatch metrics (namespace AWS/VpcLattice). */
export const LATTICE_NAMESPACE = "AWS/VpcLattice";

export type MetricEntityKind = "service" | "target-group";

/** A service or target group whose metrics are read: its ARN and the dimension CloudWatch names it by. */
export interface MetricEntity {
  arn: string;
  kind: MetricEntityKind;
  accountId: string;
  region: string;
  /** The dimension's value: the resource id (svc-…, tg-…). */
  id: string;
}

export const DIMENSION: Record<MetricEntityKind, string> = {
  service: "Service",
  "target-group": "TargetGroup",
};

/** One metric a query reads, and the statistic it asks for. */
export interface MetricSpec {
  key: MetricKey;
  metricName: string;
  stat: string;
}

export type MetricKey =
  "requests" | "errors5xx" | "errors4xx" | "p50" | "p99" | "connections" | "connectionErrors";

export const HTTP_SPECS: readonly MetricSpec[] = [
  { key: "requests", metricName: "TotalRequestCount", stat: "Sum" },
  { key: "errors5xx", metricName: "HTTPCode_5XX_Count", stat: "Sum" },
  { key: "errors4xx", metricName: "HTTPCode_4XX_Count", stat: "Sum" },
  { key: "p50", metricName: "RequestTime", stat: "p50" },
  { key: "p99", metricName: "RequestTime", stat: "p99" },
];

export const TCP_SPECS: readonly MetricSpec[] = [
  { key: "connections", metricName: "TotalConnectionCount", stat: "Sum" },
  { key: "connectionErrors", metricName: "ConnectionErrorCount", stat: "Sum" },
];

/** A metric an account publishes, as ListMetrics names it. */
export interface PublishedMetric {
  metricName: string;
  dimensions: { name: string; value: string }[];
}

/**
 * The queries an entity needs, limited to the metrics the account actually publishes for it (ListMetrics):
 * an entity that publishes nothing gets no query and shows "no data".
 */
export function specsFor(published: PublishedIndex, entity: MetricEntity): MetricSpec[] {
  const has = (name: string) => published.has(publishedKey(entity.kind, entity.id, name));
  return [...HTTP_SPECS, ...TCP_SPECS].filter((spec) => has(spec.metricName));
}

/** The dimension value an account publishes an entity's metrics under (its id, or its ARN), as listed. */
export function dimensionValueOf(published: PublishedIndex, entity: MetricEntity): string {
  for (const spec of [...HTTP_SPECS, ...TCP_SPECS]) {
    const value = published.get(publishedKey(entity.kind, entity.id, spec.metricName));
    if (value !== undefined) return value;
  }
  return entity.id;
}

export function publishedKey(kind: MetricEntityKind, id: string, metricName: string): string {
  return `${DIMENSION[kind]}=${id}:${metricName}`;
}

/** Published metrics by key (dimension name, resource id, metric name) → the dimension value as listed. */
export type PublishedIndex = ReadonlyMap<string, string>;

/**
 * The Lattice metrics an account lists, for specsFor and dimensionValueOf. Dimension values are matched by
 * resource id whether the account publishes ids or ARNs, and queried as listed.
 */
export function publishedSet(metrics: readonly PublishedMetric[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of metrics) {
    if (m.dimensions.length !== 1) continue;
    const [d] = m.dimensions;
    const kind = d!.name === "Service" ? "service" : d!.name === "TargetGroup" ? "target-group" : undefined;
    if (kind) out.set(publishedKey(kind, d!.value.split("/").pop() ?? d!.value, m.metricName), d!.value);
  }
  return out;
}

/** The entity a topology node id names, when it is a Lattice service or target group ARN. */
export function entityOfArn(arn: string): MetricEntity | undefined {
  const match =
    /^arn:aws[a-z-]*:vpc-lattice:([a-z0-9-]+):(\d{12}):(service|targetgroup)\/((?:svc|tg)-[0-9a-z]+)$/.exec(
      arn,
    );
  if (!match) return undefined;
  return {
    arn,
    region: match[1]!,
    accountId: match[2]!,
    kind: match[3] === "service" ? "service" : "target-group",
    id: match[4]!,
  };
}

/** GetMetricData is billed per metric requested: US$0.01 per 1,000 (us-east-1 list price). */
export const DEFAULT_COST_PER_1000_METRICS_USD = 0.01;

export function costUsd(metricsRequested: number, per1000 = DEFAULT_COST_PER_1000_METRICS_USD): number {
  return (metricsRequested / 1000) * per1000;
}
