/** An auth policy read leniently into one shape: lists everywhere, statements numbered as written. */

/** A policy as the editor, the crawler or a caller holds it: JSON text or the parsed document. */
export type PolicyInput = string | Readonly<Record<string, unknown>>;

/** `"*"`, or principal type (AWS, Service, Federated, CanonicalUser) → values. */
export type PrincipalElement = "*" | Readonly<Record<string, readonly string[]>>;

export interface PolicyStatement {
  /** Position in the Statement array (0 when Statement is a single object). */
  index: number;
  sid?: string;
  effect?: "Allow" | "Deny";
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** Operator → condition key → values, as strings. */
  condition?: Record<string, Record<string, string[]>>;
}

export interface Policy {
  version?: string;
  statements: PolicyStatement[];
}

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** A string or a list of strings as a list; undefined for anything else. */
export function stringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === "string")) return value;
  return undefined;
}

/** Condition values: scalars (IAM accepts JSON numbers and booleans) or a list of them. */
export function conditionValues(value: unknown): string[] | undefined {
  const scalar = (v: unknown) =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
  if (Array.isArray(value)) {
    const out = value.map(scalar);
    return out.every((v): v is string => v !== undefined) ? out : undefined;
  }
  const one = scalar(value);
  return one === undefined ? undefined : [one];
}

export function principalElement(value: unknown): PrincipalElement | undefined {
  if (value === "*") return "*";
  if (!isRecord(value)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [type, values] of Object.entries(value)) {
    const list = stringList(values);
    if (!list) return undefined;
    out[type] = list;
  }
  return out;
}

/** The statements of a policy as objects with their positions; `Statement` may be one object or a list. */
export function rawStatements(doc: Json): { raw: unknown; index: number; pointer: string }[] {
  const statement = doc.Statement;
  if (Array.isArray(statement)) {
    return statement.map((raw, index) => ({ raw, index, pointer: `/Statement/${index}` }));
  }
  return statement === undefined ? [] : [{ raw: statement, index: 0, pointer: "/Statement" }];
}

function readStatement(raw: Json, index: number): PolicyStatement {
  const out: PolicyStatement = { index };
  if (typeof raw.Sid === "string") out.sid = raw.Sid;
  if (raw.Effect === "Allow" || raw.Effect === "Deny") out.effect = raw.Effect;
  const principal = principalElement(raw.Principal);
  if (principal) out.principal = principal;
  const notPrincipal = principalElement(raw.NotPrincipal);
  if (notPrincipal) out.notPrincipal = notPrincipal;
  for (const [field, key] of [
    ["Action", "action"],
    ["NotAction", "notAction"],
    ["Resource", "resource"],
    ["NotResource", "notResource"],
  ] as const) {
    const list = stringList(raw[field]);
    if (list) out[key] = list;
  }
  if (isRecord(raw.Condition)) {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const [operator, block] of Object.entries(raw.Condition)) {
      if (!isRecord(block)) continue;
      const keys: Record<string, string[]> = {};
      for (const [key, values] of Object.entries(block)) {
        const list = conditionValues(values);
        if (list) keys[key] = list;
      }
      condition[operator] = keys;
    }
    out.condition = condition;
  }
  return out;
}

/** Parses JSON text when needed; undefined when the input is not a JSON object. */
export function policyDocument(input: PolicyInput): Json | undefined {
  if (typeof input !== "string") return isRecord(input) ? { ...input } : undefined;
  try {
    const parsed: unknown = JSON.parse(input);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a policy leniently: statements that aren't objects are dropped, malformed elements are left out (an
 * evaluator then finds that the statement applies to nothing). Undefined when the input isn't a JSON object.
 */
export function readPolicy(input: PolicyInput): Policy | undefined {
  const doc = policyDocument(input);
  if (!doc) return undefined;
  const statements = rawStatements(doc).flatMap(({ raw, index }) =>
    isRecord(raw) ? [readStatement(raw, index)] : [],
  );
  return { ...(typeof doc.Version === "string" ? { version: doc.Version } : {}), statements };
}
