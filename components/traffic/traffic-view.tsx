"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { metricSeriesQuery } from "@/lib/client/metrics-api";
import { formatMs, formatPercent } from "@/lib/domain/metrics/edges";
import type { TrafficSummary } from "@/lib/domain/metrics/summary";
import { Muted, Section } from "@/components/inspector/section";
import { useTraffic } from "@/components/graph/traffic-context";
import { Sparkline } from "./sparkline";

export function stateText(summary: Pick<TrafficSummary, "state" | "reason">): string | undefined {
  switch (summary.state) {
    case "unavailable":
      return `Metrics unavailable: ${summary.reason ?? "unknown"}`;
    case "no-data":
      return "No data: CloudWatch has nothing published for it in this window.";
    case "no-traffic":
      return "No traffic in this window (zero requests published).";
    default:
      return undefined;
  }
}

const rate = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));

/** A service's or target group's traffic over the map's range: a small table and a sparkline per measure. */
export function TrafficView({ arn }: { arn: string }) {
  const traffic = useTraffic();
  const range = traffic?.range ?? "1h";
  const result = useQuery(metricSeriesQuery(arn, range, traffic?.run));
  const series = result.data;
  const columns = useMemo(() => {
    const points = series?.points ?? [];
    return {
      t: points.map((p) => p.t),
      rps: points.map((p) => p.rps),
      errors: points.map((p) => (p.errorRate === null ? null : p.errorRate * 100)),
      p99: points.map((p) => p.p99),
    };
  }, [series]);
  const s = series?.summary;
  return (
    <Section
      title="Traffic"
      testId="inspector-traffic"
      aside={
        series && (
          <span className="text-xs text-neutral-500">
            {range === "5m" ? "last 5 min" : `last ${range}`} · {series.window.periodSeconds} s periods
          </span>
        )
      }
    >
      {result.isPending && <Muted>Reading CloudWatch…</Muted>}
      {result.isError && <Muted>Metrics could not be loaded: {result.error.message}</Muted>}
      {s && stateText(s) && (
        <p data-testid="traffic-state" data-state={s.state} className="text-sm text-neutral-600">
          {stateText(s)}
        </p>
      )}
      {s && s.state === "ok" && (
        <table className="w-full text-sm tabular-nums" data-testid="traffic-table">
          <tbody>
            <Row
              label="Requests/s"
              value={rate(s.rps)}
              times={columns.t}
              values={columns.rps}
              color="#0f766e"
            />
            <Row
              label="5xx"
              value={s.errorRate === null ? "n/a" : formatPercent(s.errorRate)}
              times={columns.t}
              values={columns.errors}
              color="#dc2626"
            />
            <Row
              label="p99"
              value={s.p99 === null ? "n/a" : formatMs(s.p99)}
              times={columns.t}
              values={columns.p99}
              color="#7c3aed"
            />
            <tr>
              <th className="py-1 pr-2 text-left font-normal text-neutral-500">p50 · 4xx</th>
              <td className="py-1 text-right">
                {s.p50 === null ? "n/a" : formatMs(s.p50)} ·{" "}
                {s.clientErrorRate === null ? "n/a" : formatPercent(s.clientErrorRate)}
              </td>
              <td />
            </tr>
            <tr>
              <th className="py-1 pr-2 text-left font-normal text-neutral-500">Requests</th>
              <td className="py-1 text-right">{Math.round(s.requests).toLocaleString("en")}</td>
              <td />
            </tr>
          </tbody>
        </table>
      )}
    </Section>
  );
}

function Row({
  label,
  value,
  times,
  values,
  color,
}: {
  label: string;
  value: string;
  times: number[];
  values: (number | null)[];
  color: string;
}) {
  return (
    <tr>
      <th className="py-1 pr-2 text-left font-normal text-neutral-500">{label}</th>
      <td className="py-1 pr-3 text-right font-semibold">{value}</td>
      <td className="w-[170px] py-1">
        <Sparkline times={times} values={values} color={color} label={`${label} over time`} />
      </td>
    </tr>
  );
}
