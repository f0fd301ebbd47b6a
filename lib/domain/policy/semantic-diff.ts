import type { EstatePolicies } from "./connectivity";
import type { Policy, PolicyInput } from "./document";
import {
  evaluateLattice,
  toPolicy,
  type AuthType,
  type LatticeEvaluation,
  type LatticeLayers,
  type LayerName,
  type LayerPolicy,
  type LayerTrace,
} from "./evaluate";
import type { MatrixRequest, PrincipalSource, RequestMatrix } from "./matrix";

/** The auth type and policy of the service or network being edited. */
export interface PolicyState {
  authType: AuthType;
  policy?: PolicyInput | null;
}

/** The statement that decides a change, or why the edited layer lets requests through without one. */
export type DecidingStatement =
  { layer: LayerName; index: number; sid?: string } | { layer: LayerName; reason: "not-enforced" };

export interface AccessChange {
  principal: string;
  principalLabel: string;
  principalSources: PrincipalSource[];
  service: { arn: string; name: string };
  /** "*" when the row stands for every method/path of the matrix that changes the same way. */
  method: string;
  path: string;
  sourceVpc: string;
  sourceVpcLabel: string;
  networkArn?: string;
  /** False for the VPC that is not connected: the change applies once it is. */
  reachable: boolean;
  /** From the evaluation after the change for gains, before it for losses. */
  decidingStatement?: DecidingStatement;
  /** The edited layer's verdict before and after. */
  before: LayerTrace;
  after: LayerTrace;
  requests: { method: string; path: string }[];
}

export interface SemanticDiff {
  gains: AccessChange[];
  losses: AccessChange[];
  /** How many requests were evaluated (before and after each). */
  evaluated: number;
}

const NOT_ENFORCED: LayerPolicy = { authType: "NONE", policy: null };

function readLayer(state: PolicyState | LayerPolicy): LayerPolicy {
  if (state.policy === null || state.policy === undefined) return { authType: state.authType, policy: null };
  const policy: Policy | PolicyInput = toPolicy(state.policy) ?? state.policy;
  return { authType: state.authType, policy };
}

/** Each layer's policy read once, so the matrix evaluates plain data. */
function readEstate(estate: EstatePolicies): EstatePolicies {
  const read = (layers: Record<string, LayerPolicy>) =>
    Object.fromEntries(Object.entries(layers).map(([arn, state]) => [arn, readLayer(state)]));
  return { networks: read(estate.networks), services: read(estate.services) };
}

/** The layers a matrix request meets, with `edited` standing in for the scope's own layer. */
export function layersFor(
  entry: MatrixRequest,
  matrix: RequestMatrix,
  estate: EstatePolicies,
  edited: LayerPolicy,
): LatticeLayers {
  const { scope } = matrix;
  const networkArn = entry.source.networkArn;
  const network =
    networkArn === undefined
      ? undefined
      : scope.kind === "service-network" && scope.arn === networkArn
        ? edited
        : (estate.networks[networkArn] ?? NOT_ENFORCED);
  const service =
    scope.kind === "service" && scope.arn === entry.service.arn
      ? edited
      : (estate.services[entry.service.arn] ?? NOT_ENFORCED);
  return network ? { network, service } : { service };
}

function scopedTrace(evaluation: LatticeEvaluation, layer: LayerName): LayerTrace {
  return (
    evaluation.layers.find((t) => t.layer === layer) ?? {
      layer,
      authType: "NONE",
      decision: "not-enforced",
      reason: `the request does not pass through a ${layer === "network" ? "service network" : "service"} layer`,
    }
  );
}

function deciding(trace: LayerTrace): DecidingStatement | undefined {
  if (trace.decision === "not-enforced") return { layer: trace.layer, reason: "not-enforced" };
  return trace.statement ? { layer: trace.layer, ...trace.statement } : undefined;
}

interface Changed {
  entry: MatrixRequest;
  before: LayerTrace;
  after: LayerTrace;
  deciding?: DecidingStatement;
}

function compare(a: AccessChange, b: AccessChange): number {
  const key = (c: AccessChange) =>
    [c.principalLabel, c.service.name, c.sourceVpcLabel, c.method, c.path].join("\u0000");
  const x = key(a);
  const y = key(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rows that differ only in method/path collapse into one "*" row when every route of the service changes alike. */
function group(changes: Changed[], matrix: RequestMatrix): AccessChange[] {
  const routeCount = new Map(matrix.services.map((s) => [s.arn, s.routes.length]));
  const groups = new Map<string, Changed[]>();
  for (const change of changes) {
    const e = change.entry;
    const key = [e.principal.id, e.service.arn, e.source.vpcId, e.source.networkArn ?? ""].join("|");
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  const rows: AccessChange[] = [];
  for (const members of groups.values()) {
    const first = members[0] as Changed;
    const signature = (c: Changed) => JSON.stringify([c.deciding, c.before.decision, c.after.decision]);
    const alike = members.every((m) => signature(m) === signature(first));
    const collapse =
      alike && members.length > 1 && members.length === routeCount.get(first.entry.service.arn);
    const make = (c: Changed, method: string, path: string, requests: Changed[]): AccessChange => {
      const e = c.entry;
      return {
        principal: e.principal.id,
        principalLabel: e.principal.label,
        principalSources: e.principal.sources,
        service: e.service,
        method,
        path,
        sourceVpc: e.source.vpcId,
        sourceVpcLabel: e.source.label,
        ...(e.source.networkArn ? { networkArn: e.source.networkArn } : {}),
        reachable: e.source.reachable,
        ...(c.deciding ? { decidingStatement: c.deciding } : {}),
        before: c.before,
        after: c.after,
        requests: requests.map((r) => ({ method: r.entry.route.method, path: r.entry.route.path })),
      };
    };
    if (collapse) rows.push(make(first, "*", "*", members));
    else for (const m of members) rows.push(make(m, m.entry.route.method, m.entry.route.path, [m]));
  }
  return rows.sort(compare);
}

/**
 * Who gains and who loses access: every request of the matrix evaluated through the network and service layers
 * with the scope's layer as it was (`before`) and as proposed (`after`); the other layers come from `estate`.
 */
export function semanticDiff(
  before: PolicyState,
  after: PolicyState,
  matrix: RequestMatrix,
  estate: EstatePolicies,
): SemanticDiff {
  const layer: LayerName = matrix.scope.kind === "service" ? "service" : "network";
  const read = readEstate(estate);
  const was = readLayer(before);
  const now = readLayer(after);
  const gains: Changed[] = [];
  const losses: Changed[] = [];
  for (const entry of matrix.requests) {
    const b = evaluateLattice(layersFor(entry, matrix, read, was), entry.request);
    const a = evaluateLattice(layersFor(entry, matrix, read, now), entry.request);
    const allowedBefore = b.decision === "allow";
    const allowedAfter = a.decision === "allow";
    if (allowedBefore === allowedAfter) continue;
    const beforeTrace = scopedTrace(b, layer);
    const afterTrace = scopedTrace(a, layer);
    const decidingTrace = allowedAfter ? afterTrace : beforeTrace;
    const change: Changed = { entry, before: beforeTrace, after: afterTrace };
    const statement = deciding(decidingTrace);
    if (statement) change.deciding = statement;
    (allowedAfter ? gains : losses).push(change);
  }
  return { gains: group(gains, matrix), losses: group(losses, matrix), evaluated: matrix.requests.length };
}
