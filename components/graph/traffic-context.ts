"use client";

import { createContext, useContext } from "react";
import type { MetricsSummaryResponse } from "@/lib/domain/metrics/contracts";
import type { EdgeTraffic } from "@/lib/domain/metrics/edges";
import type { MetricRange } from "@/lib/domain/metrics/ranges";
import type { TrafficSummary } from "@/lib/domain/metrics/summary";

export interface TrafficState {
  range: MetricRange;
  setRange(range: MetricRange): void;
  /** The crawl run the map shows, when not the latest: traffic is the window around it. */
  run: number | undefined;
  summary: MetricsSummaryResponse | undefined;
  /** Why the summary could not be loaded. */
  error: string | undefined;
}

export const TrafficContext = createContext<TrafficState | undefined>(undefined);

export function useTraffic(): TrafficState | undefined {
  return useContext(TrafficContext);
}

/** The traffic a drawn edge carries: its relation's (forward or service network → service), if measured. */
export function useEdgeTraffic(id: string, source: string, target: string): EdgeTraffic | undefined {
  const summary = useContext(TrafficContext)?.summary;
  if (!summary) return undefined;
  return (
    summary.edges[id] ??
    summary.edges[`forward|${source}|${target}`] ??
    summary.edges[`sn-service|${source}|${target}`]
  );
}

/** Totals of a collapsed account (`account:<id>`) or a service network. */
export function useTrafficTotal(id: string): TrafficSummary | undefined {
  return useContext(TrafficContext)?.summary?.totals[id];
}
