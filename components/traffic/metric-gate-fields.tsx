"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { metricSeriesQuery } from "@/lib/client/metrics-api";
import { formatMs, formatPercent } from "@/lib/domain/metrics/edges";
import { metricGateSchema, proposeGate, type MetricGate } from "@/lib/domain/metrics/gate";
import { Input } from "@/components/ui/input";

type GateText = Record<
  | "analysisSeconds"
  | "maxErrorPercent"
  | "maxErrorPointsOverStable"
  | "maxP99Ms"
  | "maxP99Ratio"
  | "minRequests",
  string
>;

const LABELS: Record<keyof GateText, string> = {
  analysisSeconds: "Analysis window (seconds)",
  maxErrorPercent: "Canary 5xx at most (%)",
  maxErrorPointsOverStable: "… and at most stable + (points)",
  maxP99Ms: "Canary p99 at most (ms)",
  maxP99Ratio: "… or at most stable × (p99)",
  minRequests: "Judge only after (canary requests)",
};

function toText(gate: MetricGate): GateText {
  return {
    analysisSeconds: String(gate.analysisSeconds),
    maxErrorPercent: String(gate.maxErrorPercent),
    maxErrorPointsOverStable: String(gate.maxErrorPointsOverStable),
    maxP99Ms: gate.maxP99Ms === undefined ? "" : String(gate.maxP99Ms),
    maxP99Ratio: gate.maxP99Ratio === undefined ? "" : String(gate.maxP99Ratio),
    minRequests: String(gate.minRequests),
  };
}

/** The typed gate, or the first field that does not read, in words. */
function parse(text: GateText): { gate: MetricGate } | { error: string } {
  const numbers: Record<string, number> = {};
  for (const [key, value] of Object.entries(text) as [keyof GateText, string][]) {
    if (value.trim() === "") continue;
    const n = Number(value);
    if (!Number.isFinite(n)) return { error: `${LABELS[key]}: “${value}” is not a number` };
    numbers[key] = n;
  }
  const result = metricGateSchema.safeParse(numbers);
  if (result.success) return { gate: result.data };
  const issue = result.error.issues[0]!;
  return { error: `${LABELS[issue.path[0] as keyof GateText] ?? "Gate"}: ${issue.message}` };
}

/**
 * The metric checks a rollout's steps are held to, proposed from the last hour: the stable group's 5xx share
 * and p99 with some room, and as many requests as the canary serves in half a window.
 */
export function MetricGateFields({
  canary,
  stable,
  onChange,
}: {
  canary: string;
  stable: string | undefined;
  /** The gate to send (undefined: off), or null while a field does not read. */
  onChange: (gate: MetricGate | undefined | null) => void;
}) {
  const id = useId();
  const [on, setOn] = useState(false);
  const stableSeries = useQuery({
    ...metricSeriesQuery(stable ?? "", "1h"),
    enabled: on && stable !== undefined,
  });
  const canarySeries = useQuery({ ...metricSeriesQuery(canary, "1h"), enabled: on });
  const [text, setText] = useState<GateText>();
  const baseline = stableSeries.data?.summary;
  const proposed =
    baseline && canarySeries.data ? proposeGate(baseline, canarySeries.data.summary) : undefined;
  const shown = text ?? (proposed ? toText(proposed) : undefined);
  const parsed = shown ? parse(shown) : undefined;
  const shownKey = shown ? JSON.stringify(shown) : "";
  useEffect(() => {
    if (!on) return onChange(undefined);
    const typed = shownKey ? parse(JSON.parse(shownKey) as GateText) : undefined;
    onChange(typed && "gate" in typed ? typed.gate : null);
  }, [on, shownKey, onChange]);
  return (
    <fieldset
      className="flex flex-col gap-2 rounded-md border border-neutral-200 p-2 text-sm"
      data-testid="metric-gate"
    >
      <label className="flex items-center gap-2 font-medium">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} />
        Gate each step on the canary&apos;s errors and latency (CloudWatch)
      </label>
      {on && !shown && <p className="text-xs text-neutral-600">Reading the last hour&apos;s baseline…</p>}
      {on && baseline && (
        <p className="text-xs text-neutral-600" data-testid="metric-gate-baseline">
          Last hour: stable 5xx {baseline.errorRate === null ? "n/a" : formatPercent(baseline.errorRate)}, p99{" "}
          {baseline.p99 === null ? "n/a" : formatMs(baseline.p99)}
          {canarySeries.data?.summary.state === "ok" &&
            `; canary ${canarySeries.data.summary.rps.toFixed(2)} req/s, 5xx ${formatPercent(canarySeries.data.summary.errorRate ?? 0)}`}
          {baseline.state !== "ok" && ` (${baseline.state})`}. Proposed limits below.
        </p>
      )}
      {on && shown && (
        <div className="grid grid-cols-2 gap-2">
          {(Object.keys(LABELS) as (keyof GateText)[]).map((key) => (
            <label key={key} className="flex flex-col gap-0.5 text-xs">
              <span className="font-medium">{LABELS[key]}</span>
              <Input
                id={`${id}-${key}`}
                inputMode="decimal"
                value={shown[key]}
                onChange={(e) => setText({ ...shown, [key]: e.target.value })}
              />
            </label>
          ))}
        </div>
      )}
      {on && parsed && "error" in parsed && (
        <span role="alert" className="text-xs text-red-700">
          {parsed.error}
        </span>
      )}
    </fieldset>
  );
}
