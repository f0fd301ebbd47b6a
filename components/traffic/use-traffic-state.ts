"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { TrafficState } from "@/components/graph/traffic-context";
import { metricsSummaryQuery } from "@/lib/client/metrics-api";
import type { MetricRange } from "@/lib/domain/metrics/ranges";

/** The map's traffic: its time range and the summary for it, asked once per refresh while the map is shown. */
export function useTrafficState(run: number | undefined, enabled: boolean): TrafficState {
  const [range, setRange] = useState<MetricRange>("5m");
  const result = useQuery({ ...metricsSummaryQuery(range, run), enabled });
  return useMemo<TrafficState>(
    () => ({
      range,
      setRange,
      run,
      summary: result.data,
      error: result.isError ? result.error.message : undefined,
    }),
    [range, run, result.data, result.isError, result.error],
  );
}
