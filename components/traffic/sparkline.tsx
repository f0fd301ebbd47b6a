"use client";

import { useEffect, useRef, useState } from "react";
import "uplot/dist/uPlot.min.css";

/**
 * A small time-series line with uPlot: canvas-drawn, made for time series, ~50 kB, no dependencies; it draws
 * thousands of points in a millisecond, so every inspector can afford a few. Loaded when first drawn: uPlot
 * builds an Intl formatter for the browser's language at import, which throws on a malformed one (`en-US@posix`).
 */
export function Sparkline({
  times,
  values,
  color,
  label,
  width = 170,
  height = 34,
}: {
  /** Epoch milliseconds. */
  times: readonly number[];
  values: readonly (number | null)[];
  color: string;
  label: string;
  width?: number;
  height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const element = host.current;
    if (!element || times.length === 0) return;
    let plot: { destroy(): void } | undefined;
    let cancelled = false;
    import("uplot")
      .then(({ default: UPlot }) => {
        if (cancelled) return;
        plot = new UPlot(
          {
            width,
            height,
            legend: { show: false },
            cursor: { show: false },
            select: { show: false, left: 0, top: 0, width: 0, height: 0 },
            axes: [{ show: false }, { show: false }],
            scales: { x: { time: true } },
            series: [
              {},
              { stroke: color, width: 1.5, fill: `${color}22`, spanGaps: false, points: { show: false } },
            ],
            padding: [2, 0, 2, 0],
          },
          [times.map((t) => t / 1000), [...values]],
          element,
        );
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      plot?.destroy();
    };
  }, [times, values, color, width, height]);
  if (failed) return null;
  return <div ref={host} role="img" aria-label={label} data-testid="sparkline" style={{ width, height }} />;
}
