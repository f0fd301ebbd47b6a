import type { JsonNodeLocation } from "./json-position";

export type FindingSeverity = "error" | "warning" | "info";

/** Every rule the linter applies; a finding's `id` is one of them. */
export const LINT_RULES = [
  "json-syntax",
  "policy-too-large",
  "policy-size-whitespace",
  "policy-newlines",
  "duplicate-key",
  "policy-not-object",
  "auth-iam-without-policy",
  "auth-none-inactive",
  "policy-unknown-element",
  "version-missing",
  "version-invalid",
  "version-old",
  "statement-missing",
  "statement-empty",
  "statement-invalid",
  "statement-unknown-element",
  "sid-invalid",
  "sid-characters",
  "sid-duplicate",
  "policy-allows-nothing",
  "effect-missing",
  "effect-invalid",
  "principal-missing",
  "principal-conflict",
  "principal-invalid",
  "principal-partial-wildcard",
  "principal-type-unsupported",
  "principal-session",
  "action-missing",
  "action-conflict",
  "action-invalid",
  "action-control-plane",
  "action-not-data-plane",
  "notaction-excludes-everything",
  "resource-missing",
  "resource-conflict",
  "resource-invalid",
  "resource-service-network",
  "resource-without-path",
  "resource-out-of-scope",
  "allow-notprincipal",
  "allow-notaction",
  "allow-notresource",
  "principal-wildcard-open",
  "anonymous-allowed",
  "condition-invalid",
  "condition-operator-unknown",
  "condition-value-type",
  "condition-value-empty",
  "condition-key-absent",
  "condition-key-case",
  "condition-key-control-plane",
  "condition-key-unknown",
  "condition-operator-type",
  "condition-set-single-valued",
  "condition-forallvalues-missing-key",
  "condition-value-invalid",
  "condition-value-not-arn",
  "condition-wildcard-needs-like",
  "condition-method-case",
  "condition-path-slash",
] as const;
export type LintRule = (typeof LINT_RULES)[number];

export interface PolicyFinding {
  /** The rule that produced it, e.g. `action-control-plane`. */
  id: LintRule;
  severity: FindingSeverity;
  /** JSON pointer of what it is about ("" for the whole document). */
  path: string;
  line?: number;
  column?: number;
  message: string;
  fix?: string;
}

export interface FindingDraft {
  id: LintRule;
  severity: FindingSeverity;
  path: string;
  message: string;
  fix?: string;
  /** Point at the member name rather than its value (for misnamed or misplaced members). */
  at?: "key" | "value";
}

/** Collects findings, placing each at the line and column of the JSON value (or member name) it is about. */
export class LintReport {
  readonly findings: PolicyFinding[] = [];

  constructor(private readonly locations: ReadonlyMap<string, JsonNodeLocation> = new Map()) {}

  add(draft: FindingDraft): void {
    const { at, fix, ...rest } = draft;
    const node = this.locations.get(draft.path);
    const where = (at === "key" ? node?.key : undefined) ?? node?.value;
    this.findings.push({
      ...rest,
      ...(where ? { line: where.line, column: where.column } : {}),
      ...(fix !== undefined ? { fix } : {}),
    });
  }
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Document order, then errors before warnings before notes. */
export function sortFindings(findings: readonly PolicyFinding[]): PolicyFinding[] {
  return [...findings].sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}
