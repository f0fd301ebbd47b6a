/**
 * Ports of the console and emulator that the end-to-end run starts, chosen away from `npm start`'s
 * 3000 and 4566 so a developer's running console is neither reused nor disturbed.
 */
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4600);

export const E2E_APP_URL = `http://127.0.0.1:${E2E_APP_PORT}`;
export const E2E_EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;

/**
 * The second console, signing people in with OpenID Connect against a local provider (e2e/oidc/provider.ts),
 * with an emulator and embedded database of its own. e2e/oidc/trellis.config.yaml names these ports too.
 */
export const E2E_OIDC_APP_PORT = 5310;
export const E2E_OIDC_EMULATOR_PORT = 5311;
export const E2E_OIDC_PROVIDER_PORT = 5320;

export const E2E_OIDC_APP_URL = `http://127.0.0.1:${E2E_OIDC_APP_PORT}`;
export const E2E_OIDC_EMULATOR_URL = `http://127.0.0.1:${E2E_OIDC_EMULATOR_PORT}`;
export const E2E_OIDC_ISSUER = `http://127.0.0.1:${E2E_OIDC_PROVIDER_PORT}`;
export const E2E_OIDC_CLIENT_ID = "trellis-e2e";
/** Test-only values, known to the provider and the console under test and nothing else. */
export const E2E_OIDC_CLIENT_SECRET = "e2e-client-secret-not-used-anywhere-else";
export const E2E_SESSION_SECRET = "e2e-session-secret-0123456789abcdef0123456789";

/** A page on another site (served by the test itself through page.route) that tries to post to the console. */
export const E2E_ATTACKER_ORIGIN = "http://localhost:5399";

/** The scale spec's own console and emulator (a generated estate opened summary-first); started by the spec. */
export const E2E_SCALE_APP_PORT = Number(process.env.E2E_SCALE_APP_PORT ?? 5330);
export const E2E_SCALE_EMULATOR_PORT = Number(process.env.E2E_SCALE_EMULATOR_PORT ?? 5331);
export const E2E_SCALE_APP_URL = `http://127.0.0.1:${E2E_SCALE_APP_PORT}`;
