import { actionMatches, DATA_PLANE_ACTIONS } from "./auth-policy-actions";
import { isRecord, rawStatements, stringList, type Json } from "./document";
import { POLICY_SIZE_LIMIT, POLICY_VERSIONS, TOP_LEVEL_ELEMENTS } from "./grammar";
import { jsonPointer, parseJsonWithPositions } from "./json-position";
import { LintReport, sortFindings, type PolicyFinding } from "./lint-report";
import { lintStatement } from "./validate-statement";
import type { LintScope } from "./validate-resource";

export type { FindingSeverity, PolicyFinding } from "./lint-report";
export type { LintScope } from "./validate-resource";

function lintAuthType(report: LintReport, scope: LintScope, hasPolicy: boolean): void {
  const what = scope.kind === "service" ? "service" : "service network";
  if (scope.authType === "AWS_IAM" && !hasPolicy) {
    report.add({
      id: "auth-iam-without-policy",
      severity: "warning",
      path: "",
      message: `the ${what}'s auth type is AWS_IAM and it has no auth policy: every request is denied`,
      fix: "add a policy that allows the callers, or set the auth type to NONE",
    });
  }
  if (scope.authType === "NONE" && hasPolicy) {
    report.add({
      id: "auth-none-inactive",
      severity: "info",
      path: "",
      message: `the ${what}'s auth type is NONE: this policy stays inactive and every request from a connected VPC is let through`,
      fix: "set the auth type to AWS_IAM to enforce it",
    });
  }
}

function lintVersion(report: LintReport, doc: Json): void {
  if (doc.Version === undefined) {
    report.add({
      id: "version-missing",
      severity: "warning",
      path: "",
      message: "without Version the policy is read as 2008-10-17, where policy variables are plain text",
      fix: 'add "Version": "2012-10-17"',
    });
  } else if (!POLICY_VERSIONS.includes(doc.Version as (typeof POLICY_VERSIONS)[number])) {
    report.add({
      id: "version-invalid",
      severity: "error",
      path: "/Version",
      message: `Version must be "2012-10-17" (or the older "2008-10-17")`,
      fix: 'use "2012-10-17"',
    });
  } else if (doc.Version === "2008-10-17") {
    report.add({
      id: "version-old",
      severity: "info",
      path: "/Version",
      message: "Version 2008-10-17 doesn't support policy variables such as ${aws:PrincipalAccount}",
      fix: 'use "2012-10-17"',
    });
  }
}

/** Can some Allow statement apply to a data-plane action at all? */
function canAllowSomething(doc: Json): boolean {
  return rawStatements(doc).some(({ raw }) => {
    if (!isRecord(raw) || raw.Effect !== "Allow") return false;
    const actions = stringList(raw.Action);
    if (actions) return DATA_PLANE_ACTIONS.some((a) => actions.some((p) => actionMatches(p, a)));
    const excluded = stringList(raw.NotAction);
    return !!excluded && DATA_PLANE_ACTIONS.some((a) => !excluded.some((p) => actionMatches(p, a)));
  });
}

function lintDocument(report: LintReport, doc: Json, scope: LintScope): void {
  for (const key of Object.keys(doc)) {
    if ((TOP_LEVEL_ELEMENTS as readonly string[]).includes(key)) continue;
    const spelled = TOP_LEVEL_ELEMENTS.find((e) => e.toLowerCase() === key.toLowerCase());
    report.add({
      id: "policy-unknown-element",
      severity: "error",
      path: jsonPointer(key),
      at: "key",
      message: spelled
        ? `policy elements are case-sensitive: ${key} is spelled ${spelled}`
        : `${key} is not a policy element (Version, Id, Statement)`,
      ...(spelled ? { fix: `use ${spelled}` } : {}),
    });
  }
  lintVersion(report, doc);
  const statement = doc.Statement;
  if (statement === undefined || (!Array.isArray(statement) && !isRecord(statement))) {
    report.add({
      id: "statement-missing",
      severity: "error",
      path: statement === undefined ? "" : "/Statement",
      message: "the policy needs a Statement: one statement object or a list of them",
    });
    return;
  }
  if (Array.isArray(statement) && statement.length === 0) {
    report.add({
      id: "statement-empty",
      severity: "error",
      path: "/Statement",
      message: "Statement is empty",
    });
    return;
  }
  const sids = new Map<string, string>();
  for (const { raw, pointer } of rawStatements(doc)) {
    lintStatement(report, raw, pointer, scope);
    if (!isRecord(raw) || typeof raw.Sid !== "string" || raw.Sid === "") continue;
    const first = sids.get(raw.Sid);
    if (first !== undefined) {
      report.add({
        id: "sid-duplicate",
        severity: "error",
        path: `${pointer}/Sid`,
        message: `Sid "${raw.Sid}" is already used by ${first}`,
        fix: "give each statement its own Sid",
      });
    } else {
      sids.set(
        raw.Sid,
        pointer.replace(/^\/Statement\/?/, "statement ").replace(/^statement $/, "the statement"),
      );
    }
  }
  if (scope.authType === "AWS_IAM" && !canAllowSomething(doc)) {
    report.add({
      id: "policy-allows-nothing",
      severity: "warning",
      path: "/Statement",
      message: "no Allow statement applies to vpc-lattice-svcs:Invoke or :Connect: every request is denied",
    });
  }
}

/**
 * Lints an auth policy as typed in an editor: JSON syntax and size, IAM grammar, VPC Lattice specifics, risky
 * patterns and what the auth type means for it. Findings carry a JSON pointer and a line/column when known.
 */
export function lintPolicy(text: string, scope: LintScope): PolicyFinding[] {
  if (text.trim() === "") {
    const report = new LintReport();
    lintAuthType(report, scope, false);
    return report.findings;
  }
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.error;
    return [
      { id: "json-syntax", severity: "error", path: "", line, column, message: `not valid JSON: ${message}` },
    ];
  }
  const report = new LintReport(parsed.locations);
  const minified = JSON.stringify(parsed.value).length;
  if (minified > POLICY_SIZE_LIMIT) {
    report.add({
      id: "policy-too-large",
      severity: "error",
      path: "",
      message: `the policy is ${minified} characters without whitespace; auth policies are limited to ${POLICY_SIZE_LIMIT}`,
    });
  } else if (text.length > POLICY_SIZE_LIMIT) {
    report.add({
      id: "policy-size-whitespace",
      severity: "info",
      path: "",
      message: `${text.length} characters as typed, ${minified} once minified: Trellis sends it minified, within the ${POLICY_SIZE_LIMIT} limit`,
    });
  }
  if (/[\r\n]/.test(text)) {
    report.add({
      id: "policy-newlines",
      severity: "info",
      path: "",
      message:
        "AWS rejects policy strings with newlines; Trellis removes them (minifies the JSON) before sending",
    });
  }
  for (const pointer of parsed.duplicateKeys) {
    report.add({
      id: "duplicate-key",
      severity: "warning",
      path: pointer,
      at: "key",
      message: "this member repeats a name in the same object: only the last one counts",
      fix: "merge the two into one member",
    });
  }
  if (!isRecord(parsed.value)) {
    report.add({
      id: "policy-not-object",
      severity: "error",
      path: "",
      message: "a policy is a JSON object",
    });
    return sortFindings(report.findings);
  }
  lintAuthType(report, scope, true);
  lintDocument(report, parsed.value, scope);
  return sortFindings(report.findings);
}
