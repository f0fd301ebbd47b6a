import type { Tally } from "./traffic";
import { mixtureMean, mixtureQuantile } from "./traffic";

export const LATTICE_NAMESPACE = "AWS/VpcLattice";

/** Status codes VPC Lattice itself answers with (HTTPCode_VpcLattice_*_Count on services). */
export const LATTICE_CODES = [400, 403, 404, 429, 500, 502, 504] as const;

const HTTP_CODES = ["HTTPCode_2XX_Count", "HTTPCode_3XX_Count", "HTTPCode_4XX_Count", "HTTPCode_5XX_Count"];

/** What VPC Lattice publishes per service (dimension `Service`) and per target group (`TargetGroup`). */
export const SERVICE_METRICS = [
  "TotalRequestCount",
  ...HTTP_CODES,
  "RequestTime",
  "RequestTimeoutCount",
  ...LATTICE_CODES.map((c) => `HTTPCode_VpcLattice_${c}_Count`),
];
export const TARGET_GROUP_HTTP_METRICS = ["TotalRequestCount", ...HTTP_CODES, "RequestTime"];
export const TARGET_GROUP_TCP_METRICS = [
  "TotalConnectionCount",
  "ActiveConnectionCount",
  "ConnectionErrorCount",
];

export const STAT_PATTERN = /^(Sum|Average|Minimum|Maximum|SampleCount|p(\d{1,2}(\.\d{1,3})?|100))$/;

/**
 * A metric's value over one period from its tally, for a statistic. Counts are published once a minute, so their
 * samples are minutes; RequestTime has one sample per request. Undefined: no datapoint (no requests timed).
 */
export function statistic(metric: string, stat: string, t: Tally, minutes: number): number | undefined {
  if (metric === "RequestTime") {
    if (t.requests < 0.5) return undefined;
    if (stat === "SampleCount") return Math.round(t.requests);
    const mean = mixtureMean(t.latency) ?? 0;
    if (stat === "Average") return mean;
    if (stat === "Sum") return mean * t.requests;
    if (stat === "Minimum") return mixtureQuantile(t.latency, 0.0001);
    if (stat === "Maximum") return mixtureQuantile(t.latency, 0.99999);
    const q = Number(stat.slice(1)) / 100;
    return mixtureQuantile(t.latency, Math.min(q, 0.99999));
  }
  const count = countOf(metric, t);
  if (count === undefined) return undefined;
  const samples = Math.max(1, Math.round(minutes));
  if (stat === "Sum") return Math.round(count);
  if (stat === "SampleCount") return samples;
  return count / samples;
}

function countOf(metric: string, t: Tally): number | undefined {
  switch (metric) {
    case "TotalRequestCount":
    case "TotalConnectionCount":
      return t.requests;
    case "HTTPCode_2XX_Count":
      return t.codes["2XX"];
    case "HTTPCode_3XX_Count":
      return t.codes["3XX"];
    case "HTTPCode_4XX_Count":
      return t.codes["4XX"];
    case "HTTPCode_5XX_Count":
      return t.codes["5XX"];
    case "ConnectionErrorCount":
      return t.codes["5XX"];
    case "ActiveConnectionCount":
      return t.requests * 0.05;
    case "RequestTimeoutCount":
      return 0;
  }
  const lattice = /^HTTPCode_VpcLattice_(\d{3})_Count$/.exec(metric);
  if (lattice) return t.latticeCodes.get(Number(lattice[1])) ?? 0;
  return undefined;
}
