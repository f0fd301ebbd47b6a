import { parseOperator, type ConditionOperator } from "./grammar";
import { cidrContains, parseCidr, parseIp } from "./ip";
import { arnMatch, substituteVariables, wildcardMatch, type VariableResolver } from "./wildcard";

export type ContextValue = string | readonly string[];
/** Condition keys of a request, as policies spell them (`vpc-lattice-svcs:SourceVpc`, `aws:PrincipalOrgID` …). */
export type RequestContext = Readonly<Record<string, ContextValue>>;

/** Condition key names are matched ignoring case, as IAM does. */
export type ContextLookup = (key: string) => readonly string[] | undefined;

const lookups = new WeakMap<RequestContext, ContextLookup>();

export function contextLookup(context: RequestContext): ContextLookup {
  const known = lookups.get(context);
  if (known) return known;
  const lookup = buildLookup(context);
  // A review evaluates one request against several layers and versions.
  lookups.set(context, lookup);
  return lookup;
}

function buildLookup(context: RequestContext): ContextLookup {
  const byKey = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(context)) {
    byKey.set(key.toLowerCase(), typeof value === "string" ? [value] : value);
  }
  return (key) => byKey.get(key.toLowerCase());
}

function variableResolver(lookup: ContextLookup): VariableResolver {
  return (name) => {
    const values = lookup(name);
    return values?.length === 1 ? values[0] : undefined;
  };
}

/** Epoch seconds or an ISO 8601 date/time, as milliseconds. */
export function parseDate(text: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseNumber(text: string): number | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function compare(a: number | undefined, b: number | undefined, op: ConditionOperator): boolean {
  if (a === undefined || b === undefined) return false;
  switch (op.comparison) {
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
    case "gt":
      return a > b;
    case "gte":
      return a >= b;
    default:
      return a === b;
  }
}

/** Does one request value match one policy value, in the operator's positive sense? */
function valueMatches(
  op: ConditionOperator,
  actual: string,
  wanted: string,
  resolve?: VariableResolver,
): boolean {
  switch (op.family) {
    case "string":
      if (op.comparison === "like") return wildcardMatch(wanted, actual, { resolve });
      return literalEquals(actual, wanted, op.comparison === "eqi", resolve);
    case "arn":
      return arnMatch(wanted, actual, resolve);
    case "numeric":
      return compare(parseNumber(actual), parseNumber(wanted), op);
    case "date":
      return compare(parseDate(actual), parseDate(wanted), op);
    case "bool":
      return actual.toLowerCase() === wanted.toLowerCase();
    case "ip": {
      const cidr = parseCidr(wanted);
      const ip = parseIp(actual);
      return !!cidr && !!ip && cidrContains(cidr, ip);
    }
    default:
      return actual === wanted;
  }
}

/** StringEquals has no wildcards: `*` and `?` stand for themselves (policy variables still resolve). */
function literalEquals(
  actual: string,
  wanted: string,
  ignoreCase: boolean,
  resolve?: VariableResolver,
): boolean {
  const expected = resolve ? substituteVariables(wanted, resolve) : wanted;
  if (expected === undefined) return false;
  return ignoreCase ? actual.toLowerCase() === expected.toLowerCase() : actual === expected;
}

/**
 * One operator × key × values clause. Values of one key are ORed; a negated operator is the negation of its
 * positive form. A key the request lacks fails the clause, except for negated operators, IfExists, Null and
 * ForAllValues (which holds for an empty set).
 */
export function clauseHolds(
  operatorName: string,
  key: string,
  wanted: readonly string[],
  lookup: ContextLookup,
  variables = true,
): boolean {
  const op = parseOperator(operatorName);
  if (!op) return false;
  const actual = lookup(key) ?? [];
  if (op.family === "null") {
    const absent = actual.length === 0;
    return wanted.some((w) => (w.toLowerCase() === "true") === absent);
  }
  if (actual.length === 0) {
    if (op.ifExists || op.set === "ForAllValues") return true;
    if (op.set === "ForAnyValue") return false;
    return op.negated;
  }
  const resolve = variables ? variableResolver(lookup) : undefined;
  const hit = (value: string) => {
    const any = wanted.some((w) => valueMatches(op, value, w, resolve));
    return op.negated ? !any : any;
  };
  if (op.set === "ForAllValues") return actual.every(hit);
  if (op.set === "ForAnyValue") return actual.some(hit);
  const any = actual.some((value) => wanted.some((w) => valueMatches(op, value, w, resolve)));
  return op.negated ? !any : any;
}

/** All clauses of a Condition element must hold. */
export function conditionHolds(
  condition: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>,
  lookup: ContextLookup,
  variables = true,
): boolean {
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => clauseHolds(operator, key, values, lookup, variables)),
  );
}
