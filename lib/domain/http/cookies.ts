/** Values of a Cookie header by name; the first of a repeated name wins, as browsers send the most specific first. */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/** A Set-Cookie value: always HttpOnly, SameSite=Lax, Path=/; Secure when the console is served over https. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!/^[\w.-]+$/.test(name) || !/^[\w.~-]*$/.test(value))
    throw new Error(`Cookie ${name} has an unsafe value`);
  return [
    `${name}=${value}`,
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

/** `__Host-` binds a cookie to this exact host over https; browsers refuse the prefix without Secure. */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}
