import "server-only";
import * as client from "openid-client";
import type { Identification } from "@/lib/domain/auth/auth";
import { isLoopbackHost, type AuthSettings } from "@/lib/domain/auth/auth-config";
import { roleForClaims } from "@/lib/domain/auth/role-mapping";
import type { LoginState } from "./session";

type OidcSettings = Extract<AuthSettings, { mode: "oidc" }>;

const DISCOVERY_TIMEOUT_SECONDS = 10;
const discovered = new Map<string, Promise<client.Configuration>>();

/** The provider's metadata, discovered once per process (again after a failure). */
function providerConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const { issuer, clientId, clientSecret } = settings.oidc;
  const id = `${issuer}\u0000${clientId}`;
  let configuration = discovered.get(id);
  if (!configuration) {
    const issuerUrl = new URL(issuer);
    configuration = client.discovery(
      issuerUrl,
      clientId,
      clientSecret,
      clientSecret ? client.ClientSecretBasic(clientSecret) : client.None(),
      {
        timeout: DISCOVERY_TIMEOUT_SECONDS,
        // The configuration schema accepts plain http for a provider on this machine only (tests, local IdPs).
        ...(issuerUrl.protocol === "http:" && isLoopbackHost(issuerUrl.hostname)
          ? { execute: [client.allowInsecureRequests] }
          : {}),
      },
    );
    configuration.catch(() => discovered.delete(id));
    discovered.set(id, configuration);
  }
  return configuration;
}

/** Where to send the browser to sign in, and the state to keep (in a short-lived cookie) until it returns. */
export async function startSignIn(
  settings: OidcSettings,
  returnTo: string,
): Promise<{ url: URL; state: LoginState }> {
  const configuration = await providerConfiguration(settings);
  const verifier = client.randomPKCECodeVerifier();
  const state: LoginState = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier,
    returnTo,
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: settings.oidc.redirectUrl,
    scope: settings.oidc.scopes.join(" "),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: state.state,
    nonce: state.nonce,
  });
  return { url, state };
}

/**
 * Redeems the code the provider sent back (checking state, nonce, PKCE and the ID token) and maps the
 * identity's claims to a role. The role claim is read from the ID token, else from the userinfo endpoint.
 */
export async function finishSignIn(
  settings: OidcSettings,
  callbackSearch: string,
  login: LoginState,
): Promise<Identification> {
  const configuration = await providerConfiguration(settings);
  // The URL the provider redirected to as configured, not as this process sees it behind a proxy.
  const currentUrl = new URL(settings.oidc.redirectUrl);
  currentUrl.search = callbackSearch;
  const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: login.verifier,
    expectedState: login.state,
    expectedNonce: login.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) return { kind: "unauthenticated", reason: "the provider sent no ID token" };
  let claims: Record<string, unknown> = { ...idClaims };
  const roleClaimRoot = settings.roles.claim.split(".")[0]!;
  if (
    !(settings.roles.claim in claims) &&
    !(roleClaimRoot in claims) &&
    configuration.serverMetadata().userinfo_endpoint
  ) {
    const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
    claims = { ...userInfo, ...claims };
  }
  const role = roleForClaims(claims, settings.roles);
  const sub = idClaims.sub;
  const email = typeof claims.email === "string" ? claims.email : undefined;
  if (!role)
    return { kind: "denied", reason: `no role is mapped to ${email ?? sub}'s ${settings.roles.claim}` };
  const name =
    (typeof claims.name === "string" && claims.name) ||
    (typeof claims.preferred_username === "string" && claims.preferred_username) ||
    email ||
    sub;
  return { kind: "signed-in", principal: { id: sub, name, role, via: "oidc", ...(email ? { email } : {}) } };
}
