import { noDataSummary, type TrafficSummary } from "./summary";

export interface ForwardEdge {
  id: string;
  /** The listener (default action) or rule that forwards. */
  source: string;
  /** The target group. */
  target: string;
  weight: number;
}

export interface EdgeTraffic {
  state: TrafficSummary["state"];
  requests: number;
  rps: number;
  errorRate: number | null;
  p50: number | null;
  p99: number | null;
  /** The edge's share of its rule's observed requests (0–1), beside the share its weight gives. */
  observedShare: number | null;
  weightShare: number;
  /** CloudWatch counts per target group, not per rule: a group several rules forward to is split by estimate. */
  estimated: boolean;
}

/**
 * Each forward edge's part of its target group's requests. A group one rule forwards to takes all of it;
 * for a group several rules share, each rule's rate is estimated from the groups only it feeds (rate = their
 * requests ÷ their weight share), and what is left is split by weight.
 */
export function forwardEdgeTraffic(
  edges: readonly ForwardEdge[],
  summaries: ReadonlyMap<string, TrafficSummary>,
): Map<string, EdgeTraffic> {
  const bySource = new Map<string, ForwardEdge[]>();
  const byTarget = new Map<string, ForwardEdge[]>();
  for (const e of edges) {
    bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
    byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e]);
  }
  const share = (e: ForwardEdge) => {
    const total = (bySource.get(e.source) ?? []).reduce((a, x) => a + Math.max(0, x.weight), 0);
    return total > 0 ? Math.max(0, e.weight) / total : 0;
  };
  const ruleRate = new Map<string, number>();
  for (const [source, group] of bySource) {
    const estimates = group
      .filter((e) => (byTarget.get(e.target)?.length ?? 0) === 1 && share(e) > 0)
      .map((e) => ({ e, s: summaries.get(e.target) }))
      .filter(({ s }) => s && (s.state === "ok" || s.state === "no-traffic"))
      .map(({ e, s }) => s!.requests / share(e));
    if (estimates.length > 0) ruleRate.set(source, estimates.reduce((a, v) => a + v, 0) / estimates.length);
  }
  const requestsOf = new Map<string, { requests: number; estimated: boolean }>();
  for (const [target, incoming] of byTarget) {
    const total = summaries.get(target)?.requests ?? 0;
    if (incoming.length === 1) {
      requestsOf.set(incoming[0]!.id, { requests: total, estimated: false });
      continue;
    }
    let known = 0;
    const unknown: ForwardEdge[] = [];
    for (const e of incoming) {
      const rate = ruleRate.get(e.source);
      if (rate === undefined) {
        unknown.push(e);
        continue;
      }
      const r = Math.min(rate * share(e), Math.max(0, total - known));
      known += r;
      requestsOf.set(e.id, { requests: r, estimated: true });
    }
    const left = Math.max(0, total - known);
    const unknownShares = unknown.reduce((a, e) => a + share(e), 0);
    for (const e of unknown) {
      const r = unknownShares > 0 ? (left * share(e)) / unknownShares : left / unknown.length;
      requestsOf.set(e.id, { requests: r, estimated: true });
    }
  }
  const out = new Map<string, EdgeTraffic>();
  for (const group of bySource.values()) {
    const ruleTotal = group.reduce((a, e) => a + (requestsOf.get(e.id)?.requests ?? 0), 0);
    for (const e of group) {
      const s = summaries.get(e.target);
      const r = requestsOf.get(e.id) ?? { requests: 0, estimated: false };
      const tgRps = s && s.requests > 0 ? s.rps / s.requests : 0;
      out.set(e.id, {
        state: s?.state ?? "no-data",
        requests: r.requests,
        rps: r.requests * tgRps,
        errorRate: s?.errorRate ?? null,
        p50: s?.p50 ?? null,
        p99: s?.p99 ?? null,
        observedShare: ruleTotal > 0 ? r.requests / ruleTotal : null,
        weightShare: share(e),
        estimated: r.estimated,
      });
    }
  }
  return out;
}

/** Sums of several entities (a collapsed account or network): rates add, error shares weight by requests. */
export function totalOf(summaries: readonly TrafficSummary[]): TrafficSummary {
  const measured = summaries.filter((s) => s.state === "ok" || s.state === "no-traffic");
  const unavailable = summaries.find((s) => s.state === "unavailable");
  if (measured.length === 0) {
    return unavailable ?? noDataSummary();
  }
  const requests = measured.reduce((a, s) => a + s.requests, 0);
  const rps = measured.reduce((a, s) => a + s.rps, 0);
  const weighted = (pick: (s: TrafficSummary) => number | null) => {
    const parts = measured.filter((s) => pick(s) !== null && s.requests > 0);
    const w = parts.reduce((a, s) => a + s.requests, 0);
    return w > 0 ? parts.reduce((a, s) => a + pick(s)! * s.requests, 0) / w : null;
  };
  const p99s = measured.map((s) => s.p99).filter((v): v is number => v !== null);
  return {
    state: requests > 0 ? "ok" : "no-traffic",
    requests,
    rps,
    errorRate: weighted((s) => s.errorRate),
    clientErrorRate: weighted((s) => s.clientErrorRate),
    p50: weighted((s) => s.p50),
    p99: p99s.length > 0 ? Math.max(...p99s) : null,
  };
}

export interface ErrorThresholds {
  /** Error % (5xx) from which an edge is drawn degraded (amber). */
  degradedPercent: number;
  /** Error % from which it is drawn failing (red). */
  failingPercent: number;
}

export const DEFAULT_ERROR_THRESHOLDS: ErrorThresholds = { degradedPercent: 1, failingPercent: 5 };

export type TrafficHealth = "healthy" | "degraded" | "failing" | "idle" | "unknown";

/** Kiali-style: colour by error rate against the thresholds; idle without traffic; unknown without data. */
export function trafficHealth(
  t: Pick<TrafficSummary, "state" | "errorRate">,
  thresholds: ErrorThresholds = DEFAULT_ERROR_THRESHOLDS,
): TrafficHealth {
  if (t.state === "no-traffic") return "idle";
  if (t.state !== "ok" || t.errorRate === null) return "unknown";
  const percent = t.errorRate * 100;
  if (percent >= thresholds.failingPercent) return "failing";
  if (percent >= thresholds.degradedPercent) return "degraded";
  return "healthy";
}

/** Edge width by traffic: logarithmic, 1.5 px idle to 8 px at a few thousand requests per second. */
export function trafficWidth(rps: number): number {
  if (!(rps > 0)) return 1.5;
  return Math.min(8, 1.5 + Math.log10(1 + rps) * 1.8);
}

function compact(n: number): string {
  if (n > 0 && n < 0.01) return "<0.01";
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/**
 * The label an edge carries: `12.3 req/s · 0.4 % 5xx · p99 95 ms` (with `lines`, the rate on a line of its own),
 * or what is known instead.
 */
export function trafficLabel(
  t: Pick<EdgeTraffic, "state" | "rps" | "errorRate" | "p99">,
  { unit = "req/s", lines = false }: { unit?: string; lines?: boolean } = {},
): string {
  if (t.state === "unavailable") return "metrics unavailable";
  if (t.state === "no-data") return "no data";
  if (t.state === "no-traffic") return "no traffic";
  const rest: string[] = [];
  if (t.errorRate !== null) rest.push(`${formatPercent(t.errorRate)} 5xx`);
  if (t.p99 !== null) rest.push(`p99 ${formatMs(t.p99)}`);
  const rate = `${compact(t.rps)} ${unit}`;
  if (rest.length === 0) return rate;
  return lines ? `${rate}\n${rest.join(" · ")}` : [rate, ...rest].join(" · ");
}

export function formatPercent(rate: number): string {
  const p = rate * 100;
  if (p === 0) return "0 %";
  if (p < 0.1) return "<0.1 %";
  return `${p < 10 ? p.toFixed(1) : p.toFixed(0)} %`;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
