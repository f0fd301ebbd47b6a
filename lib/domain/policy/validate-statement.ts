import { actionMatches, DATA_PLANE_ACTIONS, suggestDataPlaneAction } from "./auth-policy-actions";
import { isRecord, stringList, type Json } from "./document";
import { NARROWING_KEYS, parseOperator, STATEMENT_ELEMENTS } from "./grammar";
import { jsonPointer } from "./json-position";
import type { LintReport } from "./lint-report";
import { lintPrincipal } from "./validate-principal";
import { lintResources, type LintScope } from "./validate-resource";
import { lintCondition } from "./validate-condition";

function exactlyOne(
  report: LintReport,
  st: Json,
  path: string,
  names: [string, string],
  what: "principal" | "action" | "resource",
): string | undefined {
  const [a, b] = names;
  const present = names.filter((n) => st[n] !== undefined);
  if (present.length === 2) {
    report.add({
      id: `${what}-conflict`,
      severity: "error",
      path: `${path}/${b}`,
      at: "key",
      message: `a statement has either ${a} or ${b}, not both`,
    });
  }
  if (present.length === 0) {
    report.add({
      id: `${what}-missing`,
      severity: "error",
      path,
      message: `the statement has no ${a} (or ${b})${what === "principal" ? ": auth policies are resource policies and must name principals" : ""}`,
      ...(what === "principal"
        ? { fix: 'add "Principal": { "AWS": "arn:aws:iam::<account>:role/<name>" }' }
        : {}),
    });
  }
  return present[0];
}

function lintActions(report: LintReport, st: Json, field: string, path: string): void {
  const raw = st[field];
  const list = stringList(raw);
  if (!list) {
    report.add({
      id: "action-invalid",
      severity: "error",
      path,
      message: `${field} must be a string or a list of strings`,
    });
    return;
  }
  list.forEach((action, i) => {
    if (DATA_PLANE_ACTIONS.some((a) => actionMatches(action, a))) return;
    const at = Array.isArray(raw) ? `${path}/${i}` : path;
    const controlPlane = /^vpc-lattice:/i.test(action);
    report.add({
      id: controlPlane ? "action-control-plane" : "action-not-data-plane",
      severity: "error",
      path: at,
      message: controlPlane
        ? `${action} is a management API action: auth policies are evaluated for vpc-lattice-svcs:Invoke and vpc-lattice-svcs:Connect, so this entry matches nothing`
        : `${action} matches no action that auth policies are evaluated for (vpc-lattice-svcs:Invoke, vpc-lattice-svcs:Connect)`,
      fix: `use ${suggestDataPlaneAction(action)}`,
    });
  });
  if (
    field === "NotAction" &&
    DATA_PLANE_ACTIONS.every((a) => list.some((action) => actionMatches(action, a)))
  ) {
    report.add({
      id: "notaction-excludes-everything",
      severity: "warning",
      path,
      message: "NotAction excludes both data-plane actions: the statement applies to no request",
    });
  }
}

/** A positive (not negated, not IfExists) string/ARN condition on a key that names the callers. */
function hasNarrowingCondition(condition: unknown): boolean {
  if (!isRecord(condition)) return false;
  return Object.entries(condition).some(([name, block]) => {
    const op = parseOperator(name);
    if (!op || op.negated || op.ifExists || op.set === "ForAllValues" || !isRecord(block)) return false;
    if (op.family !== "string" && op.family !== "arn") return false;
    return Object.keys(block).some((key) =>
      NARROWING_KEYS.some((n) => n.toLowerCase() === key.toLowerCase()),
    );
  });
}

function mentionsKey(condition: unknown, key: string): boolean {
  return (
    isRecord(condition) &&
    Object.values(condition).some(
      (block) => isRecord(block) && Object.keys(block).some((k) => k.toLowerCase() === key.toLowerCase()),
    )
  );
}

function lintRisk(report: LintReport, st: Json, path: string, scope: LintScope): void {
  if (st.Effect !== "Allow") return;
  const negations = [
    ["NotPrincipal", "allow-notprincipal", "every principal except those listed, anonymous callers included"],
    ["NotAction", "allow-notaction", "every action except those listed"],
    ["NotResource", "allow-notresource", "every service and path except those listed"],
  ] as const;
  for (const [field, id, what] of negations) {
    if (st[field] === undefined) continue;
    const notPrincipal = field === "NotPrincipal";
    report.add({
      id,
      severity: "warning",
      path: `${path}/${field}`,
      at: "key",
      message: `Allow with ${field} allows ${what}${notPrincipal ? " (IAM documents NotPrincipal only with Deny)" : ""}`,
      fix: notPrincipal
        ? "list the principals in Principal, or use a Deny with a condition on aws:PrincipalArn"
        : `list what is allowed in ${field.slice(3)}`,
    });
  }
  const principal = st.Principal;
  const wildcard = principal === "*" || (isRecord(principal) && stringList(principal.AWS)?.includes("*"));
  if (!wildcard) return;
  const target = scope.kind === "service" ? "the service" : "services in the network";
  if (!hasNarrowingCondition(st.Condition)) {
    report.add({
      id: "principal-wildcard-open",
      severity: "warning",
      path: `${path}/Principal`,
      message: `Principal "*" with no narrowing condition allows anyone who can reach ${target}: identities of any AWS account, and anonymous callers`,
      fix: "add a condition on aws:PrincipalOrgID, aws:PrincipalAccount or vpc-lattice-svcs:SourceVpc",
    });
  } else if (!mentionsKey(st.Condition, "aws:PrincipalType") && !hasPrincipalKey(st.Condition)) {
    report.add({
      id: "anonymous-allowed",
      severity: "info",
      path: `${path}/Principal`,
      message: "unsigned (anonymous) callers from the allowed VPCs are allowed too",
      fix: 'add "StringNotEqualsIgnoreCase": { "aws:PrincipalType": "Anonymous" } to require SigV4-signed requests',
    });
  }
}

function hasPrincipalKey(condition: unknown): boolean {
  return ["aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn"].some(
    (k) => mentionsKey(condition, k),
  );
}

/** Lints one statement: its elements, its Lattice specifics and risky patterns. */
export function lintStatement(report: LintReport, raw: unknown, path: string, scope: LintScope): void {
  if (!isRecord(raw)) {
    report.add({
      id: "statement-invalid",
      severity: "error",
      path,
      message: "a statement must be an object",
    });
    return;
  }
  for (const key of Object.keys(raw)) {
    if ((STATEMENT_ELEMENTS as readonly string[]).includes(key)) continue;
    const spelled = STATEMENT_ELEMENTS.find((e) => e.toLowerCase() === key.toLowerCase());
    report.add({
      id: "statement-unknown-element",
      severity: "error",
      path: `${path}${jsonPointer(key)}`,
      at: "key",
      message: spelled
        ? `policy elements are case-sensitive: ${key} is spelled ${spelled}`
        : `${key} is not a statement element`,
      ...(spelled ? { fix: `use ${spelled}` } : {}),
    });
  }
  if (raw.Sid !== undefined && typeof raw.Sid !== "string") {
    report.add({
      id: "sid-invalid",
      severity: "error",
      path: `${path}/Sid`,
      message: "Sid must be a string",
    });
  } else if (typeof raw.Sid === "string" && !/^[A-Za-z0-9]*$/.test(raw.Sid)) {
    report.add({
      id: "sid-characters",
      severity: "info",
      path: `${path}/Sid`,
      message: "IAM recommends Sids of letters and digits only",
    });
  }
  if (raw.Effect === undefined) {
    report.add({
      id: "effect-missing",
      severity: "error",
      path,
      message: "the statement has no Effect",
      fix: 'add "Effect": "Allow" or "Deny"',
    });
  } else if (raw.Effect !== "Allow" && raw.Effect !== "Deny") {
    const spelled =
      typeof raw.Effect === "string" &&
      ["Allow", "Deny"].find((e) => e.toLowerCase() === String(raw.Effect).toLowerCase());
    report.add({
      id: "effect-invalid",
      severity: "error",
      path: `${path}/Effect`,
      message: `Effect must be "Allow" or "Deny" (case-sensitive)`,
      ...(spelled ? { fix: `use "${spelled}"` } : {}),
    });
  }
  const principalField = exactlyOne(report, raw, path, ["Principal", "NotPrincipal"], "principal");
  if (principalField) lintPrincipal(report, raw[principalField], `${path}/${principalField}`);
  const actionField = exactlyOne(report, raw, path, ["Action", "NotAction"], "action");
  if (actionField) lintActions(report, raw, actionField, `${path}/${actionField}`);
  const resourceField = exactlyOne(report, raw, path, ["Resource", "NotResource"], "resource");
  if (resourceField)
    lintResources(report, raw[resourceField], resourceField, `${path}/${resourceField}`, scope);
  if (raw.Condition !== undefined) lintCondition(report, raw.Condition, `${path}/Condition`, raw.Effect);
  lintRisk(report, raw, path, scope);
}
