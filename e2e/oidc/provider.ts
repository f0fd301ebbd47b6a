/**
 * A real OpenID Connect provider (the `oidc-provider` package) for the end-to-end tests: its development login
 * form accepts any password for the people below, whose `groups` claim the console maps to roles.
 * Run by Playwright as a web server: `tsx e2e/oidc/provider.ts`.
 */
import Provider, { type Account } from "oidc-provider";
import {
  E2E_OIDC_APP_URL,
  E2E_OIDC_CLIENT_ID,
  E2E_OIDC_CLIENT_SECRET,
  E2E_OIDC_ISSUER,
  E2E_OIDC_PROVIDER_PORT,
} from "../servers";
import { E2E_PEOPLE, type E2EPerson } from "./people";

function findAccount(_context: unknown, id: string): Account | undefined {
  if (!Object.hasOwn(E2E_PEOPLE, id)) return undefined;
  const person = E2E_PEOPLE[id as E2EPerson];
  return {
    accountId: id,
    claims: () => ({ sub: id, name: person.name, email: person.email, groups: [...person.groups] }),
  };
}

const provider = new Provider(E2E_OIDC_ISSUER, {
  clients: [
    {
      client_id: E2E_OIDC_CLIENT_ID,
      client_secret: E2E_OIDC_CLIENT_SECRET,
      redirect_uris: [`${E2E_OIDC_APP_URL}/api/auth/callback`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  findAccount,
  // Scope-bound claims go to the userinfo endpoint, so the console's userinfo fallback is exercised too.
  claims: { openid: ["sub"], profile: ["name"], email: ["email"], groups: ["groups"] },
  scopes: ["openid", "profile", "email", "groups"],
  cookies: { keys: ["e2e-provider-cookie-key-not-a-secret"] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
});

provider.listen(E2E_OIDC_PROVIDER_PORT, "127.0.0.1", () => {
  console.log(`[oidc-provider] ${E2E_OIDC_ISSUER}/.well-known/openid-configuration`);
});
