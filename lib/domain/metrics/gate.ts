import { z } from "zod";
import { formatMs, formatPercent } from "./edges";
import type { TrafficSummary } from "./summary";

/**
 * A rollout step's metric checks over the analysis window before it: the canary's 5xx share, absolute and
 * against the stable groups', and its p99 latency, absolute or against the stable groups'. Below `minRequests`
 * canary requests the gate waits instead of passing.
 */
export const metricGateSchema = z
  .object({
    analysisSeconds: z.number().int().min(60, "must be at least 60 seconds").max(3_600).default(300),
    maxErrorPercent: z.number().min(0).max(100).default(5),
    maxErrorPointsOverStable: z.number().min(0).max(100).default(2),
    maxP99Ms: z.number().positive().max(600_000).optional(),
    maxP99Ratio: z.number().min(1).max(100).optional(),
    minRequests: z.number().int().min(1).max(1_000_000_000).default(50),
  })
  .strict();
export type MetricGate = z.infer<typeof metricGateSchema>;

export type GateVerdict = "pass" | "fail" | "wait";

export interface MetricGateResult {
  verdict: GateVerdict;
  reason: string;
  measured: {
    canaryRequests: number;
    canaryErrorRate: number | null;
    stableErrorRate: number | null;
    canaryP99: number | null;
    stableP99: number | null;
  };
}

const pct = (rate: number | null) => (rate === null ? "n/a" : formatPercent(rate));
const ms = (v: number | null) => (v === null ? "n/a" : formatMs(v));

/** Judges the canary against the gate and the stable groups over the same window. */
export function evaluateMetricGate(
  canary: TrafficSummary,
  stable: TrafficSummary,
  gate: MetricGate,
): MetricGateResult {
  const measured = {
    canaryRequests: Math.round(canary.requests),
    canaryErrorRate: canary.errorRate,
    stableErrorRate: stable.errorRate,
    canaryP99: canary.p99,
    stableP99: stable.p99,
  };
  const window = `the last ${Math.round(gate.analysisSeconds / 60)} min`;
  if (canary.state === "unavailable") {
    return { verdict: "wait", reason: `canary metrics unavailable: ${canary.reason ?? "unknown"}`, measured };
  }
  if (canary.requests < gate.minRequests) {
    return {
      verdict: "wait",
      reason: `canary served ${Math.round(canary.requests)} requests in ${window} (the gate needs ${gate.minRequests})`,
      measured,
    };
  }
  const canaryErr = (canary.errorRate ?? 0) * 100;
  const stableErr = stable.errorRate === null ? null : stable.errorRate * 100;
  const errorText = `canary 5xx ${pct(canary.errorRate)} over ${Math.round(canary.requests)} requests in ${window} (stable ${pct(stable.errorRate)})`;
  if (canaryErr > gate.maxErrorPercent) {
    return { verdict: "fail", reason: `${errorText}: above the ${gate.maxErrorPercent} % limit`, measured };
  }
  if (stableErr !== null && canaryErr > stableErr + gate.maxErrorPointsOverStable) {
    return {
      verdict: "fail",
      reason: `${errorText}: more than ${gate.maxErrorPointsOverStable} points above stable`,
      measured,
    };
  }
  const latencyText = `canary p99 ${ms(canary.p99)} (stable ${ms(stable.p99)})`;
  if (canary.p99 !== null && (gate.maxP99Ms !== undefined || gate.maxP99Ratio !== undefined)) {
    const underAbsolute = gate.maxP99Ms !== undefined && canary.p99 <= gate.maxP99Ms;
    const underRatio =
      gate.maxP99Ratio !== undefined && stable.p99 !== null && canary.p99 <= stable.p99 * gate.maxP99Ratio;
    if (!underAbsolute && !underRatio) {
      const limits = [
        gate.maxP99Ms !== undefined ? `${formatMs(gate.maxP99Ms)}` : undefined,
        gate.maxP99Ratio !== undefined ? `${gate.maxP99Ratio} × stable` : undefined,
      ].filter(Boolean);
      return { verdict: "fail", reason: `${latencyText}: above ${limits.join(" and ")}`, measured };
    }
  }
  return { verdict: "pass", reason: `${errorText}; ${latencyText}`, measured };
}

/** Gate values the rollout form proposes from the last hour: a little above what stable and canary show now. */
export function proposeGate(
  stable: TrafficSummary,
  canary: TrafficSummary,
  analysisSeconds = 300,
): MetricGate {
  const stableErr = (stable.errorRate ?? 0) * 100;
  const baselineP99 = stable.p99 ?? canary.p99;
  const canaryPerWindow = canary.state === "ok" ? canary.rps * analysisSeconds : 0;
  return {
    analysisSeconds,
    maxErrorPercent: Math.max(1, Math.ceil(stableErr * 3 + 1)),
    maxErrorPointsOverStable: 2,
    ...(baselineP99 !== null ? { maxP99Ms: Math.ceil((baselineP99 * 2) / 10) * 10, maxP99Ratio: 2 } : {}),
    minRequests: Math.max(20, Math.min(200, Math.round(canaryPerWindow / 2))),
  };
}
