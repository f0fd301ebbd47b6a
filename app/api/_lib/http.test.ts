import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { notFound } from "@/lib/domain/http/api-errors";
import { topologyQuerySchema } from "@/lib/domain/http/api-queries";
import { DatabaseUnavailableError } from "@/lib/server/db/database";
import { gunzipSync, gzipSync } from "node:zlib";
import { apiRoute, compressedJson, parseQuery, preparedJson, streamedJson } from "./http";

const context = { params: Promise.resolve({}) };

describe("apiRoute", () => {
  it("answers 400 with every issue and never runs the work behind a bad query", async () => {
    let reached = false;
    const route = apiRoute(async (request) => {
      parseQuery(topologyQuerySchema, request);
      reached = true;
      return Response.json({});
    });
    const response = await route(new NextRequest("http://localhost/api/topology?run=abc&region=x"), context);
    expect(response.status).toBe(400);
    expect(reached).toBe(false);
    expect(await response.json()).toEqual({
      error: {
        code: "invalid_request",
        message: expect.stringContaining("run must be a crawl run id"),
        issues: [
          { path: "run", message: 'run must be a crawl run id or "latest"' },
          { path: "region", message: "region must be an AWS region like us-east-1" },
        ],
      },
    });
  });

  it("renders ApiErrors with their status, an unreachable database as 503, anything else as an opaque 500", async () => {
    const failWith = (error: unknown) =>
      apiRoute(async () => {
        throw error;
      })(new NextRequest("http://localhost/api/x"), context);

    const missing = await failWith(notFound("Crawl run 4 does not exist"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: "not_found", message: "Crawl run 4 does not exist" },
    });

    const down = await failWith(new DatabaseUnavailableError("Could not connect to PostgreSQL"));
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ error: { code: "unavailable" } });

    const originalError = console.error;
    console.error = () => undefined;
    try {
      const broken = await failWith(new Error("secret connection string"));
      expect(broken.status).toBe(500);
      const body = JSON.stringify(await broken.json());
      expect(body).toContain('"code":"internal"');
      expect(body).not.toContain("secret");
    } finally {
      console.error = originalError;
    }
  });

  it("hands the route its awaited params", async () => {
    const route = apiRoute<{ id: string }>(async (_request, params) => Response.json(params));
    const response = await route(new NextRequest("http://localhost/api/crawls/3"), {
      params: Promise.resolve({ id: "3" }),
    });
    expect(await response.json()).toEqual({ id: "3" });
  });
});

describe("preparedJson", () => {
  const text = JSON.stringify({ nodes: [{ id: "a" }] });
  const body = { etag: 'W/"topology-abc"', json: () => Buffer.from(text) };

  it("sends the serialised JSON with its ETag, marked no-transform so it is not compressed per request", async () => {
    const response = preparedJson(
      new NextRequest("http://localhost/api/topology", { headers: { "accept-encoding": "gzip, br" } }),
      body,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(body.etag);
    expect(response.headers.get("cache-control")).toContain("no-transform");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe(text);
  });

  it("answers 304 without a body when the client has this version", async () => {
    for (const tag of ['W/"topology-abc"', '"topology-abc"', 'W/"other", W/"topology-abc"', "*"]) {
      const response = preparedJson(
        new NextRequest("http://localhost/api/topology", { headers: { "if-none-match": tag } }),
        body,
      );
      expect(response.status).toBe(304);
      expect(await response.text()).toBe("");
    }
    const changed = preparedJson(
      new NextRequest("http://localhost/api/topology", { headers: { "if-none-match": 'W/"topology-old"' } }),
      body,
    );
    expect(changed.status).toBe(200);
  });
});

describe("compressedJson", () => {
  const text = JSON.stringify({ accounts: [{ id: "account:111122223333" }] });
  const body = {
    etag: 'W/"summary-abc"',
    json: () => new Uint8Array(Buffer.from(text)),
    gzip: new Uint8Array(gzipSync(text)),
  };
  const get = (headers: Record<string, string>) =>
    compressedJson(new NextRequest("http://localhost/api/topology/summary", { headers }), body);

  it("sends the gzip as kept to a client that accepts application/gzip, and JSON to any other", async () => {
    const zipped = get({ accept: "application/gzip, application/json;q=0.9" });
    expect(zipped.headers.get("content-type")).toBe("application/gzip");
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(text);
    const plain = get({ accept: "application/json" });
    expect(plain.headers.get("content-type")).toBe("application/json");
    expect(await plain.text()).toBe(text);
    expect(zipped.headers.get("etag")).not.toBe(plain.headers.get("etag"));
    expect(plain.headers.get("vary")).toBe("accept");
  });

  it("answers 304 for the representation the client already has", async () => {
    const zipped = get({ accept: "application/gzip" });
    const again = get({ accept: "application/gzip", "if-none-match": zipped.headers.get("etag")! });
    expect(again.status).toBe(304);
    const other = get({ accept: "application/json", "if-none-match": zipped.headers.get("etag")! });
    expect(other.status).toBe(200);
  });
});

describe("streamedJson", () => {
  const text = JSON.stringify({ nodes: [{ id: "account:111122223333" }], edges: [] });
  const body = {
    etag: 'W/"topology-all-abc"',
    gzip: new Uint8Array(gzipSync(text)),
    stream: () => new Response(text).body!,
  };
  const get = (headers: Record<string, string>) =>
    streamedJson(new NextRequest("http://localhost/api/topology", { headers }), body);

  it("sends the gzip as kept to a client that accepts application/gzip, and the streamed JSON to any other", async () => {
    const zipped = get({ accept: "application/gzip, application/json;q=0.9" });
    expect(zipped.headers.get("content-type")).toBe("application/gzip");
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(text);
    const plain = get({});
    expect(plain.headers.get("content-type")).toBe("application/json");
    expect(await plain.text()).toBe(text);
    expect(zipped.headers.get("etag")).not.toBe(plain.headers.get("etag"));
    expect(plain.headers.get("vary")).toBe("accept");
  });

  it("answers 304 for the representation the client already has", () => {
    const plain = get({});
    expect(get({ "if-none-match": plain.headers.get("etag")! }).status).toBe(304);
    const zipped = get({ accept: "application/gzip", "if-none-match": plain.headers.get("etag")! });
    expect(zipped.status).toBe(200);
  });
});
