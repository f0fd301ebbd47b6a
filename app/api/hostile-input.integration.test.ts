import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { matchRoutePattern } from "@/lib/domain/http/api-routes";
import { MAX_AUDIT_JSON_BYTES } from "@/lib/domain/audit/audit-log";
import { authConfigSchema, DEFAULT_AUTH_CONFIG, resolveAuthSettings } from "@/lib/domain/auth/auth-config";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, MAX_LAYOUT_BODY_BYTES } from "@/lib/domain/http/request-body";
import { resetWriteTokens } from "@/lib/server/auth/rate-limit";
import { readLoginState } from "@/lib/server/auth/session";
import { replaceAuthSettings } from "@/lib/server/auth/settings";
import { createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "@/lib/server/crawl/testing";
import { replaceRuntime, type Runtime } from "@/lib/server/runtime";
import { proxy } from "@/proxy";

const ORIGIN = "http://127.0.0.1:3000";
const PAYMENT_SERVICE = "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0payment000000001";
const ORDER_LISTENER =
  "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001/listener/listener-0orderhttps000001";
const MISSING_ID = "00000000-0000-4000-8000-000000000000";

type Handler = (
  request: NextRequest,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

/** Next's params for a path served by the pattern, decoded as its router decodes them. */
function paramsFor(pattern: string, path: string): Record<string, string | string[]> {
  const parts = path.split("?")[0]!.split("/").filter(Boolean);
  const params: Record<string, string | string[]> = {};
  pattern
    .split("/")
    .filter(Boolean)
    .forEach((segment, i) => {
      const catchAll = /^\[\.\.\.(.+)\]$/.exec(segment);
      const dynamic = /^\[(.+)\]$/.exec(segment);
      if (catchAll) params[catchAll[1]!] = parts.slice(i).map(decodeURIComponent);
      else if (dynamic) params[dynamic[1]!] = decodeURIComponent(parts[i]!);
    });
  return params;
}

type Body = string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;

/** A request as Next serves it: proxy.ts first, then the route handler the path matches. */
async function send(
  method: string,
  path: string,
  body?: Body,
  headers: Record<string, string> = {},
): Promise<Response> {
  const request = new NextRequest(`${ORIGIN}${path}`, {
    method,
    headers: {
      host: "127.0.0.1:3000",
      ...(method === "GET" ? {} : { origin: ORIGIN }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body, duplex: "half" }),
  });
  const proxied = await proxy(request);
  if (proxied.headers.get("x-middleware-next") !== "1") return proxied;
  const pattern = matchRoutePattern(request.nextUrl.pathname);
  if (!pattern) throw new Error(`no route serves ${path}`);
  const file = fileURLToPath(new URL(`.${pattern.replace(/^\/api/, "")}/route.ts`, import.meta.url));
  const handler = ((await import(/* @vite-ignore */ file)) as Record<string, Handler>)[method];
  if (!handler) return new Response(null, { status: 405 });
  return handler(request, { params: Promise.resolve(paramsFor(pattern, path)) });
}

const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const deepArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const DEEP = 5_000;

function policyBody(policy: string): string {
  return `{"scope":{"arn":"${PAYMENT_SERVICE}"},"policy":${policy}}`;
}

function applyBody(policy: string): string {
  return (
    `{"scope":{"arn":"${PAYMENT_SERVICE}"},"base":{"authType":"AWS_IAM","policy":null},` +
    `"after":{"authType":"AWS_IAM","policy":${policy}},"confirm":[]}`
  );
}

const deepPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":${deepObject(DEEP)}}}]}`;

function bytes(size: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`{"pad":"${"x".repeat(size - 10)}"}`);
}

/** A body sent in chunks without Content-Length, as a client streaming it would. */
function streamed(size: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

interface HostileCase {
  what: string;
  method: string;
  path: string;
  body?: () => Body;
  headers?: Record<string, string>;
  status: number;
  code: string;
  message: RegExp;
  /** Writes whose input is parsed by their service record the refusal as a `rejected` audit entry. */
  audited?: string;
}

const NESTED = new RegExp(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
const NUL = /must not contain a NUL character/;
const NOT_ENCODED = /is not percent-encoded UTF-8/;
const CONTROL = /must not contain control characters/;
const TOO_LARGE = /request body is larger than/;

const CASES: HostileCase[] = [
  ...(
    [
      ["POST", "/api/policies/validate", () => policyBody(deepPolicy)],
      ["POST", "/api/policies/validate", () => policyBody(deepArray(DEEP))],
      ["POST", "/api/policies/diff", () => `{"scope":{"arn":"${PAYMENT_SERVICE}"},"after":${deepPolicy}}`],
      ["POST", "/api/policies/simulate", () => deepObject(DEEP)],
      ["POST", "/api/policies/apply", () => applyBody(deepPolicy)],
      [
        "POST",
        "/api/changes",
        () => `{"kind":"forward","target":"${ORDER_LISTENER}","after":${deepObject(DEEP)}}`,
      ],
      ["POST", `/api/changes/${MISSING_ID}/apply`, () => `{"confirm":${deepArray(DEEP)}}`],
      ["POST", "/api/rollouts", () => deepArray(DEEP)],
    ] as const
  ).map(([method, path, body]): HostileCase => ({
    what: `JSON nested ${DEEP} deep`,
    method,
    path,
    body,
    status: 400,
    code: "invalid_request",
    message: NESTED,
  })),
  {
    what: "JSON nested 5,000 deep",
    method: "PUT",
    path: "/api/layout/default",
    body: () => `{"positions":${deepArray(DEEP)}}`,
    status: 400,
    code: "invalid_request",
    message: NESTED,
    audited: "SaveLayout",
  },
  {
    what: "JSON nested 5,000 deep",
    method: "DELETE",
    path: "/api/layout/default",
    body: () => `{"nodeIds":${deepArray(DEEP)}}`,
    status: 400,
    code: "invalid_request",
    message: NESTED,
    audited: "ClearLayout",
  },
  {
    what: "a NUL character in a layout node id",
    method: "PUT",
    path: "/api/layout/default",
    body: () => '{"positions":[{"nodeId":"account:111122223333\\u0000x","x":1,"y":2}]}',
    status: 400,
    code: "invalid_request",
    message: NUL,
    audited: "SaveLayout",
  },
  {
    what: "a NUL character in a node id to forget",
    method: "DELETE",
    path: "/api/layout/default",
    body: () => '{"nodeIds":["a\\u0000"]}',
    status: 400,
    code: "invalid_request",
    message: NUL,
    audited: "ClearLayout",
  },
  {
    what: "a NUL character in the layout key",
    method: "PUT",
    path: "/api/layout/a%00b",
    body: () => '{"positions":[{"nodeId":"account:111122223333","x":1,"y":2}]}',
    status: 400,
    code: "invalid_request",
    message: /layout key may hold/,
    audited: "SaveLayout",
  },
  {
    what: "a NUL character in a policy",
    method: "POST",
    path: "/api/policies/apply",
    body: () => applyBody('{"Version":"2012-10-17","Statement":[{"Sid":"a\\u0000"}]}'),
    status: 400,
    code: "invalid_request",
    message: NUL,
  },
  {
    what: "an unpaired surrogate in a rule match",
    method: "POST",
    path: "/api/changes",
    body: () => `{"kind":"create-rule","target":"${ORDER_LISTENER}","after":{"match":{"path":"/\\ud800"}}}`,
    status: 400,
    code: "invalid_request",
    message: /unpaired surrogate/,
  },
  {
    what: "a body that is not UTF-8",
    method: "POST",
    path: "/api/policies/validate",
    body: () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    status: 400,
    code: "invalid_request",
    message: /not UTF-8/,
  },
  {
    what: "a body over the limit, declared",
    method: "POST",
    path: "/api/changes",
    body: () => bytes(MAX_BODY_BYTES + 1),
    headers: { "content-length": String(MAX_BODY_BYTES + 1) },
    status: 413,
    code: "payload_too_large",
    message: TOO_LARGE,
  },
  {
    what: "a body over the limit, streamed without Content-Length",
    method: "POST",
    path: "/api/policies/diff",
    body: () => streamed(MAX_BODY_BYTES * 3),
    status: 413,
    code: "payload_too_large",
    message: TOO_LARGE,
  },
  {
    what: "a layout body over its limit, streamed",
    method: "PUT",
    path: "/api/layout/default",
    body: () => streamed(MAX_LAYOUT_BODY_BYTES + 1),
    status: 413,
    code: "payload_too_large",
    message: TOO_LARGE,
  },
  ...["%00", "%ZZ", "%c0%af", "arn%3Aaws%3Avpc-lattice%3A%00", "arn%3Aaws%3A%ed%a0%80"].map(
    (segment): HostileCase => ({
      what: `${segment} in a resource id`,
      method: "GET",
      path: `/api/resources/${segment}`,
      status: 400,
      code: "invalid_request",
      message: segment.includes("%00") ? /Invalid path: id: / : NOT_ENCODED,
    }),
  ),
  {
    what: "%ZZ in a crawl id",
    method: "GET",
    path: "/api/crawls/%ZZ",
    status: 400,
    code: "invalid_request",
    message: NOT_ENCODED,
  },
  {
    what: "%c0%af in a change id",
    method: "POST",
    path: "/api/changes/%c0%af/apply",
    body: () => "{}",
    status: 400,
    code: "invalid_request",
    message: NOT_ENCODED,
  },
  {
    what: "%ZZ in a layout key",
    method: "DELETE",
    path: "/api/layout/%ZZ",
    status: 400,
    code: "invalid_request",
    message: NOT_ENCODED,
  },
  ...["/api/audit?actor=a%00b", "/api/audit/export?actor=a%00b", "/api/audit?resource=arn%3Aaws%3A%00"].map(
    (path): HostileCase => ({
      what: "a NUL character in an audit filter",
      method: "GET",
      path,
      status: 400,
      code: "invalid_request",
      message: CONTROL,
    }),
  ),
  {
    what: "a NUL character in a rollout filter",
    method: "GET",
    path: `/api/rollouts?listener=${encodeURIComponent(`${ORDER_LISTENER}\u0000`)}`,
    status: 400,
    code: "invalid_request",
    message: CONTROL,
  },
  ...["PROPFIND", "BREW"].map((method): HostileCase => ({
    what: `the ${method} method`,
    method,
    path: "/api/topology",
    status: 405,
    code: "method_not_allowed",
    message: new RegExp(`does not answer ${method}`),
  })),
];

let emulator: Emulator;
let runtimes: TestRuntimes;
let runtime: Runtime;

/** Everything a request could have written: audit entries, saved positions, changes, rollouts, runs, AWS. */
async function written() {
  const prisma = runtime.db.prisma;
  const calls = (await (await fetch(`${emulator.url}/_emulator/calls`)).json()) as {
    byOperation: Record<string, number>;
  };
  return {
    audit: (await prisma.auditLog.findMany({ orderBy: { id: "asc" } })).map((entry) => ({
      id: Number(entry.id),
      operation: entry.operation,
      result: entry.result,
    })),
    positions: await prisma.nodePosition.findMany({ orderBy: [{ layoutKey: "asc" }, { nodeId: "asc" }] }),
    changes: await prisma.change.count(),
    rollouts: await prisma.rollout.count(),
    runs: await prisma.crawlRun.count(),
    awsWrites: Object.entries(calls.byOperation)
      .filter(([operation]) => !/^(sts:|[a-z0-9-]+:(Get|List|Describe))/.test(operation))
      .reduce((sum, [, count]) => sum + count, 0),
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
  runtimes = await createTestRuntimes();
  runtime = await runtimes.add(await testCrawlEnvironment(emulator.url));
  replaceRuntime(runtime);
  replaceAuthSettings(resolveAuthSettings(DEFAULT_AUTH_CONFIG, {}));
  resetWriteTokens();
  // Something to keep: a saved position, so that "nothing written" is not "nothing there".
  expect(
    (
      await send(
        "PUT",
        "/api/layout/default",
        '{"positions":[{"nodeId":"account:111122223333","x":1,"y":2}]}',
      )
    ).status,
  ).toBe(200);
});

afterAll(async () => {
  replaceRuntime(undefined);
  replaceAuthSettings(undefined);
  await runtimes?.stop();
  await emulator?.close();
});

describe("hostile input over HTTP", () => {
  it.each(CASES.map((c) => [`${c.method} ${c.path.slice(0, 60)}: ${c.what}`, c] as const))(
    "%s answers its 4xx and writes nothing",
    async (_name, hostile) => {
      resetWriteTokens();
      const before = await written();
      const response = await send(hostile.method, hostile.path, hostile.body?.(), hostile.headers);
      expect(response.status).toBe(hostile.status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(hostile.code);
      expect(body.error.message).toMatch(hostile.message);
      if (hostile.status === 405) expect(response.headers.get("allow")).toContain("GET");

      const after = await written();
      const added = after.audit.slice(before.audit.length);
      expect(added.map((entry) => [entry.operation, entry.result])).toEqual(
        hostile.audited ? [[hostile.audited, "rejected"]] : [],
      );
      expect({ ...after, audit: after.audit.slice(0, before.audit.length) }).toEqual(before);
    },
  );

  it("refuses a policy of 25,000 principals, keeping no more than the audit limit of it", async () => {
    const principals = Array.from({ length: 25_000 }, (_, i) => `arn:aws:iam::${100000000000 + i}:root`);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: principals }, Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
      ],
    });
    expect(policy.length).toBeGreaterThan(800_000);
    resetWriteTokens();
    const before = await written();
    const response = await send("POST", "/api/policies/apply", applyBody(policy));
    expect([413, 422]).toContain(response.status);
    const added = await runtime.db.prisma.auditLog.findMany({
      where: { id: { gt: before.audit.at(-1)?.id ?? 0 } },
    });
    for (const entry of added) {
      expect(entry.result).toBe("rejected");
      expect(entry.after).toMatchObject({
        truncated: true,
        bytes: expect.any(Number),
        sha256: expect.any(String),
      });
    }
    const { rows } = await runtime.db.pool.query<{ before: number | null; after: number | null }>(
      "SELECT max(octet_length(before::text))::int AS before, max(octet_length(after::text))::int AS after FROM audit_log",
    );
    expect(rows[0]!.before ?? 0).toBeLessThanOrEqual(MAX_AUDIT_JSON_BYTES * 1.1);
    expect(rows[0]!.after ?? 0).toBeLessThanOrEqual(MAX_AUDIT_JSON_BYTES * 1.1);
  });

  it("still serves the same routes to ordinary requests", async () => {
    expect((await send("GET", "/api/audit?actor=local")).status).toBe(200);
    expect((await send("GET", "/api/resources/account%3A111122223333")).status).toBe(404);
    const validate = await send(
      "POST",
      "/api/policies/validate",
      policyBody(deepArray(MAX_JSON_DEPTH - 3).replace("[]", '"x"')),
    );
    expect(validate.status).toBe(422);
  });
});

describe("a sign-in asked to return to a non-ASCII path", () => {
  let provider: Server;

  beforeAll(async () => {
    // Enough of an OpenID Connect provider for the first leg: its discovery document.
    provider = createServer((request, response) => {
      const { port } = provider.address() as AddressInfo;
      const issuer = `http://127.0.0.1:${port}`;
      if (request.url !== "/.well-known/openid-configuration") return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
        }),
      );
    });
    await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => provider?.close(resolve));
    replaceAuthSettings(resolveAuthSettings(DEFAULT_AUTH_CONFIG, {}));
  });

  it("sends the browser to the provider and keeps the path percent-encoded for the way back", async () => {
    const { port } = provider.address() as AddressInfo;
    const settings = resolveAuthSettings(
      authConfigSchema.parse({
        mode: "oidc",
        oidc: {
          issuer: `http://127.0.0.1:${port}`,
          clientId: "trellis",
          redirectUrl: `${ORIGIN}/api/auth/callback`,
        },
      }),
      { sessionSecret: "integration-session-secret-0123456789abcdef" },
    );
    replaceAuthSettings(settings);
    const response = await send("GET", `/api/auth/login?returnTo=${encodeURIComponent("/history?q=café €")}`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(new RegExp(`^http://127.0.0.1:${port}/auth\\?`));
    if (settings.mode !== "oidc") throw new Error("oidc settings expected");
    const login = await readLoginState(response.headers.get("set-cookie"), settings.session);
    expect(login?.returnTo).toBe("/history?q=caf%C3%A9%20%E2%82%AC");
  });
});
