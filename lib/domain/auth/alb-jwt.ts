import { z } from "zod";

/** Why an `x-amzn-oidc-data` header was refused; the message is for logs, never for the caller. */
export class AlbTokenError extends Error {
  override name = "AlbTokenError";
}

const SEGMENT = /^[A-Za-z0-9_-]+={0,2}$/;
/** ALB key ids are UUIDs; anything else must not reach the key URL. */
const KID = /^[A-Za-z0-9-]{1,128}$/;
const CLOCK_TOLERANCE_SECONDS = 30;

/** Base64url, with or without the `=` padding that ALB leaves on its segments. */
export function decodeBase64Url(segment: string): Uint8Array {
  if (!SEGMENT.test(segment)) throw new AlbTokenError("a JWT segment is not base64url");
  const base64 = segment.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function json(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new AlbTokenError(`the JWT ${what} is not JSON`);
  }
}

const albHeaderSchema = z.object({
  alg: z.string(),
  kid: z.string(),
  signer: z.string(),
  exp: z.number().optional(),
});

export type AlbJwtHeader = z.infer<typeof albHeaderSchema>;

export interface AlbJwt {
  header: AlbJwtHeader;
  claims: Record<string, unknown>;
  /** The bytes ALB signed: the first two segments exactly as received, padding included. */
  signingInput: Uint8Array<ArrayBuffer>;
  /** ES256: r and s, 32 bytes each. */
  signature: Uint8Array<ArrayBuffer>;
}

/**
 * Splits and decodes the token and checks everything but the signature: ES256 only (so `none` and HMAC are
 * refused), a well-formed key id, the expected load balancer as signer, and not expired.
 */
export function decodeAlbJwt(
  token: string,
  expected: { loadBalancerArn: string; nowSeconds: number },
): AlbJwt {
  const parts = token.split(".");
  if (parts.length !== 3) throw new AlbTokenError("the JWT does not have three segments");
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  if (!signaturePart) throw new AlbTokenError("the JWT is unsigned");
  const header = albHeaderSchema.safeParse(json(decodeBase64Url(headerPart), "header"));
  if (!header.success) throw new AlbTokenError("the JWT header lacks alg, kid or signer");
  if (header.data.alg !== "ES256")
    throw new AlbTokenError(`the JWT algorithm is ${header.data.alg}, not ES256`);
  if (!KID.test(header.data.kid)) throw new AlbTokenError("the JWT key id is malformed");
  if (header.data.signer !== expected.loadBalancerArn) {
    throw new AlbTokenError(`the JWT was signed by ${header.data.signer}, not the configured load balancer`);
  }
  const claims = json(decodeBase64Url(payloadPart), "payload");
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new AlbTokenError("the JWT payload is not an object");
  }
  const record = claims as Record<string, unknown>;
  const expiries = [header.data.exp, record.exp].filter((exp): exp is number => typeof exp === "number");
  if (expiries.length === 0) throw new AlbTokenError("the JWT has no expiry");
  if (Math.min(...expiries) + CLOCK_TOLERANCE_SECONDS < expected.nowSeconds) {
    throw new AlbTokenError("the JWT has expired");
  }
  const signature = decodeBase64Url(signaturePart);
  if (signature.length !== 64) throw new AlbTokenError("the JWT signature is not an ES256 signature");
  return {
    header: header.data,
    claims: record,
    signingInput: new TextEncoder().encode(`${headerPart}.${payloadPart}`),
    signature: new Uint8Array(signature),
  };
}

/** The PEM public key ALB serves at `<keyUrlBase>/<kid>`. */
export function albKeyUrl(keyUrlBase: string, kid: string): string {
  if (!KID.test(kid)) throw new AlbTokenError("the JWT key id is malformed");
  return `${keyUrlBase}/${encodeURIComponent(kid)}`;
}
