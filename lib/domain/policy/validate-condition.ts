import { parseDate, parseNumber } from "./conditions";
import { conditionValues, isRecord } from "./document";
import {
  absentInLattice,
  conditionKeyInfo,
  operatorSpelling,
  parseOperator,
  type ConditionOperator,
  type KeyFamily,
} from "./grammar";
import { parseCidr } from "./ip";
import { jsonPointer } from "./json-position";
import type { LintReport } from "./lint-report";
import { arnSegments } from "./wildcard";

const LATTICE_KEY_NAMES = [
  "Port",
  "RequestMethod",
  "RequestPath",
  "ServiceNetworkArn",
  "ServiceArn",
  "SourceVpc",
  "SourceVpcOwnerAccount",
];

function compatible(op: ConditionOperator, key: KeyFamily): boolean {
  switch (op.family) {
    case "string":
      return key === "string" || key === "arn";
    case "date":
      return key === "date" || key === "numeric";
    case "null":
      return true;
    case "binary":
      return false;
    default:
      return op.family === key;
  }
}

/** Why a value is malformed for the operator's type; undefined when it is fine. */
function badValue(op: ConditionOperator, value: string): string | undefined {
  switch (op.family) {
    case "numeric":
      return parseNumber(value) === undefined ? "is not a number" : undefined;
    case "date":
      return parseDate(value) === undefined ? "is not an ISO 8601 date or epoch seconds" : undefined;
    case "bool":
    case "null":
      return /^(true|false)$/i.test(value) ? undefined : 'must be "true" or "false"';
    case "ip":
      return parseCidr(value) ? undefined : "is not an IP address or CIDR range";
    default:
      return undefined;
  }
}

function checkKey(report: LintReport, key: string, path: string): ReturnType<typeof conditionKeyInfo> {
  const absent = absentInLattice(key);
  if (absent) {
    report.add({
      id: "condition-key-absent",
      severity: "warning",
      path,
      at: "key",
      message: `${key} ${absent.why}; a request to a Lattice service never carries it`,
      ...(absent.fix ? { fix: absent.fix } : {}),
    });
    return undefined;
  }
  const info = conditionKeyInfo(key);
  if (info) {
    if (info.canonical !== key) {
      report.add({
        id: "condition-key-case",
        severity: "warning",
        path,
        at: "key",
        message: `VPC Lattice condition keys are case-sensitive: ${key} is spelled ${info.canonical}`,
        fix: `use ${info.canonical}`,
      });
    }
    return info;
  }
  const [prefix = "", name = ""] = key.split(/:(.*)/s);
  const latticeName = LATTICE_KEY_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  if (prefix.toLowerCase() === "vpc-lattice" && latticeName) {
    report.add({
      id: "condition-key-control-plane",
      severity: "warning",
      path,
      at: "key",
      message: `${key} is a management API key; requests to services carry vpc-lattice-svcs:${latticeName}`,
      fix: `use vpc-lattice-svcs:${latticeName}`,
    });
    return undefined;
  }
  const where =
    prefix === "vpc-lattice-svcs"
      ? "is not a VPC Lattice condition key"
      : prefix.toLowerCase() === "aws"
        ? "is not a global condition key that requests to Lattice services carry"
        : "is not a key requests to Lattice services carry";
  report.add({
    id: "condition-key-unknown",
    severity: "warning",
    path,
    at: "key",
    message: `${key} ${where}: requests never carry it, so only negated, IfExists or Null conditions on it can hold`,
    fix: `use one of vpc-lattice-svcs:${LATTICE_KEY_NAMES.join(", ")}, RequestHeader/<name>, RequestQueryString/<name>, or aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalTag/<key>`,
  });
  return undefined;
}

function checkValues(
  report: LintReport,
  op: ConditionOperator,
  canonicalKey: string | undefined,
  values: string[],
  path: string,
  isList: boolean,
): void {
  values.forEach((value, i) => {
    const where = isList ? `${path}/${i}` : path;
    const bad = badValue(op, value);
    if (bad) {
      report.add({
        id: "condition-value-invalid",
        severity: "error",
        path: where,
        message: `${op.base}: "${value}" ${bad}`,
      });
      return;
    }
    if (op.family === "arn" && value !== "*" && !value.includes("${") && !arnSegments(value)) {
      report.add({
        id: "condition-value-not-arn",
        severity: "warning",
        path: where,
        message: `"${value}" is not an ARN: ${op.base} compares six colon-separated segments, so it never matches`,
        fix: `use a full ARN pattern or StringLike`,
      });
    }
    if (op.family === "string" && op.comparison !== "like" && /[*?]/.test(value)) {
      report.add({
        id: "condition-wildcard-needs-like",
        severity: "warning",
        path: where,
        message: `${op.base} compares literally: "${value}" matches only a value containing "*" or "?"`,
        fix: op.negated ? "use StringNotLike" : "use StringLike",
      });
    }
    if (
      canonicalKey === "vpc-lattice-svcs:RequestMethod" &&
      op.comparison !== "eqi" &&
      value !== value.toUpperCase()
    ) {
      report.add({
        id: "condition-method-case",
        severity: "warning",
        path: where,
        message: `HTTP methods arrive in upper case: "${value}" never matches`,
        fix: `use "${value.toUpperCase()}"`,
      });
    }
    if (canonicalKey === "vpc-lattice-svcs:RequestPath" && !/^[/*?$]/.test(value)) {
      report.add({
        id: "condition-path-slash",
        severity: "warning",
        path: where,
        message: `request paths start with "/": "${value}" never matches`,
        fix: `use "/${value}"`,
      });
    }
  });
}

/** Lints a statement's Condition element. */
export function lintCondition(report: LintReport, raw: unknown, path: string, effect: unknown): void {
  if (!isRecord(raw)) {
    report.add({
      id: "condition-invalid",
      severity: "error",
      path,
      message: "Condition must be an object of operator → { key → values }",
    });
    return;
  }
  for (const [name, block] of Object.entries(raw)) {
    const opPath = `${path}${jsonPointer(name)}`;
    const op = parseOperator(name);
    if (!op) {
      const spelled = operatorSpelling(name);
      report.add({
        id: "condition-operator-unknown",
        severity: "error",
        path: opPath,
        at: "key",
        message: spelled
          ? `condition operators are case-sensitive: ${name} is spelled ${spelled}`
          : `${name} is not an IAM condition operator`,
        fix: spelled
          ? `use ${spelled}`
          : "use String*, Numeric*, Date*, Bool, IpAddress/NotIpAddress, Arn*, or Null (optionally …IfExists, ForAnyValue:/ForAllValues:)",
      });
      continue;
    }
    if (!isRecord(block)) {
      report.add({
        id: "condition-invalid",
        severity: "error",
        path: opPath,
        message: `${name} must map condition keys to values`,
      });
      continue;
    }
    for (const [key, rawValues] of Object.entries(block)) {
      const keyPath = `${opPath}${jsonPointer(key)}`;
      const values = conditionValues(rawValues);
      if (!values) {
        report.add({
          id: "condition-value-type",
          severity: "error",
          path: keyPath,
          message: `values of ${key} must be strings, numbers or booleans, or a list of them`,
        });
        continue;
      }
      if (values.length === 0) {
        report.add({
          id: "condition-value-empty",
          severity: "error",
          path: keyPath,
          message: `${key} has no values: the condition never holds`,
        });
        continue;
      }
      const info = checkKey(report, key, keyPath);
      if (info && !compatible(op, info.family)) {
        report.add({
          id: "condition-operator-type",
          severity: "warning",
          path: opPath,
          at: "key",
          message: `${op.base} compares ${op.family} values but ${info.canonical} is ${info.family === "arn" ? "an ARN" : `a ${info.family} value`}`,
        });
      }
      if (op.set && info && !info.multiValued) {
        report.add({
          id: "condition-set-single-valued",
          severity: "warning",
          path: opPath,
          at: "key",
          message: `${op.set} is for multi-valued keys; on the single-valued ${info.canonical} it can allow more than intended`,
          fix: `use ${op.raw.slice(op.set.length + 1)}`,
        });
      }
      if (op.set === "ForAllValues" && effect === "Allow") {
        report.add({
          id: "condition-forallvalues-missing-key",
          severity: "warning",
          path: opPath,
          at: "key",
          message: `ForAllValues also holds when the request has no ${key} at all`,
          fix: `add "Null": { "${key}": "false" }`,
        });
      }
      checkValues(report, op, info?.canonical, values, keyPath, Array.isArray(rawValues));
    }
  }
}
