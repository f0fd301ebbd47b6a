const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A method that can change something; only these are checked for their origin. */
export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export interface OriginCheckInput {
  method: string;
  /** The request's `Origin` header, or null when absent. */
  origin: string | null;
  /** The request's `Sec-Fetch-Site` header, or null when absent. */
  secFetchSite: string | null;
  /** Origins of this Trellis: the configured public URL, or what the request's Host says. */
  allowedOrigins: readonly string[];
  /**
   * Whether a write that carries neither header is accepted. Every browser sends `Origin` on a POST, PUT or
   * DELETE, so such a request is a script like curl; allowed in `none` mode only, where there are no cookies.
   */
  allowHeaderless: boolean;
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

function normalise(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === "null" ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** CSRF defence: a write is accepted only from this Trellis's own pages (or, in `none` mode, a non-browser). */
export function checkRequestOrigin(input: OriginCheckInput): OriginVerdict {
  if (!isUnsafeMethod(input.method)) return { ok: true };
  const allowed = new Set(input.allowedOrigins.flatMap((origin) => normalise(origin) ?? []));
  if (input.origin !== null) {
    const origin = normalise(input.origin);
    if (origin !== undefined && allowed.has(origin)) return { ok: true };
    return {
      ok: false,
      reason: `Writes are accepted only from this console's own pages, not from ${input.origin}`,
    };
  }
  const site = input.secFetchSite?.toLowerCase() ?? null;
  if (site === "same-origin") return { ok: true };
  if (site !== null) return { ok: false, reason: `Writes are not accepted from a ${site} request` };
  if (input.allowHeaderless) return { ok: true };
  return { ok: false, reason: "Writes must carry an Origin header naming this console" };
}

function first(value: string | null): string | undefined {
  const item = value?.split(",")[0]?.trim();
  return item ? item : undefined;
}

/**
 * The origins a request was addressed to, from its Host (and a proxy's X-Forwarded-Host/-Proto). A browser
 * cannot set these on a cross-site request, so a forged Origin cannot be made to match them.
 */
export function requestOrigins(input: {
  host: string | null;
  forwardedHost: string | null;
  forwardedProto: string | null;
  /** `http` or `https`: how this process was reached. */
  protocol: string;
}): string[] {
  const protocol = first(input.forwardedProto) ?? input.protocol;
  const hosts = [first(input.forwardedHost), first(input.host)].filter((host): host is string => !!host);
  return [...new Set(hosts.map((host) => `${protocol}://${host}`))];
}
