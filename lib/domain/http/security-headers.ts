export interface PageSecurityInput {
  /** Fresh for every response; Next puts it on its own scripts. */
  nonce: string;
  https: boolean;
  /** Next's development server needs eval for its error overlay and websockets for reloading. */
  development: boolean;
  /** Where browsers send violation reports (auth.cspReportUrl); none are sent without it. */
  reportUrl?: string;
}

/** The Reporting API endpoint name the page CSP's `report-to` names (see reportingEndpoints). */
export const CSP_REPORT_GROUP = "trellis-csp";

/**
 * The page Content-Security-Policy: scripts only with this response's nonce (and what they load), nothing
 * framed or framing, violations reported when a report URL is set. Styles allow inline because React renders
 * `style` attributes; a style cannot run script.
 */
export function pageContentSecurityPolicy({
  nonce,
  https,
  development,
  reportUrl,
}: PageSecurityInput): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    // The map's layout worker is a same-origin script file; 'strict-dynamic' would otherwise refuse it.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
    // report-to for browsers with the Reporting API (they then ignore report-uri), report-uri for the others.
    ...(reportUrl ? [`report-uri ${reportUrl}`, `report-to ${CSP_REPORT_GROUP}`] : []),
  ];
  return directives.join("; ");
}

/** The Reporting-Endpoints header that defines the group `report-to` names; none without a report URL. */
export function reportingEndpoints(reportUrl: string | undefined): Record<string, string> {
  return reportUrl ? { "reporting-endpoints": `${CSP_REPORT_GROUP}="${reportUrl}"` } : {};
}

/** API answers are data, never a document to render or frame. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Headers every response carries, whatever it is. */
export function baseSecurityHeaders(https: boolean): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
