import type { RequestContext } from "../core/context";
import { ApiError } from "../core/errors";
import {
  LATTICE_NAMESPACE,
  SERVICE_METRICS,
  STAT_PATTERN,
  TARGET_GROUP_HTTP_METRICS,
  TARGET_GROUP_TCP_METRICS,
  statistic,
} from "./catalog";
import type { TrafficModel } from "./traffic";

export function invalidValue(message: string): ApiError {
  return new ApiError(400, "InvalidParameterValue", message);
}

function missing(name: string): ApiError {
  return new ApiError(400, "MissingParameter", `The parameter ${name} is required.`);
}

export interface Dimension {
  Name: string;
  Value: string;
}

interface PublishedMetric {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
}

/** The metrics the caller's account publishes in the signed region: every service and target group with traffic. */
export function publishedMetrics(ctx: RequestContext, traffic: TrafficModel): PublishedMetric[] {
  const out: PublishedMetric[] = [];
  const seen = new Set<string>();
  for (const segment of traffic.segments) {
    for (const s of segment.flow.services.values()) {
      if (s.accountId !== ctx.caller.accountId || s.region !== ctx.region || seen.has(s.id)) continue;
      seen.add(s.id);
      for (const name of SERVICE_METRICS) {
        out.push({
          Namespace: LATTICE_NAMESPACE,
          MetricName: name,
          Dimensions: [{ Name: "Service", Value: s.id }],
        });
      }
    }
    for (const tg of segment.flow.targetGroups.values()) {
      if (tg.accountId !== ctx.caller.accountId || tg.region !== ctx.region || seen.has(tg.id)) continue;
      seen.add(tg.id);
      for (const name of tg.tcp ? TARGET_GROUP_TCP_METRICS : TARGET_GROUP_HTTP_METRICS) {
        out.push({
          Namespace: LATTICE_NAMESPACE,
          MetricName: name,
          Dimensions: [{ Name: "TargetGroup", Value: tg.id }],
        });
      }
    }
  }
  return out;
}

const LIST_PAGE = 500;

function stringMember(value: unknown, name: string, max = 255): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidValue(`The parameter ${name} must be a string.`);
  if (value.length < 1 || value.length > max) {
    throw invalidValue(`The parameter ${name} must be between 1 and ${max} characters long.`);
  }
  return value;
}

function dimensionsOf(
  value: unknown,
  name: string,
  valueRequired: boolean,
): { Name: string; Value?: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidValue(`The parameter ${name} must be a list.`);
  if (value.length > 30) throw invalidValue(`The collection ${name} must not have more than 30 members.`);
  return value.map((d: unknown, i) => {
    const member = `${name}.member.${i + 1}`;
    const record = (d ?? {}) as Record<string, unknown>;
    const dimName = stringMember(record.Name, `${member}.Name`);
    if (!dimName) throw missing(`${member}.Name`);
    const dimValue = stringMember(record.Value, `${member}.Value`, 1024);
    if (valueRequired && dimValue === undefined) throw missing(`${member}.Value`);
    return { Name: dimName, ...(dimValue !== undefined ? { Value: dimValue } : {}) };
  });
}

export function listMetrics(ctx: RequestContext, traffic: TrafficModel, input: Record<string, unknown>) {
  const namespace = stringMember(input.Namespace, "Namespace");
  const metricName = stringMember(input.MetricName, "MetricName");
  const filters = dimensionsOf(input.Dimensions, "Dimensions", false);
  const recently = input.RecentlyActive;
  if (recently !== undefined && recently !== "PT3H") {
    throw invalidValue("The parameter RecentlyActive must be PT3H.");
  }
  const matching = publishedMetrics(ctx, traffic).filter(
    (m) =>
      (namespace === undefined || m.Namespace === namespace) &&
      (metricName === undefined || m.MetricName === metricName) &&
      filters.every((f) =>
        m.Dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
      ),
  );
  const start = pageStart(input.NextToken, matching.length);
  const page = matching.slice(start, start + LIST_PAGE);
  const next = start + LIST_PAGE < matching.length ? encodeToken(start + LIST_PAGE) : undefined;
  return { Metrics: page, ...(next ? { NextToken: next } : {}) };
}

function encodeToken(index: number): string {
  return Buffer.from(`trellis-emulator:${index}`).toString("base64");
}

function pageStart(token: unknown, size: number): number {
  if (token === undefined || token === null) return 0;
  const decoded = typeof token === "string" ? Buffer.from(token, "base64").toString("utf8") : "";
  const match = /^trellis-emulator:(\d+)$/.exec(decoded);
  const index = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(index) || index > size) {
    throw new ApiError(
      400,
      "InvalidNextToken",
      "The service couldn't process your request because the NextToken is invalid.",
    );
  }
  return index;
}

/** A timestamp member: epoch seconds (JSON) or an ISO 8601 string (query). */
export function timestampMember(value: unknown, name: string): number {
  if (value === undefined || value === null || value === "") throw missing(name);
  const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalidValue(`The parameter ${name} must be a timestamp.`);
  return ms;
}

interface MetricStatQuery {
  id: string;
  label: string;
  returnData: boolean;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  periodS: number;
  stat: string;
}

function parseQueries(
  value: unknown,
): (MetricStatQuery | { id: string; expression: string; label?: string })[] {
  if (value === undefined || value === null) throw missing("MetricDataQueries");
  if (!Array.isArray(value)) throw invalidValue("The parameter MetricDataQueries must be a list.");
  if (value.length > 500) {
    throw invalidValue("The collection MetricDataQueries must not have more than 500 members.");
  }
  const ids = new Set<string>();
  return value.map((raw: unknown, i) => {
    const member = `MetricDataQueries.member.${i + 1}`;
    const q = (raw ?? {}) as Record<string, unknown>;
    const id = stringMember(q.Id, `${member}.Id`);
    if (!id) throw missing(`${member}.Id`);
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
      throw invalidValue(
        `The value ${id} for parameter ${member}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`,
      );
    }
    if (ids.has(id)) throw invalidValue(`The value ${id} for parameter ${member}.Id is duplicated.`);
    ids.add(id);
    const label = stringMember(q.Label, `${member}.Label`, 2048);
    const hasStat = q.MetricStat !== undefined && q.MetricStat !== null;
    const expression = stringMember(q.Expression, `${member}.Expression`, 2048);
    if (hasStat === (expression !== undefined)) {
      throw new ApiError(
        400,
        "InvalidParameterCombination",
        `Exactly one element of the MetricStat or the Expression fields must be present in ${member}.`,
      );
    }
    if (expression !== undefined) return { id, expression, ...(label ? { label } : {}) };
    const stat = q.MetricStat as Record<string, unknown>;
    const metric = (stat.Metric ?? undefined) as Record<string, unknown> | undefined;
    if (!metric) throw missing(`${member}.MetricStat.Metric`);
    const metricName = stringMember(metric.MetricName, `${member}.MetricStat.Metric.MetricName`);
    if (!metricName) throw missing(`${member}.MetricStat.Metric.MetricName`);
    const namespace = stringMember(metric.Namespace, `${member}.MetricStat.Metric.Namespace`);
    if (!namespace) throw missing(`${member}.MetricStat.Metric.Namespace`);
    const period = stat.Period;
    if (period === undefined || period === null) throw missing(`${member}.MetricStat.Period`);
    if (
      typeof period !== "number" ||
      !Number.isInteger(period) ||
      period < 1 ||
      !(period % 60 === 0 || [1, 5, 10, 20, 30].includes(period))
    ) {
      throw invalidValue(
        `The parameter ${member}.MetricStat.Period must be a multiple of 60 or one of 1, 5, 10, 20 or 30.`,
      );
    }
    const statName = stringMember(stat.Stat, `${member}.MetricStat.Stat`);
    if (!statName) throw missing(`${member}.MetricStat.Stat`);
    if (!STAT_PATTERN.test(statName)) {
      throw invalidValue(`The parameter ${member}.MetricStat.Stat must be a valid statistic: ${statName}.`);
    }
    return {
      id,
      label: label ?? metricName,
      returnData: q.ReturnData !== false,
      namespace,
      metricName,
      dimensions: dimensionsOf(
        metric.Dimensions,
        `${member}.MetricStat.Metric.Dimensions`,
        true,
      ) as Dimension[],
      periodS: period,
      stat: statName,
    };
  });
}

/** The entity a metric's dimensions name, when it is one this account publishes in this region. */
function entityOf(
  ctx: RequestContext,
  traffic: TrafficModel,
  q: MetricStatQuery,
): { kind: "service" | "targetGroup"; id: string } | undefined {
  if (q.namespace !== LATTICE_NAMESPACE || q.dimensions.length !== 1) return undefined;
  const [d] = q.dimensions;
  const state = ctx.world.regions.get(ctx.region);
  if (d!.Name === "Service" && SERVICE_METRICS.includes(q.metricName)) {
    const service = state?.services.get(d!.Value);
    if (service?.ownerAccountId === ctx.caller.accountId) return { kind: "service", id: service.id };
    return undefined;
  }
  if (d!.Name === "TargetGroup") {
    const tg = state?.targetGroups.get(d!.Value);
    if (tg?.ownerAccountId !== ctx.caller.accountId) return undefined;
    const tcp = traffic.current().targetGroups.get(tg.id)?.tcp ?? false;
    const names = tcp ? TARGET_GROUP_TCP_METRICS : TARGET_GROUP_HTTP_METRICS;
    return names.includes(q.metricName) ? { kind: "targetGroup", id: tg.id } : undefined;
  }
  return undefined;
}

const DEFAULT_MAX_DATAPOINTS = 100_800;

export function getMetricData(ctx: RequestContext, traffic: TrafficModel, input: Record<string, unknown>) {
  const queries = parseQueries(input.MetricDataQueries);
  const startMs = timestampMember(input.StartTime, "StartTime");
  const endMs = timestampMember(input.EndTime, "EndTime");
  if (startMs >= endMs)
    throw invalidValue("The parameter StartTime must be less than the parameter EndTime.");
  const scanBy = input.ScanBy ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending") {
    throw invalidValue("The parameter ScanBy must be TimestampDescending or TimestampAscending.");
  }
  const maxDatapoints = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
  if (typeof maxDatapoints !== "number" || !Number.isInteger(maxDatapoints) || maxDatapoints < 1) {
    throw invalidValue("The parameter MaxDatapoints must be a positive integer.");
  }
  traffic.observe();
  const first = pageStart(input.NextToken, queries.length);
  // Datapoints are published per whole minute, a delay after the minute ends.
  const publishedUntil = Math.floor((traffic.now() - traffic.delaySeconds * 1000) / 60_000) * 60_000;
  const alignedStart = Math.floor(startMs / 60_000) * 60_000;
  const results: unknown[] = [];
  const tallies = new Map<string, ReturnType<TrafficModel["tally"]>>();
  let datapoints = 0;
  let next: number | undefined;
  for (let i = first; i < queries.length; i++) {
    const q = queries[i]!;
    if ("expression" in q) {
      results.push({
        Id: q.id,
        Label: q.label ?? q.id,
        Timestamps: [],
        Values: [],
        StatusCode: "InternalError",
        Messages: [{ Code: "Unsupported", Value: "The emulator does not evaluate metric math expressions." }],
      });
      continue;
    }
    if (!q.returnData) continue;
    const timestamps: number[] = [];
    const values: number[] = [];
    const entity = entityOf(ctx, traffic, q);
    const since = entity ? traffic.firstSeen(entity.kind, entity.id) : undefined;
    const periodMs = Math.max(60, q.periodS) * 1000;
    if (entity && since !== undefined) {
      for (let a = alignedStart; a < endMs && a < publishedUntil; a += periodMs) {
        const b = Math.min(a + periodMs, endMs, publishedUntil);
        if (b <= since) continue;
        const from = Math.max(a, since);
        // The queries of one entity (requests, codes, percentiles) share its tally of a period.
        const key = `${entity.kind}|${entity.id}|${from}|${b}`;
        const tally = tallies.get(key) ?? traffic.tally(entity.kind, entity.id, from, b);
        tallies.set(key, tally);
        const value = statistic(q.metricName, q.stat, tally, (b - from) / 60_000);
        if (value === undefined) continue;
        timestamps.push(Math.floor(a / 1000));
        values.push(Number(value.toFixed(6)));
      }
    }
    if (datapoints + values.length > maxDatapoints && results.length > 0) {
      next = i;
      break;
    }
    datapoints += values.length;
    if (scanBy === "TimestampDescending") {
      timestamps.reverse();
      values.reverse();
    }
    results.push({
      Id: q.id,
      Label: q.label,
      Timestamps: timestamps,
      Values: values,
      StatusCode: "Complete",
    });
  }
  return {
    MetricDataResults: results,
    Messages: [],
    ...(next !== undefined ? { NextToken: encodeToken(next) } : {}),
  };
}
