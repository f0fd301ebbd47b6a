export interface PageSecurityInput {
  /** Fresh for every response; Next puts it on its own scripts. */
  nonce: string;
  https: boolean;
  /** Next's development server needs eval for its error overlay and websockets for reloading. */
  development: boolean;
}

/**
 * The page Content-Security-Policy: scripts only with this response's nonce (and what they load), nothing
 * framed or framing. Styles allow inline because React renders `style` attributes; a style cannot run script.
 */
export function pageContentSecurityPolicy({ nonce, https, development }: PageSecurityInput): string {
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
  ];
  return directives.join("; ");
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
