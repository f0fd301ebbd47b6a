import type { Listener, Rule, RuleAction, TargetGroup } from "../core/model";
import { seedFromString } from "../core/random";
import type { World } from "../core/world";
import type { TrafficConfig, TrafficQuality } from "./traffic-config";

/** Where requests go at one moment: per service and per target group, requests (or connections) per second. */
export interface Flow {
  services: Map<string, ServiceFlow>;
  targetGroups: Map<string, TargetGroupFlow>;
}

export interface ServiceFlow {
  id: string;
  accountId: string;
  region: string;
  rps: number;
  /** Requests per second this service sends to each target group. */
  toTargetGroups: Map<string, number>;
  /** Fixed responses by status code. */
  fixed: Map<number, number>;
  /** Requests of a forward action with no serving target group: Lattice answers them itself (502). */
  noTarget: number;
}

export interface TargetGroupFlow {
  id: string;
  name: string;
  accountId: string;
  region: string;
  rps: number;
  /** Behind a TLS passthrough listener: connections, not HTTP requests. */
  tcp: boolean;
}

/** Lambda and ALB targets have no Lattice health checks: UNAVAILABLE serves. */
function serving(tg: TargetGroup): boolean {
  const unchecked = tg.type === "LAMBDA" || tg.type === "ALB" || tg.config?.healthCheck?.enabled === false;
  return tg.targets.some((t) => t.status === "HEALTHY" || (unchecked && t.status === "UNAVAILABLE"));
}

function idOf(identifier: string): string {
  return identifier.split("/").pop() ?? identifier;
}

/** The flow the world's live weights, rules and target health give the scenario's request rates. */
export function computeFlow(world: World, config: TrafficConfig): Flow {
  const flow: Flow = { services: new Map(), targetGroups: new Map() };
  for (const [region, state] of world.regions) {
    const findTg = (identifier: string) => state.targetGroups.get(idOf(identifier));
    const listenersOf = new Map<string, Listener[]>();
    for (const l of state.listeners.values())
      listenersOf.set(l.serviceId, [...(listenersOf.get(l.serviceId) ?? []), l]);
    const rulesOf = new Map<string, Rule[]>();
    for (const r of state.rules.values())
      rulesOf.set(r.listenerId, [...(rulesOf.get(r.listenerId) ?? []), r]);
    for (const service of state.services.values()) {
      if (service.status !== "ACTIVE") continue;
      const configured = config.services.find((s) => s.service === service.name || s.service === service.id);
      const rps = configured?.requestsPerSecond ?? config.defaultRequestsPerSecond;
      const listeners = listenersOf.get(service.id) ?? [];
      if (rps <= 0 || listeners.length === 0) continue;
      const sf: ServiceFlow = {
        id: service.id,
        accountId: service.ownerAccountId,
        region,
        rps: 0,
        toTargetGroups: new Map(),
        fixed: new Map(),
        noTarget: 0,
      };
      const send = (action: RuleAction, rate: number, tcp: boolean) => {
        if (rate <= 0) return;
        sf.rps += rate;
        if ("fixedResponse" in action) {
          const code = action.fixedResponse.statusCode;
          sf.fixed.set(code, (sf.fixed.get(code) ?? 0) + rate);
          return;
        }
        const groups = action.forward.targetGroups
          .map((g) => ({ tg: findTg(g.targetGroupIdentifier), weight: g.weight ?? 1 }))
          .filter((g) => g.tg && g.weight > 0 && serving(g.tg));
        const total = groups.reduce((a, g) => a + g.weight, 0);
        if (total === 0) {
          sf.noTarget += rate;
          return;
        }
        for (const { tg, weight } of groups) {
          const share = (rate * weight) / total;
          sf.toTargetGroups.set(tg!.id, (sf.toTargetGroups.get(tg!.id) ?? 0) + share);
          const tf = flow.targetGroups.get(tg!.id) ?? {
            id: tg!.id,
            name: tg!.name,
            accountId: tg!.ownerAccountId,
            region,
            rps: 0,
            tcp,
          };
          tf.rps += share;
          flow.targetGroups.set(tg!.id, tf);
        }
      };
      for (const listener of listeners) {
        const rate = rps / listeners.length;
        const rules = [...(rulesOf.get(listener.id) ?? [])].sort((a, b) => a.priority - b.priority);
        let left = 1;
        for (const rule of rules) {
          const share = Math.min(left, configured?.rules[rule.name] ?? configured?.rules[rule.id] ?? 0.1);
          left -= share;
          send(rule.action, rate * share, listener.protocol === "TLS_PASSTHROUGH");
        }
        send(listener.defaultAction, rate * left, listener.protocol === "TLS_PASSTHROUGH");
      }
      if (sf.rps > 0) flow.services.set(service.id, sf);
    }
  }
  return flow;
}

function signature(flow: Flow): string {
  const parts: string[] = [];
  for (const s of flow.services.values()) {
    parts.push(`${s.id}:${s.rps.toFixed(6)}:${s.noTarget.toFixed(6)}`);
    for (const [tg, r] of s.toTargetGroups) parts.push(`${tg}=${r.toFixed(6)}`);
    for (const [code, r] of s.fixed) parts.push(`${code}=${r.toFixed(6)}`);
  }
  return parts.join("|");
}

export interface FlowSegment {
  atMs: number;
  flow: Flow;
}

interface SwitchEvent {
  atMs: number;
  name: string;
  on: boolean;
}

/** Components of a latency mixture: a weight (requests) and a log-normal given by its p50 and p99. */
export interface LatencyPart {
  weight: number;
  p50: number;
  p99: number;
}

/** One interval's sums for a service or target group. */
export interface Tally {
  requests: number;
  codes: { "2XX": number; "3XX": number; "4XX": number; "5XX": number };
  latticeCodes: Map<number, number>;
  latency: LatencyPart[];
  tcp: boolean;
}

const HISTORY_MS = 25 * 3_600_000;

/**
 * The scenario's traffic over time: the flow is recorded whenever the world changes (weights, rules, health),
 * and a metric's datapoints integrate it over each period, with each target group's quality at that time
 * (the scenario's timeline and switches). Tests let time pass at once with advance().
 */
export class TrafficModel {
  segments: FlowSegment[] = [];
  switchEvents: SwitchEvent[] = [];
  /** How far the recorded traffic has been moved into the past (see advance). */
  advancedMs = 0;
  /** How long after a moment its requests show in the metrics (the scenario's metricDelaySeconds at first). */
  delaySeconds: number;
  private lastSignature = "";

  constructor(
    readonly config: TrafficConfig,
    private readonly world: World,
  ) {
    this.delaySeconds = config.metricDelaySeconds;
    const flow = computeFlow(world, config);
    this.lastSignature = signature(flow);
    // The scenario's traffic ran as it is now for the day before the emulator started: ranges have history.
    this.segments.push({ atMs: this.now() - HISTORY_MS, flow });
  }

  now(): number {
    return Date.now();
  }

  /**
   * Lets `seconds` pass at once: everything recorded so far (weight changes, switches, the scenario's timeline)
   * moves that far into the past, so any client, on any clock, sees it as that much older.
   */
  advance(seconds: number): void {
    const ms = seconds * 1000;
    for (const segment of this.segments) segment.atMs -= ms;
    for (const event of this.switchEvents) event.atMs -= ms;
    this.advancedMs += ms;
  }

  /** When the scenario's timeline change `afterSeconds` happens. */
  private timelineAt(afterSeconds: number): number {
    return this.world.loadedAtMs + afterSeconds * 1000 - this.advancedMs;
  }

  /** Records the flow when the world changed it. */
  observe(): void {
    const flow = computeFlow(this.world, this.config);
    const sig = signature(flow);
    if (sig === this.lastSignature) return;
    this.lastSignature = sig;
    const atMs = this.now();
    const last = this.segments.at(-1);
    if (last && last.atMs >= atMs) last.flow = flow;
    else this.segments.push({ atMs, flow });
  }

  get activeSwitches(): string[] {
    const on = new Set<string>();
    for (const e of this.switchEvents) {
      if (e.on) on.add(e.name);
      else on.delete(e.name);
    }
    return [...on];
  }

  setSwitches(names: readonly string[]): void {
    const unknown = names.filter((n) => !Object.hasOwn(this.config.switches, n));
    if (unknown.length > 0) throw new Error(`Unknown traffic switch: ${unknown.join(", ")}`);
    const active = new Set(this.activeSwitches);
    const atMs = this.now();
    for (const name of active) if (!names.includes(name)) this.switchEvents.push({ atMs, name, on: false });
    for (const name of names) if (!active.has(name)) this.switchEvents.push({ atMs, name, on: true });
  }

  current(): Flow {
    return this.segments.at(-1)!.flow;
  }

  /** When the entity's metrics start: its first recorded traffic. */
  firstSeen(kind: "service" | "targetGroup", id: string): number | undefined {
    for (const s of this.segments) {
      const found = kind === "service" ? s.flow.services.get(id) : s.flow.targetGroups.get(id);
      if (found && found.rps > 0) return s.atMs;
    }
    return undefined;
  }

  qualityAt(tg: { id: string; name: string }, atMs: number): TrafficQuality {
    const matches = (ref: string) => ref === tg.id || ref === tg.name || idOf(ref) === tg.id;
    const q = { ...this.config.defaults } as TrafficQuality;
    const apply = (change: Partial<TrafficQuality>) => {
      for (const key of ["errorRate", "clientErrorRate", "p50Ms", "p99Ms"] as const) {
        if (change[key] !== undefined) q[key] = change[key];
      }
    };
    for (const c of this.config.targetGroups) if (matches(c.targetGroup)) apply(c);
    for (const c of this.config.timeline) {
      if (matches(c.targetGroup) && this.timelineAt(c.afterSeconds) <= atMs) apply(c);
    }
    const on = new Set<string>();
    for (const e of this.switchEvents) {
      if (e.atMs > atMs) break;
      if (e.on) on.add(e.name);
      else on.delete(e.name);
    }
    for (const name of on)
      for (const c of this.config.switches[name] ?? []) if (matches(c.targetGroup)) apply(c);
    if (q.p99Ms < q.p50Ms) q.p99Ms = q.p50Ms;
    return q;
  }

  /** Times in [from, to) where the flow or a target group's quality may change. */
  private changePoints(from: number, to: number): number[] {
    const points = new Set<number>([from, to]);
    for (const s of this.segments) if (s.atMs > from && s.atMs < to) points.add(s.atMs);
    for (const e of this.switchEvents) if (e.atMs > from && e.atMs < to) points.add(e.atMs);
    for (const c of this.config.timeline) {
      const at = this.timelineAt(c.afterSeconds);
      if (at > from && at < to) points.add(at);
    }
    return [...points].sort((a, b) => a - b);
  }

  private flowAt(atMs: number): Flow | undefined {
    let found: Flow | undefined;
    for (const s of this.segments) {
      if (s.atMs > atMs) break;
      found = s.flow;
    }
    return found;
  }

  /** Sums of one service's or target group's requests over [from, to). */
  tally(kind: "service" | "targetGroup", id: string, from: number, to: number): Tally {
    const t: Tally = {
      requests: 0,
      codes: { "2XX": 0, "3XX": 0, "4XX": 0, "5XX": 0 },
      latticeCodes: new Map(),
      latency: [],
      tcp: false,
    };
    const points = this.changePoints(from, to);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i]!;
      const seconds = (points[i + 1]! - a) / 1000;
      const flow = this.flowAt(a);
      if (!flow || seconds <= 0) continue;
      const served = (tgId: string, rate: number) => {
        const tg = flow.targetGroups.get(tgId);
        if (!tg) return;
        t.tcp = tg.tcp;
        const n = rate * seconds * noise(tgId, a);
        const q = this.qualityAt(tg, a);
        t.requests += n;
        t.codes["5XX"] += n * q.errorRate;
        t.codes["4XX"] += n * q.clientErrorRate;
        t.codes["2XX"] += n * (1 - q.errorRate - q.clientErrorRate);
        const same = t.latency.find((p) => p.p50 === q.p50Ms && p.p99 === q.p99Ms);
        if (same) same.weight += n;
        else t.latency.push({ weight: n, p50: q.p50Ms, p99: q.p99Ms });
      };
      if (kind === "targetGroup") {
        const tg = flow.targetGroups.get(id);
        if (tg) served(id, tg.rps);
        continue;
      }
      const sf = flow.services.get(id);
      if (!sf) continue;
      for (const [tgId, rate] of sf.toTargetGroups) served(tgId, rate);
      for (const [code, rate] of sf.fixed) {
        const n = rate * seconds;
        t.requests += n;
        const cls = `${Math.floor(code / 100)}XX`;
        if (cls === "2XX" || cls === "3XX" || cls === "4XX" || cls === "5XX") t.codes[cls] += n;
      }
      if (sf.noTarget > 0) {
        const n = sf.noTarget * seconds;
        t.requests += n;
        t.codes["5XX"] += n;
        t.latticeCodes.set(502, (t.latticeCodes.get(502) ?? 0) + n);
      }
    }
    return t;
  }
}

/** A steady ±3 % wobble per entity and minute, so series look measured without hiding the split. */
function noise(id: string, atMs: number): number {
  const h = seedFromString(`${id}:${Math.floor(atMs / 60_000)}`) / 4294967296;
  return 1 + 0.06 * (h - 0.5);
}

const Z99 = 2.3263;

function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

function logNormal(part: LatencyPart): { mu: number; sigma: number } {
  const mu = Math.log(part.p50);
  return { mu, sigma: Math.max(0.01, (Math.log(part.p99) - mu) / Z99) };
}

/** The q-quantile (0–1) of a mixture of log-normal latencies, in milliseconds. */
export function mixtureQuantile(parts: readonly LatencyPart[], q: number): number | undefined {
  const total = parts.reduce((a, p) => a + p.weight, 0);
  if (total <= 0) return undefined;
  const live = parts.filter((p) => p.weight > 0);
  if (live.length === 1) {
    const { mu, sigma } = logNormal(live[0]!);
    return Math.exp(mu + sigma * normalQuantile(q));
  }
  const dists = live.map((p) => ({ w: p.weight / total, ...logNormal(p) }));
  const cdf = (lnx: number) =>
    dists.reduce((a, d) => a + d.w * 0.5 * (1 + erf((lnx - d.mu) / (d.sigma * Math.SQRT2))), 0);
  let lo = Math.min(...dists.map((d) => d.mu - 8 * d.sigma));
  let hi = Math.max(...dists.map((d) => d.mu + 8 * d.sigma));
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/** The standard normal's q-quantile (Acklam's rational approximation, relative error below 1.2e-9). */
function normalQuantile(q: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (q < low) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (
      (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) /
      ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1)
    );
  }
  if (q > 1 - low) return -normalQuantile(1 - q);
  const r = q - 0.5;
  const t = r * r;
  return (
    ((((((a[0]! * t + a[1]!) * t + a[2]!) * t + a[3]!) * t + a[4]!) * t + a[5]!) * r) /
    (((((b[0]! * t + b[1]!) * t + b[2]!) * t + b[3]!) * t + b[4]!) * t + 1)
  );
}

export function mixtureMean(parts: readonly LatencyPart[]): number | undefined {
  const total = parts.reduce((a, p) => a + p.weight, 0);
  if (total <= 0) return undefined;
  return parts.reduce((a, p) => {
    const { mu, sigma } = logNormal(p);
    return a + (p.weight / total) * Math.exp(mu + (sigma * sigma) / 2);
  }, 0);
}
