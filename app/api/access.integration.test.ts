import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { API_ROUTES, protectedWriteRoutes, type ApiRouteRule } from "@/lib/domain/http/api-routes";
import { authConfigSchema, resolveAuthSettings, type AuthSettings } from "@/lib/domain/auth/auth-config";
import { resetWriteTokens } from "@/lib/server/auth/rate-limit";
import { replaceAuthSettings } from "@/lib/server/auth/settings";
import { createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "@/lib/server/crawl/testing";
import { createNodePositionRepository } from "@/lib/server/db/node-positions";
import { replaceRuntime, type Runtime } from "@/lib/server/runtime";
import { paramsFor } from "./_lib/route-testing";

const ORIGIN = "http://127.0.0.1:3000";
const PROXY_SECRET = "integration-proxy-secret-0123456789abcdef";
const ALB_ARN =
  "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/trellis/50dc6c495c0c9188";
const KID = "4b1c2d3e-0000-4000-8000-123456789abc";

type Handler = (
  request: NextRequest,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

/** A path that the pattern serves, with a made-up value for each parameter. */
function concretePath(route: ApiRouteRule): string {
  return (
    route.example?.path ?? route.pattern.replace(/\[\.\.\.[^\]]+\]/, "anything").replace(/\[[^\]]+\]/g, "1")
  );
}

/** Calls the real handler the way Next does for this request. */
async function call(
  route: ApiRouteRule,
  headers: Record<string, string>,
  path = concretePath(route),
): Promise<Response> {
  const file = fileURLToPath(new URL(`.${route.pattern.replace(/^\/api/, "")}/route.ts`, import.meta.url));
  const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, Handler>;
  const handler = routeModule[route.method];
  if (!handler) throw new Error(`${route.pattern} exports no ${route.method}`);
  const body = route.example?.body;
  const request = new NextRequest(`${ORIGIN}${path}`, {
    method: route.method,
    // An empty value leaves the header out, as a script like curl would.
    headers: Object.entries({
      host: "127.0.0.1:3000",
      ...(route.method === "GET" ? {} : { origin: ORIGIN }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    }).filter(([, value]) => value !== ""),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return handler(request, { params: Promise.resolve(paramsFor(route.pattern, path)) });
}

function proxySettings(): AuthSettings {
  const config = authConfigSchema.parse({
    mode: "trusted-header",
    trustedHeader: {
      source: "proxy",
      userHeader: "x-user",
      groupsHeader: "x-groups",
      secretHeader: "x-proxy-secret",
    },
    roles: { map: { readers: "viewer", ops: "operator", admins: "admin" }, default: "deny" },
  });
  return resolveAuthSettings(config, { proxySecret: PROXY_SECRET });
}

const asViewer = { "x-user": "vera", "x-groups": "readers", "x-proxy-secret": PROXY_SECRET };
const asOperator = { "x-user": "otto", "x-groups": "ops", "x-proxy-secret": PROXY_SECRET };
const asAdmin = { "x-user": "ada", "x-groups": "admins", "x-proxy-secret": PROXY_SECRET };

let emulator: Emulator;
let runtimes: TestRuntimes;
let runtime: Runtime;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
  runtimes = await createTestRuntimes();
  runtime = await runtimes.add(await testCrawlEnvironment(emulator.url));
  replaceRuntime(runtime);
});

afterAll(async () => {
  replaceRuntime(undefined);
  replaceAuthSettings(undefined);
  await runtimes?.stop();
  await emulator?.close();
});

beforeEach(() => {
  resetWriteTokens();
});

describe("the route table, enforced on the real handlers", () => {
  async function state() {
    const runs = await runtime.history.listRuns({ limit: 100 });
    const positions = await createNodePositionRepository(runtime.db.prisma).get("default");
    return { runs: runs.map((run) => run.id), positions: positions.map((p) => `${p.nodeId}@${p.x},${p.y}`) };
  }

  beforeEach(() => {
    replaceAuthSettings(proxySettings());
  });

  it("answers a viewer 403 on every write the table reserves for operators or admins, and nothing changes", async () => {
    const writes = protectedWriteRoutes();
    expect(writes.length).toBeGreaterThanOrEqual(3);
    const before = await state();
    for (const route of writes) {
      const response = await call(route, asViewer);
      expect(response.status, `${route.method} ${route.pattern}`).toBe(403);
      expect(await response.json()).toMatchObject({
        error: { code: "forbidden", message: expect.stringContaining(route.access) },
      });
    }
    expect(await state()).toEqual(before);
  });

  it("answers an operator 403 on every write reserved for admins", async () => {
    const adminWrites = protectedWriteRoutes().filter((route) => route.access === "admin");
    expect(adminWrites.map((route) => route.pattern)).toContain("/api/policies/apply");
    for (const route of adminWrites) {
      const response = await call(route, asOperator);
      expect(response.status, `${route.method} ${route.pattern}`).toBe(403);
      expect(await response.json()).toMatchObject({
        error: { code: "forbidden", message: expect.stringContaining("admin") },
      });
    }
  });

  it("lets the least role allowed make the same requests, which do change things", async () => {
    const before = await state();
    for (const route of protectedWriteRoutes()) {
      const response = await call(route, route.access === "admin" ? asAdmin : asOperator);
      if (route.example?.status)
        expect(response.status, `${route.method} ${route.pattern}`).toBe(route.example.status);
      else expect(response.status, `${route.method} ${route.pattern}`).toBeLessThan(300);
    }
    const after = await state();
    expect(after.runs.length).toBe(before.runs.length + 1);
  });

  it("answers 401 on every route but the sign-in flow to someone the proxy did not vouch for", async () => {
    const forged = { "x-user": "mallory", "x-groups": "ops", "x-proxy-secret": "guessed" };
    for (const route of API_ROUTES.filter((route) => route.access !== "public")) {
      for (const headers of [{}, forged]) {
        const response = await call(route, headers);
        expect(response.status, `${route.method} ${route.pattern}`).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
      }
    }
  });

  it("refuses an operator's write from another origin or without one", async () => {
    const crawl = API_ROUTES.find((route) => route.pattern === "/api/crawls" && route.method === "POST")!;
    const before = await state();
    expect((await call(crawl, { ...asOperator, origin: "http://evil.example" })).status).toBe(403);
    const headerless = await call(crawl, { ...asOperator, origin: "" });
    expect(headerless.status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it("slows down a burst of writes with 429 and Retry-After", async () => {
    const settings = proxySettings();
    replaceAuthSettings({ ...settings, rateLimit: { burst: 2, perMinute: 1 } });
    const save = API_ROUTES.find((route) => route.pattern === "/api/layout/[key]" && route.method === "PUT")!;
    expect((await call(save, asOperator)).status).toBe(200);
    expect((await call(save, asOperator)).status).toBe(200);
    const limited = await call(save, asOperator);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limited" } });
    // Another person has a bucket of their own.
    expect((await call(save, { ...asOperator, "x-user": "olga" })).status).toBe(200);
  });
});

describe("behind an ALB", () => {
  let keyServer: Server;
  let keyRequests = 0;
  let keyUrl = "";
  let albKey: CryptoKey;
  let otherKey: CryptoKey;
  const crawls = API_ROUTES.find((route) => route.pattern === "/api/crawls" && route.method === "GET")!;
  const startCrawl = API_ROUTES.find((route) => route.pattern === "/api/crawls" && route.method === "POST")!;

  async function token(
    key: CryptoKey,
    header: Record<string, unknown> = {},
    claims: Record<string, unknown> = {},
  ) {
    const exp = Math.floor(Date.now() / 1000) + 60;
    return new SignJWT({ sub: "ana", name: "Ana", groups: ["readers"], exp, ...claims })
      .setProtectedHeader({ alg: "ES256", kid: KID, signer: ALB_ARN, exp, ...header })
      .sign(key);
  }

  beforeAll(async () => {
    const alb = await generateKeyPair("ES256", { extractable: true });
    albKey = alb.privateKey;
    otherKey = (await generateKeyPair("ES256")).privateKey;
    const pem = await exportSPKI(alb.publicKey);
    // Serves the key as ALB's key endpoint does: PEM at /<kid>.
    keyServer = createServer((request, response) => {
      keyRequests++;
      if (request.url === `/${KID}`) response.writeHead(200, { "content-type": "text/plain" }).end(pem);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => keyServer.listen(0, "127.0.0.1", resolve));
    const { port } = keyServer.address() as AddressInfo;
    keyUrl = `http://127.0.0.1:${port}`;
  });

  beforeEach(() => {
    const config = authConfigSchema.parse({
      mode: "trusted-header",
      trustedHeader: { source: "alb", region: "us-east-1", loadBalancerArn: ALB_ARN, keyUrl },
      roles: { map: { readers: "viewer" }, default: "deny" },
    });
    replaceAuthSettings(resolveAuthSettings(config, {}));
  });

  afterAll(async () => {
    await new Promise((resolve) => keyServer?.close(resolve));
  });

  it("accepts the signed x-amzn-oidc-data header, fetching the key once, and keeps viewers to reads", async () => {
    const good = await token(albKey);
    const read = await call(crawls, { "x-amzn-oidc-data": good }, "/api/crawls?limit=1");
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ runs: expect.any(Array) });
    const again = await call(crawls, { "x-amzn-oidc-data": await token(albKey) }, "/api/crawls?limit=1");
    expect(again.status).toBe(200);
    expect(keyRequests).toBe(1);
    const write = await call(startCrawl, { "x-amzn-oidc-data": good });
    expect(write.status).toBe(403);
  });

  it("answers 401 to a forged, unsigned, foreign or expired header", async () => {
    const [header, payload] = (await token(albKey)).split(".");
    const unsignedHeader = btoa(JSON.stringify({ alg: "none", kid: KID, signer: ALB_ARN })).replace(
      /=+$/,
      "",
    );
    const forgeries = {
      "signed with another key": await token(otherKey),
      "from another load balancer": await token(albKey, {
        signer: "arn:aws:elasticloadbalancing:us-east-1:444455556666:loadbalancer/app/evil/0123456789abcdef",
      }),
      expired: await token(albKey, { exp: 1 }, { exp: 1 }),
      "alg none": `${unsignedHeader}.${payload}.`,
      "claims swapped": `${header}.${btoa(JSON.stringify({ sub: "root", groups: ["readers"], exp: 9_999_999_999 })).replace(/=+$/, "")}.${(await token(albKey)).split(".")[2]}`,
      "unknown key id": await token(albKey, { kid: "00000000-0000-4000-8000-000000000000" }),
    };
    for (const [what, forged] of Object.entries(forgeries)) {
      const response = await call(crawls, { "x-amzn-oidc-data": forged }, "/api/crawls?limit=1");
      expect(response.status, what).toBe(401);
    }
    expect((await call(crawls, {}, "/api/crawls?limit=1")).status, "no header").toBe(401);
  });
});
