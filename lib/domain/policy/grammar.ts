/** The IAM policy grammar an auth policy is written in, and the condition keys VPC Lattice fills in. */

export const POLICY_VERSIONS = ["2012-10-17", "2008-10-17"] as const;
export const POLICY_SIZE_LIMIT = 10_000;

export const TOP_LEVEL_ELEMENTS = ["Version", "Id", "Statement"] as const;
export const STATEMENT_ELEMENTS = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
] as const;

export type ValueFamily = "string" | "numeric" | "date" | "bool" | "binary" | "ip" | "arn" | "null";
export type Comparison = "eq" | "eqi" | "like" | "lt" | "lte" | "gt" | "gte";

interface OperatorSpec {
  family: ValueFamily;
  comparison: Comparison;
  negated: boolean;
}

const spec = (family: ValueFamily, comparison: Comparison, negated = false): OperatorSpec => ({
  family,
  comparison,
  negated,
});

const ordered = (prefix: "Numeric" | "Date", family: ValueFamily): [string, OperatorSpec][] => [
  [`${prefix}Equals`, spec(family, "eq")],
  [`${prefix}NotEquals`, spec(family, "eq", true)],
  [`${prefix}LessThan`, spec(family, "lt")],
  [`${prefix}LessThanEquals`, spec(family, "lte")],
  [`${prefix}GreaterThan`, spec(family, "gt")],
  [`${prefix}GreaterThanEquals`, spec(family, "gte")],
];

/** Base condition operators, without the IfExists suffix or a ForAnyValue:/ForAllValues: qualifier. */
export const CONDITION_OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["StringEquals", spec("string", "eq")],
  ["StringNotEquals", spec("string", "eq", true)],
  ["StringEqualsIgnoreCase", spec("string", "eqi")],
  ["StringNotEqualsIgnoreCase", spec("string", "eqi", true)],
  ["StringLike", spec("string", "like")],
  ["StringNotLike", spec("string", "like", true)],
  ...ordered("Numeric", "numeric"),
  ...ordered("Date", "date"),
  ["Bool", spec("bool", "eq")],
  ["BinaryEquals", spec("binary", "eq")],
  ["IpAddress", spec("ip", "eq")],
  ["NotIpAddress", spec("ip", "eq", true)],
  // ArnEquals and ArnLike behave the same: both compare the six ARN segments with wildcards.
  ["ArnEquals", spec("arn", "like")],
  ["ArnLike", spec("arn", "like")],
  ["ArnNotEquals", spec("arn", "like", true)],
  ["ArnNotLike", spec("arn", "like", true)],
  ["Null", spec("null", "eq")],
]);

export type SetQualifier = "ForAnyValue" | "ForAllValues";

export interface ConditionOperator extends OperatorSpec {
  raw: string;
  base: string;
  ifExists: boolean;
  set?: SetQualifier;
}

const parsedOperators = new Map<string, ConditionOperator | undefined>();

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined when it is not an IAM operator. */
export function parseOperator(raw: string): ConditionOperator | undefined {
  if (parsedOperators.has(raw)) return parsedOperators.get(raw);
  const parsed = readOperator(raw);
  if (parsedOperators.size > 1000) parsedOperators.clear();
  parsedOperators.set(raw, parsed);
  return parsed;
}

function readOperator(raw: string): ConditionOperator | undefined {
  let rest = raw;
  let set: SetQualifier | undefined;
  for (const q of ["ForAnyValue", "ForAllValues"] as const) {
    if (rest.startsWith(`${q}:`)) {
      set = q;
      rest = rest.slice(q.length + 1);
    }
  }
  let ifExists = false;
  if (rest.endsWith("IfExists")) {
    ifExists = true;
    rest = rest.slice(0, -"IfExists".length);
  }
  const found = CONDITION_OPERATORS.get(rest);
  if (!found || (found.family === "null" && (ifExists || set))) return undefined;
  return { ...found, raw, base: rest, ifExists, ...(set ? { set } : {}) };
}

/** The operator's correct spelling when `raw` differs only in letter case. */
export function operatorSpelling(raw: string): string | undefined {
  const lower = raw.toLowerCase();
  for (const base of CONDITION_OPERATORS.keys()) {
    for (const set of ["", "ForAnyValue:", "ForAllValues:"]) {
      for (const suffix of base === "Null" ? [""] : ["", "IfExists"]) {
        const candidate = `${set}${base}${suffix}`;
        if (candidate.toLowerCase() === lower) return candidate;
      }
    }
  }
  return undefined;
}

export type KeyFamily = Exclude<ValueFamily, "null" | "binary">;

export interface ConditionKeyInfo {
  /** The key as AWS spells it (prefix keys keep the caller's suffix). */
  canonical: string;
  family: KeyFamily;
  /** The request can carry several values: set operators apply. */
  multiValued: boolean;
  origin: "lattice" | "global";
}

const LATTICE_KEYS: Record<string, KeyFamily> = {
  "vpc-lattice-svcs:Port": "numeric",
  "vpc-lattice-svcs:RequestMethod": "string",
  "vpc-lattice-svcs:RequestPath": "string",
  "vpc-lattice-svcs:ServiceNetworkArn": "arn",
  "vpc-lattice-svcs:ServiceArn": "arn",
  "vpc-lattice-svcs:SourceVpc": "string",
  "vpc-lattice-svcs:SourceVpcOwnerAccount": "string",
};
const LATTICE_PREFIX_KEYS: Record<string, { family: KeyFamily; multiValued: boolean }> = {
  "vpc-lattice-svcs:RequestHeader/": { family: "string", multiValued: false },
  "vpc-lattice-svcs:RequestQueryString/": { family: "string", multiValued: true },
};

const GLOBAL_KEYS: Record<string, { family: KeyFamily; multiValued?: boolean }> = {
  "aws:PrincipalOrgID": { family: "string" },
  "aws:PrincipalOrgPaths": { family: "string", multiValued: true },
  "aws:PrincipalAccount": { family: "string" },
  "aws:PrincipalArn": { family: "arn" },
  "aws:PrincipalType": { family: "string" },
  "aws:PrincipalIsAWSService": { family: "bool" },
  "aws:userid": { family: "string" },
  "aws:username": { family: "string" },
  "aws:SourceIp": { family: "ip" },
  "aws:SecureTransport": { family: "bool" },
  "aws:CurrentTime": { family: "date" },
  "aws:EpochTime": { family: "numeric" },
  "aws:TokenIssueTime": { family: "date" },
  "aws:MultiFactorAuthPresent": { family: "bool" },
  "aws:ResourceAccount": { family: "string" },
  "aws:ResourceOrgID": { family: "string" },
  "aws:ResourceOrgPaths": { family: "string", multiValued: true },
};
const GLOBAL_PREFIX_KEYS = ["aws:PrincipalTag/", "aws:ResourceTag/"];

/** Global keys that exist but that a request to a Lattice service never carries, with what to use instead. */
const KEYS_ABSENT_IN_LATTICE: Record<string, { why: string; fix?: string }> = {
  "aws:sourcevpc": {
    why: "is set only for requests through VPC endpoints to AWS service APIs",
    fix: "use vpc-lattice-svcs:SourceVpc",
  },
  "aws:sourcevpce": { why: "is set only for requests through VPC endpoints to AWS service APIs" },
  "aws:vpcsourceip": {
    why: "is set only for requests through VPC endpoints to AWS service APIs",
    fix: "use aws:SourceIp",
  },
  "aws:requestedregion": { why: "describes AWS API requests, not requests to a Lattice service" },
  "aws:tagkeys": { why: "is set only by tagging requests" },
};
const ABSENT_PREFIXES = ["aws:requesttag/"];

/** Lattice and global condition keys; undefined for keys this table doesn't know. Lookup ignores case. */
export function conditionKeyInfo(key: string): ConditionKeyInfo | undefined {
  const lower = key.toLowerCase();
  for (const [name, family] of Object.entries(LATTICE_KEYS)) {
    if (name.toLowerCase() === lower)
      return { canonical: name, family, multiValued: false, origin: "lattice" };
  }
  for (const [prefix, info] of Object.entries(LATTICE_PREFIX_KEYS)) {
    if (lower.startsWith(prefix.toLowerCase()) && key.length > prefix.length) {
      return { canonical: prefix + key.slice(prefix.length), ...info, origin: "lattice" };
    }
  }
  for (const [name, info] of Object.entries(GLOBAL_KEYS)) {
    if (name.toLowerCase() === lower) {
      return {
        canonical: name,
        family: info.family,
        multiValued: info.multiValued ?? false,
        origin: "global",
      };
    }
  }
  for (const prefix of GLOBAL_PREFIX_KEYS) {
    if (lower.startsWith(prefix.toLowerCase()) && key.length > prefix.length) {
      return {
        canonical: prefix + key.slice(prefix.length),
        family: "string",
        multiValued: false,
        origin: "global",
      };
    }
  }
  return undefined;
}

export function absentInLattice(key: string): { why: string; fix?: string } | undefined {
  const lower = key.toLowerCase();
  if (ABSENT_PREFIXES.some((p) => lower.startsWith(p))) return { why: "is set only by tagging requests" };
  return KEYS_ABSENT_IN_LATTICE[lower];
}

/** Condition keys that tie a statement to a known set of callers (used by the "Principal *" check). */
export const NARROWING_KEYS = [
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "vpc-lattice-svcs:SourceVpc",
  "vpc-lattice-svcs:SourceVpcOwnerAccount",
] as const;
