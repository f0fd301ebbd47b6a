import type { PolicyInput } from "../document";
import { toPolicy, type AuthType } from "../evaluate";
import type { Organization } from "../principals";
import { lets, layerRegions, type LabelledRegion, type LayerState, type LayerVerdict } from "./boxes";
import type { ContextValues, Dimension, Undecided } from "./cells";
import { principalDimension, type ReviewAccount } from "./principal-dimension";
import { intersect, type Box, type Budget, NO_BUDGET } from "./regions";
import { operationDimension, portDimension, sourceDimension, type ReviewSource } from "./request-dimensions";
import { buildRows, type AccessRow } from "./rows";
import { routePolicy, type RoutedClause, type RoutedPolicy } from "./statements";
import { keyDimension, methodDimension } from "./value-dimensions";
import { statesAfter, valueTokens, type Token } from "./string-cells";
import { clauseHolds, contextLookup } from "../conditions";

export interface ReviewLayer {
  authType: AuthType;
  policy?: PolicyInput | null;
}

export interface ReviewNetworkPath {
  arn: string;
  name: string;
  /** VPCs associated with the network, or with an endpoint of it. */
  sources: ReviewSource[];
}

export interface ReviewService {
  arn: string;
  name: string;
  /** Listener ports; absent when the crawl recorded no listener. */
  ports?: number[];
  invoke: boolean;
  connect: boolean;
  /** Paths the listener rules name: readable examples. */
  paths: string[];
  /** The service networks it is reached through (for a service network's review, that one). */
  networks: ReviewNetworkPath[];
}

/** Everything a review needs, as plain data (it runs in a worker). */
export interface ReviewInput {
  scope: { kind: "service" | "service-network"; arn: string; name: string };
  before: ReviewLayer;
  after: ReviewLayer;
  services: ReviewService[];
  /** The other layer: service networks' auth (for a service's review) or services' (for a network's). */
  otherLayers: Record<string, ReviewLayer>;
  accounts: ReviewAccount[];
  organization?: Organization;
}

export interface AccessReview {
  gains: AccessRow[];
  losses: AccessRow[];
  /** Constructs outside what the review decides exactly; when any, "nobody" is not a proof. */
  undecided: Undecided[];
  /** Request classes evaluated (before and after each). */
  classes: number;
  /** Each service × network's classes and policies, kept on request (tests classify requests with them). */
  contexts?: ReviewContext[];
}

export interface ReviewContext {
  serviceArn: string;
  networkArn?: string;
  dimensions: Dimension[];
  constants: ContextValues;
  policies: RoutedPolicy[];
}

const NOT_ENFORCED: ReviewLayer = { authType: "NONE", policy: null };

function layerState(layer: ReviewLayer): LayerState {
  if (layer.authType === "NONE") return { authType: "NONE" };
  if (layer.policy === null || layer.policy === undefined) return { authType: "AWS_IAM", policy: null };
  const policy = toPolicy(layer.policy);
  return { authType: "AWS_IAM", policy: policy ? routePolicy(policy) : { variables: false, statements: [] } };
}

const routed = (s: LayerState): RoutedPolicy[] => (s.authType === "AWS_IAM" && s.policy ? [s.policy] : []);

function clausesOf(policies: readonly RoutedPolicy[]): RoutedClause[] {
  return policies.flatMap((p) => p.statements.flatMap((s) => s.clauses));
}

/** One service as reached through one network (or none): the dimensions of its requests. */
function contextDimensions(
  service: ReviewService,
  network: ReviewNetworkPath | undefined,
  policies: readonly RoutedPolicy[],
  principal: Dimension,
): { dimensions: Dimension[]; undecided: Undecided[] } {
  const clauses = clausesOf(policies);
  const variables = policies.some((p) => p.variables);
  const on = (id: string) => clauses.filter((c) => c.dimension === id);
  const built = [
    sourceDimension(network?.sources ?? [], on("source"), variables, network),
    operationDimension(
      service.arn,
      policies.flatMap((p) => p.statements),
      on("operation"),
      variables,
      { invoke: service.invoke, connect: service.connect },
      service.paths,
    ),
    methodDimension(on("method"), variables, service.connect),
    portDimension(on("port"), variables, service.ports),
  ];
  const extra = [...new Set(clauses.map((c) => c.dimension))]
    .filter((id) => /^(header|query|key):/.test(id))
    .sort();
  for (const id of extra) {
    const [kind, name = ""] = [id.slice(0, id.indexOf(":")), id.slice(id.indexOf(":") + 1)];
    const key =
      kind === "header"
        ? `vpc-lattice-svcs:RequestHeader/${name}`
        : kind === "query"
          ? `vpc-lattice-svcs:RequestQueryString/${name}`
          : (on(id)[0]?.key ?? name);
    const noun = kind === "header" ? `header ${name}` : kind === "query" ? `query parameter ${name}` : key;
    built.push(keyDimension(id, noun, key, on(id), variables, { multiValued: kind === "query" }));
  }
  return {
    dimensions: [principal, ...built.map((b) => b.dimension)],
    undecided: built.flatMap((b) => b.undecided),
  };
}

/** HTTP requests carry a method and a path; a TCP connection carries neither, nor headers or query strings. */
function feasible(dimensions: readonly Dimension[]): Box[] {
  const mask = (d: Dimension, ok: (i: number) => boolean) =>
    d.cells.reduce((set, _, i) => (ok(i) ? set | (1n << BigInt(i)) : set), 0n);
  const operation = dimensions.find((d) => d.id === "operation");
  const connectAt = operation?.cells.findIndex((c) => c.action === "vpc-lattice-svcs:Connect") ?? -1;
  const make = (connect: boolean) =>
    dimensions.map((d) => {
      if (d.id === "operation") return mask(d, (i) => (i === connectAt) === connect);
      if (d.id === "method" || /^(header|query):/.test(d.id)) {
        return mask(d, (i) =>
          connect ? d.cells[i]?.absent === true : d.id !== "method" || !d.cells[i]?.absent,
        );
      }
      return mask(d, () => true);
    });
  return [make(false), make(true)].filter((b) => b.every((s) => s !== 0n));
}

interface Piece {
  box: Box;
  before: LayerVerdict;
  after: LayerVerdict;
}

function changes(
  was: readonly LabelledRegion[],
  now: readonly LabelledRegion[],
  gate: Box[],
  budget: Budget,
): { gains: Piece[]; losses: Piece[] } {
  const gains: Piece[] = [];
  const losses: Piece[] = [];
  for (const b of was) {
    for (const a of now) {
      if (lets(b.verdict) === lets(a.verdict)) continue;
      budget.check();
      const region = intersect(intersect(b.region, a.region, budget), gate, budget);
      for (const box of region)
        (lets(a.verdict) ? gains : losses).push({ box, before: b.verdict, after: a.verdict });
    }
  }
  return { gains, losses };
}

const tokenCache = new Map<string, Token[] | undefined>();

/** What a service's ARN changes in how the policies read its requests, with what else sets its classes. */
function contextKey(
  service: ReviewService,
  network: ReviewNetworkPath | undefined,
  other: string,
  policies: readonly RoutedPolicy[],
  constants: ContextValues,
): string {
  const lookup = contextLookup(constants);
  const parts: unknown[] = [
    network?.arn ?? "",
    other,
    service.ports ?? null,
    service.invoke,
    service.connect,
  ];
  for (const policy of policies) {
    for (const s of policy.statements) {
      for (const pattern of s.resource?.patterns ?? []) {
        const cacheKey = `${policy.variables}|${pattern}`;
        if (!tokenCache.has(cacheKey)) {
          if (tokenCache.size > 5_000) tokenCache.clear();
          tokenCache.set(cacheKey, valueTokens(pattern, { wildcards: true, variables: policy.variables }));
        }
        const tokens = tokenCache.get(cacheKey);
        parts.push(tokens ? statesAfter(tokens, service.arn) : null);
      }
      for (const c of s.clauses) {
        if (c.dimension === "const")
          parts.push(clauseHolds(c.operator, c.key, c.values, lookup, policy.variables));
      }
    }
  }
  return JSON.stringify(parts);
}

/**
 * Who gains and who loses access, for every request: the request space of each service × network is cut into
 * the classes the policies, both layers and the estate can tell apart, and the classes whose decision differs
 * before and after are computed exactly (see README, "How the review decides").
 */
export function reviewAccess(
  input: ReviewInput,
  budget: Budget = NO_BUDGET,
  options: { keepContexts?: boolean } = {},
): AccessReview {
  const before = layerState(input.before);
  const after = layerState(input.after);
  const others = Object.fromEntries(
    Object.entries(input.otherLayers).map(([arn, l]) => [arn, layerState(l)]),
  );
  const edited = [...routed(before), ...routed(after)];
  const principal = principalDimension(
    [...edited, ...Object.values(others).flatMap(routed)],
    input.accounts,
    input.organization,
  );
  const undecided: Undecided[] = [...principal.undecided];
  const review: AccessReview = { gains: [], losses: [], undecided, classes: 0 };
  const editedLayer = input.scope.kind === "service" ? "service" : "network";
  const memo = new Map<string, { dimensions: Dimension[]; gains: Piece[]; losses: Piece[] }>();
  const layerKeys = new Map<string, string>();
  const layerKey = (arn: string) => {
    let k = layerKeys.get(arn);
    if (k === undefined) {
      k = JSON.stringify(input.otherLayers[arn] ?? NOT_ENFORCED);
      layerKeys.set(arn, k);
    }
    return k;
  };
  const otherLayer = editedLayer === "service" ? "network" : "service";
  for (const service of input.services) {
    const paths: (ReviewNetworkPath | undefined)[] =
      service.networks.length > 0 ? service.networks : [undefined];
    for (const network of paths) {
      budget.check();
      const otherArn = editedLayer === "service" ? network?.arn : service.arn;
      const otherState = otherArn === undefined ? undefined : (others[otherArn] ?? layerState(NOT_ENFORCED));
      const policies = [...edited, ...(otherState ? routed(otherState) : [])];
      const constants: ContextValues = {
        "vpc-lattice-svcs:ServiceArn": service.arn,
        ...(network ? { "vpc-lattice-svcs:ServiceNetworkArn": network.arn } : {}),
      };
      // Services that every policy part sees alike (same other layer, listeners, matching Resource and
      // ServiceArn parts) share their classes and changes; only the rows name each service.
      const key = contextKey(
        service,
        network,
        otherArn === undefined ? "" : layerKey(otherArn),
        policies,
        constants,
      );
      let shared = memo.get(key);
      if (!shared) {
        const { dimensions, undecided: more } = contextDimensions(
          service,
          network,
          policies,
          principal.dimension,
        );
        undecided.push(...more);
        const regions = (s: LayerState, layer: string) =>
          layerRegions(s, dimensions, constants, service.arn, layer, budget);
        const gate = otherState
          ? intersect(
              regions(otherState, otherLayer)
                .filter((r) => lets(r.verdict))
                .flatMap((r) => r.region),
              feasible(dimensions),
              budget,
            )
          : feasible(dimensions);
        shared = {
          dimensions,
          ...changes(regions(before, editedLayer), regions(after, editedLayer), gate, budget),
        };
        memo.set(key, shared);
      }
      const { dimensions, gains, losses } = shared;
      if (options.keepContexts) {
        review.contexts = [
          ...(review.contexts ?? []),
          {
            serviceArn: service.arn,
            ...(network ? { networkArn: network.arn } : {}),
            dimensions,
            constants,
            policies,
          },
        ];
      }
      review.classes += dimensions.reduce((n, d) => n * d.cells.length, 1);
      const context = {
        service,
        network,
        dimensions,
        constants,
        accounts: input.accounts,
        layer: editedLayer,
      };
      review.gains.push(...buildRows("gain", gains, context, budget));
      review.losses.push(...buildRows("loss", losses, context, budget));
    }
  }
  const seen = new Set<string>();
  review.undecided = undecided.filter((u) => !seen.has(u.message) && seen.add(u.message));
  return review;
}
