import { DIMENSION, LATTICE_NAMESPACE, type MetricEntity, type MetricKey, type MetricSpec } from "./catalog";

/** GetMetricData takes at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

export interface MetricQuery {
  /** GetMetricData's query id: starts with a lowercase letter. */
  id: string;
  entity: MetricEntity;
  spec: MetricSpec;
  /** The dimension's value as the account publishes it (ListMetrics); the resource id when not given. */
  dimensionValue?: string;
}

/** The query as GetMetricData takes it. */
export interface MetricDataQueryInput {
  Id: string;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
  ReturnData: boolean;
}

export function buildQueries(
  wanted: readonly { entity: MetricEntity; specs: readonly MetricSpec[]; dimensionValue?: string }[],
): MetricQuery[] {
  const out: MetricQuery[] = [];
  for (const { entity, specs, dimensionValue } of wanted) {
    for (const spec of specs) {
      out.push({ id: `q${out.length}`, entity, spec, ...(dimensionValue ? { dimensionValue } : {}) });
    }
  }
  return out;
}

export function toInput(query: MetricQuery, periodSeconds: number): MetricDataQueryInput {
  return {
    Id: query.id,
    MetricStat: {
      Metric: {
        Namespace: LATTICE_NAMESPACE,
        MetricName: query.spec.metricName,
        Dimensions: [{ Name: DIMENSION[query.entity.kind], Value: query.dimensionValue ?? query.entity.id }],
      },
      Period: periodSeconds,
      Stat: query.spec.stat,
    },
    ReturnData: true,
  };
}

/** Splits queries into calls of at most `size`: the fewest calls that hold them. */
export function batches<T>(items: readonly T[], size = MAX_QUERIES_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface Point {
  /** Start of the period, epoch milliseconds. */
  t: number;
  v: number;
}

export interface MetricResult {
  id: string;
  timestamps: number[];
  values: number[];
}

export type EntitySeries = Partial<Record<MetricKey, Point[]>>;

/** Results grouped by entity ARN and metric key, each series in time order. */
export function seriesByEntity(
  queries: readonly MetricQuery[],
  results: readonly MetricResult[],
): Map<string, EntitySeries> {
  const byId = new Map(queries.map((q) => [q.id, q]));
  const out = new Map<string, EntitySeries>();
  for (const result of results) {
    const query = byId.get(result.id);
    if (!query) continue;
    const series = out.get(query.entity.arn) ?? {};
    const points = result.timestamps.map((t, i) => ({ t, v: result.values[i] ?? 0 }));
    points.sort((a, b) => a.t - b.t);
    series[query.spec.key] = [...(series[query.spec.key] ?? []), ...points].sort((a, b) => a.t - b.t);
    out.set(query.entity.arn, series);
  }
  return out;
}
