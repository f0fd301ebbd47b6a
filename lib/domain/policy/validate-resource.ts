import { stringList } from "./document";
import type { AuthType } from "./evaluate";
import type { LintReport } from "./lint-report";
import { wildcardCanMatchPrefix, wildcardMatch } from "./wildcard";

/** What the policy is attached to. */
export interface LintScope {
  kind: "service" | "service-network";
  arn: string;
  authType: AuthType;
  /** For a service network: the ARNs of its services, to check that each Resource can match one of them. */
  serviceArns?: readonly string[];
}

const SERVICE_ARN = /^arn:[a-z-]+:vpc-lattice:[^:]+:\d{12}:service\/svc-[0-9a-z]+$/;
const NETWORK_ARN = /:vpc-lattice:[^:]*:[^:]*:servicenetwork\//;

/** Can the pattern match a request to this service: its ARN + "/" + a path (Invoke), or its ARN (Connect)? */
export function resourceCanMatchService(pattern: string, serviceArn: string): boolean {
  return wildcardCanMatchPrefix(pattern, `${serviceArn}/`) || wildcardMatch(pattern, serviceArn);
}

function scopeProblem(pattern: string, scope: LintScope): string | undefined {
  if (scope.kind === "service") {
    return resourceCanMatchService(pattern, scope.arn)
      ? undefined
      : `never matches a request to ${scope.arn}`;
  }
  if (scope.serviceArns) {
    return scope.serviceArns.some((arn) => resourceCanMatchService(pattern, arn))
      ? undefined
      : "matches no service associated with this service network";
  }
  return wildcardCanMatchPrefix(pattern, "arn:aws:vpc-lattice:") || /^[*?]/.test(pattern)
    ? undefined
    : "is not a VPC Lattice service ARN, so it matches no request";
}

/** Lints Resource/NotResource: forms VPC Lattice evaluates, and reach within the scope. */
export function lintResources(
  report: LintReport,
  raw: unknown,
  field: string,
  path: string,
  scope: LintScope,
): void {
  const list = stringList(raw);
  if (!list) {
    report.add({
      id: "resource-invalid",
      severity: "error",
      path,
      message: `${field} must be a string or a list of strings`,
    });
    return;
  }
  list.forEach((pattern, i) => {
    const at = Array.isArray(raw) ? `${path}/${i}` : path;
    if (NETWORK_ARN.test(pattern)) {
      report.add({
        id: "resource-service-network",
        severity: "warning",
        path: at,
        message:
          "requests are authorized against service ARNs (and paths), never against a service network ARN",
        fix: 'use "*" or arn:aws:vpc-lattice:<region>:<account>:service/<service-id>/*',
      });
      return;
    }
    if (SERVICE_ARN.test(pattern)) {
      report.add({
        id: "resource-without-path",
        severity: "warning",
        path: at,
        message:
          "a service ARN alone matches only vpc-lattice-svcs:Connect (TCP); HTTP and gRPC requests are authorized against <service ARN>/<path>",
        fix: `use "${pattern}/*"`,
      });
    }
    if (field !== "Resource") return;
    const problem = scopeProblem(pattern, scope);
    if (problem) {
      report.add({
        id: "resource-out-of-scope",
        severity: "warning",
        path: at,
        message: `"${pattern}" ${problem}`,
        fix: scope.kind === "service" ? `use "${scope.arn}/*"` : 'use "*"',
      });
    }
  });
}
