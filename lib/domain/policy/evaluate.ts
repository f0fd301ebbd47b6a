import { actionMatches } from "./auth-policy-actions";
import { conditionHolds, contextLookup, type ContextLookup, type RequestContext } from "./conditions";
import { readPolicy, type Policy, type PolicyInput, type PolicyStatement } from "./document";
import {
  notPrincipalExcludes,
  principalContext,
  principalMatches,
  type RequestPrincipal,
} from "./principals";
import { wildcardMatch } from "./wildcard";

export type AuthType = "NONE" | "AWS_IAM";
export type PolicyDecision = "allow" | "deny" | "implicit-deny";

export interface StatementRef {
  index: number;
  sid?: string;
}

/** One request as an auth policy sees it. */
export interface AccessRequest {
  principal: RequestPrincipal;
  /** `vpc-lattice-svcs:Invoke` (HTTP, HTTPS, gRPC) or `vpc-lattice-svcs:Connect` (TCP). */
  action: string;
  /** Invoke: the service ARN followed by the request path; Connect: the service ARN. */
  resource: string;
  context: RequestContext;
}

export interface InvokeInput {
  principal: RequestPrincipal;
  serviceArn: string;
  method?: string;
  path?: string;
  action?: string;
  sourceVpc?: string;
  sourceVpcOwnerAccount?: string;
  serviceNetworkArn?: string;
  port?: number;
  headers?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string | readonly string[]>>;
  sourceIp?: string;
}

/** Builds the request a call to a Lattice service makes, with the condition keys Lattice sets for it. */
export function invokeRequest(input: InvokeInput): AccessRequest {
  const action = input.action ?? "vpc-lattice-svcs:Invoke";
  const rawPath = (input.path ?? "/").split("?")[0] ?? "/";
  const path = rawPath.startsWith("/") ? rawPath : `/${rawPath}`;
  const connect = /:connect$/i.test(action);
  const context: Record<string, string | readonly string[]> = {
    ...principalContext(input.principal),
    "vpc-lattice-svcs:ServiceArn": input.serviceArn,
  };
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined) context[key] = String(value);
  };
  set("vpc-lattice-svcs:SourceVpc", input.sourceVpc);
  set("vpc-lattice-svcs:SourceVpcOwnerAccount", input.sourceVpcOwnerAccount);
  set("vpc-lattice-svcs:ServiceNetworkArn", input.serviceNetworkArn);
  set("vpc-lattice-svcs:Port", input.port);
  set("aws:SourceIp", input.sourceIp);
  if (!connect) {
    set("vpc-lattice-svcs:RequestMethod", (input.method ?? "GET").toUpperCase());
    set("vpc-lattice-svcs:RequestPath", path);
    for (const [name, value] of Object.entries(input.headers ?? {})) {
      context[`vpc-lattice-svcs:RequestHeader/${name.toLowerCase()}`] = value;
    }
    for (const [name, value] of Object.entries(input.query ?? {})) {
      context[`vpc-lattice-svcs:RequestQueryString/${name}`] = value;
    }
  }
  return {
    principal: input.principal,
    action,
    resource: connect ? input.serviceArn : `${input.serviceArn}${path}`,
    context,
  };
}

function isPolicy(value: PolicyInput | Policy): value is Policy {
  return typeof value === "object" && Array.isArray(value.statements) && !("Statement" in value);
}

/** A policy read once, for callers that evaluate it many times. */
export function toPolicy(input: PolicyInput | Policy): Policy | undefined {
  return isPolicy(input) ? input : readPolicy(input);
}

/** Whether a statement applies to the request (its effect aside). */
export function statementApplies(
  statement: PolicyStatement,
  request: AccessRequest,
  lookup: ContextLookup,
  variables: boolean,
): boolean {
  if (statement.principal) {
    if (!principalMatches(statement.principal, request.principal)) return false;
  } else if (statement.notPrincipal) {
    if (notPrincipalExcludes(statement.notPrincipal, request.principal)) return false;
  } else {
    return false;
  }
  if (statement.action) {
    if (!statement.action.some((a) => actionMatches(a, request.action))) return false;
  } else if (statement.notAction) {
    if (statement.notAction.some((a) => actionMatches(a, request.action))) return false;
  } else {
    return false;
  }
  const resolve = variables ? (name: string) => lookup(name)?.[0] : undefined;
  const resourceMatches = (pattern: string) => wildcardMatch(pattern, request.resource, { resolve });
  if (statement.resource) {
    if (!statement.resource.some(resourceMatches)) return false;
  } else if (statement.notResource) {
    if (statement.notResource.some(resourceMatches)) return false;
  } else {
    return false;
  }
  return !statement.condition || conditionHolds(statement.condition, lookup, variables);
}

export interface PolicyEvaluation {
  decision: PolicyDecision;
  /** The deciding statement: the first matching Deny, else the first matching Allow. */
  statement?: StatementRef;
  allowedBy: StatementRef[];
  deniedBy: StatementRef[];
}

const ref = (s: PolicyStatement): StatementRef => ({
  index: s.index,
  ...(s.sid !== undefined ? { sid: s.sid } : {}),
});

/** IAM evaluation of one policy: an explicit Deny wins, then an Allow, else the request is implicitly denied. */
export function evaluatePolicy(doc: PolicyInput | Policy, request: AccessRequest): PolicyEvaluation {
  const policy = toPolicy(doc);
  if (!policy) return { decision: "implicit-deny", allowedBy: [], deniedBy: [] };
  const lookup = contextLookup(request.context);
  const variables = policy.version === "2012-10-17";
  const applying = policy.statements.filter(
    (s) => s.effect && statementApplies(s, request, lookup, variables),
  );
  const deniedBy = applying.filter((s) => s.effect === "Deny").map(ref);
  const allowedBy = applying.filter((s) => s.effect === "Allow").map(ref);
  const [denied] = deniedBy;
  if (denied) return { decision: "deny", statement: denied, allowedBy, deniedBy };
  const [allowed] = allowedBy;
  if (allowed) return { decision: "allow", statement: allowed, allowedBy, deniedBy };
  return { decision: "implicit-deny", allowedBy, deniedBy };
}

export type LayerName = "network" | "service";

export interface LayerPolicy {
  authType: AuthType;
  /** Null or absent: no auth policy is set. */
  policy?: PolicyInput | Policy | null;
}

export interface LatticeLayers {
  /** The service network the request arrives through; absent when none applies. */
  network?: LayerPolicy;
  service: LayerPolicy;
}

export interface LayerTrace {
  layer: LayerName;
  authType: AuthType;
  decision: PolicyDecision | "not-enforced";
  statement?: StatementRef;
  reason: string;
}

export interface LatticeEvaluation {
  decision: PolicyDecision;
  /** The layer whose decision is final: the first to deny, or absent when every layer lets it through. */
  decidedBy?: LayerName;
  layers: LayerTrace[];
}

function describeStatement(s: StatementRef): string {
  return s.sid ? `statement ${s.index} (${s.sid})` : `statement ${s.index}`;
}

export function evaluateLayer(layer: LayerName, state: LayerPolicy, request: AccessRequest): LayerTrace {
  const base = { layer, authType: state.authType };
  if (state.authType === "NONE") {
    return {
      ...base,
      decision: "not-enforced",
      reason: `auth type NONE: the ${layer} auth policy is not enforced`,
    };
  }
  if (state.policy === null || state.policy === undefined) {
    return {
      ...base,
      decision: "implicit-deny",
      reason: "auth type AWS_IAM with no auth policy denies every request",
    };
  }
  const policy = toPolicy(state.policy);
  if (!policy)
    return {
      ...base,
      decision: "implicit-deny",
      reason: "the auth policy is not a JSON object: it allows nothing",
    };
  const result = evaluatePolicy(policy, request);
  const statement = result.statement ? { statement: result.statement } : {};
  switch (result.decision) {
    case "deny":
      return {
        ...base,
        decision: "deny",
        ...statement,
        reason: `explicitly denied by ${describeStatement(result.statement as StatementRef)}`,
      };
    case "allow":
      return {
        ...base,
        decision: "allow",
        ...statement,
        reason: `allowed by ${describeStatement(result.statement as StatementRef)}`,
      };
    default:
      return { ...base, decision: "implicit-deny", reason: "no statement allows this request" };
  }
}

/**
 * Lattice authorization over the auth policies: each layer is enforced only under AWS_IAM, an explicit deny in
 * either wins, and every enforced layer must allow. (The caller's own identity policy is not modelled.)
 */
export function evaluateLattice(layers: LatticeLayers, request: AccessRequest): LatticeEvaluation {
  const traces = [
    ...(layers.network ? [evaluateLayer("network", layers.network, request)] : []),
    evaluateLayer("service", layers.service, request),
  ];
  const denied = traces.find((t) => t.decision === "deny");
  if (denied) return { decision: "deny", decidedBy: denied.layer, layers: traces };
  const implicit = traces.find((t) => t.decision === "implicit-deny");
  if (implicit) return { decision: "implicit-deny", decidedBy: implicit.layer, layers: traces };
  return { decision: "allow", layers: traces };
}
