import { conditionKeyInfo, absentInLattice, parseOperator } from "../grammar";
import type { Policy, PolicyStatement, PrincipalElement } from "../document";

/** The request dimension a condition key belongs to; "const" for keys fixed by the service and network. */
export type DimensionId = string;

export interface RoutedClause {
  operator: string;
  /** The key as written. */
  key: string;
  values: readonly string[];
  dimension: DimensionId;
}

/** A statement with each of its parts assigned to the request dimension it reads. */
export interface RoutedStatement {
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  principal?: { element: PrincipalElement; not: boolean };
  action?: { patterns: readonly string[]; not: boolean };
  resource?: { patterns: readonly string[]; not: boolean };
  clauses: RoutedClause[];
}

export interface RoutedPolicy {
  /** Policy variables are resolved (Version 2012-10-17) rather than read as text. */
  variables: boolean;
  statements: RoutedStatement[];
}

const PRINCIPAL_KEYS = new Set([
  "aws:principalarn",
  "aws:principalaccount",
  "aws:principaltype",
  "aws:principalorgid",
  "aws:username",
]);

/** Which dimension of a request a condition key reads (keys compared ignoring case, as IAM does). */
export function dimensionOfKey(key: string): DimensionId {
  const lower = key.toLowerCase();
  if (PRINCIPAL_KEYS.has(lower)) return "principal";
  if (lower === "vpc-lattice-svcs:sourcevpc" || lower === "vpc-lattice-svcs:sourcevpcowneraccount") {
    return "source";
  }
  if (lower === "vpc-lattice-svcs:servicearn" || lower === "vpc-lattice-svcs:servicenetworkarn")
    return "const";
  if (lower === "vpc-lattice-svcs:port") return "port";
  if (lower === "vpc-lattice-svcs:requestmethod") return "method";
  if (lower === "vpc-lattice-svcs:requestpath") return "operation";
  const info = conditionKeyInfo(key);
  if (info?.canonical.startsWith("vpc-lattice-svcs:RequestHeader/")) {
    return `header:${lower.slice("vpc-lattice-svcs:requestheader/".length)}`;
  }
  if (info?.canonical.startsWith("vpc-lattice-svcs:RequestQueryString/")) {
    return `query:${lower.slice("vpc-lattice-svcs:requestquerystring/".length)}`;
  }
  if (absentInLattice(key)) return "const";
  return `key:${lower}`;
}

function route(statement: PolicyStatement): RoutedStatement | undefined {
  if (!statement.effect) return undefined;
  const out: RoutedStatement = {
    index: statement.index,
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
    effect: statement.effect,
    clauses: [],
  };
  if (statement.principal) out.principal = { element: statement.principal, not: false };
  else if (statement.notPrincipal) out.principal = { element: statement.notPrincipal, not: true };
  if (statement.action) out.action = { patterns: statement.action, not: false };
  else if (statement.notAction) out.action = { patterns: statement.notAction, not: true };
  if (statement.resource) out.resource = { patterns: statement.resource, not: false };
  else if (statement.notResource) out.resource = { patterns: statement.notResource, not: true };
  for (const [operator, keys] of Object.entries(statement.condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      out.clauses.push({ operator, key, values, dimension: dimensionOfKey(key) });
    }
  }
  return out;
}

/** A statement lacking a principal, an action or a resource applies to nothing (the evaluator's reading). */
export function appliesToNothing(s: RoutedStatement): boolean {
  return (
    !s.principal || !s.action || !s.resource || s.clauses.some((c) => parseOperator(c.operator) === undefined)
  );
}

export function routePolicy(policy: Policy): RoutedPolicy {
  return {
    variables: policy.version === "2012-10-17",
    statements: policy.statements.flatMap((s) => {
      const routed = route(s);
      return routed ? [routed] : [];
    }),
  };
}

const SPECIAL = /\$\{\s*[*?$]\s*\}/g;

/** Names of policy variables other than ${*}, ${?} and ${$} in a text, when variables are resolved. */
export function variablesIn(text: string, variables: boolean): string[] {
  if (!variables) return [];
  return [...text.replace(SPECIAL, "").matchAll(/\$\{([^}]*)\}/g)].map((m) => (m[1] ?? "").trim());
}

/** The text with ${*}, ${?} and ${$} replaced by the character they stand for, as IAM reads them. */
export function resolveSpecials(text: string, variables: boolean): { text: string; literal: Set<number> } {
  const literal = new Set<number>();
  if (!variables) return { text, literal };
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const m = /^\$\{\s*([*?$])\s*\}/.exec(text.slice(i));
    if (m) {
      literal.add(out.length);
      out += m[1];
      i += m[0].length - 1;
    } else out += text[i];
  }
  return { text: out, literal };
}
