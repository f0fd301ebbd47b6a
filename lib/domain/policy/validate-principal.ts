import { isRecord, stringList } from "./document";
import { jsonPointer } from "./json-position";
import type { LintReport } from "./lint-report";
import { identityOf } from "./principals";

const PRINCIPAL_TYPES = ["AWS", "Service", "Federated", "CanonicalUser"];

/** Lints a Principal or NotPrincipal element. */
export function lintPrincipal(report: LintReport, raw: unknown, path: string): void {
  if (raw === "*") return;
  if (typeof raw === "string") {
    report.add({
      id: "principal-invalid",
      severity: "error",
      path,
      message: 'a principal is "*" or an object such as { "AWS": [...] }',
      fix: `use { "AWS": "${raw}" }`,
    });
    return;
  }
  if (!isRecord(raw)) {
    report.add({
      id: "principal-invalid",
      severity: "error",
      path,
      message: 'a principal is "*" or an object such as { "AWS": [...] }',
    });
    return;
  }
  for (const [type, values] of Object.entries(raw)) {
    const typePath = `${path}${jsonPointer(type)}`;
    const list = stringList(values);
    if (!PRINCIPAL_TYPES.includes(type) || !list) {
      report.add({
        id: "principal-invalid",
        severity: "error",
        path: typePath,
        at: "key",
        message: PRINCIPAL_TYPES.includes(type)
          ? `${type} must be a string or a list of strings`
          : `${type} is not a principal type (AWS, Service, Federated, CanonicalUser)`,
      });
      continue;
    }
    if (type !== "AWS") {
      report.add({
        id: "principal-type-unsupported",
        severity: "warning",
        path: typePath,
        at: "key",
        message: `callers of Lattice services are IAM principals or anonymous: a ${type} principal never matches`,
      });
      continue;
    }
    list.forEach((value, i) => {
      const at = Array.isArray(values) ? `${typePath}/${i}` : typePath;
      if (value === "*") return;
      const identity = identityOf(value);
      if (/[*?]/.test(value)) {
        report.add({
          id: "principal-partial-wildcard",
          severity: "error",
          path: at,
          message: `"${value}": a principal can't contain wildcards (only "*" alone)`,
          fix: `use "Principal": "*" with an ArnLike condition on aws:PrincipalArn`,
        });
      } else if (!identity) {
        report.add({
          id: "principal-invalid",
          severity: "error",
          path: at,
          message: `"${value}" is not an account ID or an IAM user, role or session ARN`,
        });
      } else if (identity.kind === "assumed-role") {
        report.add({
          id: "principal-session",
          severity: "info",
          path: at,
          message: `"${value}" names one role session: other sessions of ${identity.roleName} don't match`,
          fix: `use arn:aws:iam::${identity.accountId}:role/${identity.roleName}`,
        });
      }
    });
  }
}
