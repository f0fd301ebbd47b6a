import type { IncomingHttpHeaders } from "node:http";

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/**
 * The account and region of a request come from its SigV4 credential scope. Signatures are not checked:
 * any secret works, as with other local AWS emulators.
 */
export function credentialScope(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): CredentialScope | undefined {
  const auth = headers.authorization;
  const source =
    typeof auth === "string"
      ? auth
      : query.get("X-Amz-Credential")
        ? `Credential=${query.get("X-Amz-Credential")}`
        : "";
  const m = SCOPE.exec(source);
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]! };
}
