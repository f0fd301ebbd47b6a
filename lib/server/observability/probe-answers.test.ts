import { describe, expect, it } from "vitest";
import { parseListenAddress } from "./listener";
import { bearerMatches, metricsAccess } from "./probe-answers";
import { requestLogContext } from "./http-metrics";

const TOKEN = "s3cret-metrics-token-0123456789";

describe("metricsAccess", () => {
  it("requires the bearer token when one is configured, wherever the request comes from", () => {
    expect(metricsAccess({ authorization: `Bearer ${TOKEN}`, token: TOKEN, openWithoutToken: false })).toBe(
      "allow",
    );
    expect(metricsAccess({ authorization: `bearer  ${TOKEN} `, token: TOKEN, openWithoutToken: false })).toBe(
      "allow",
    );
    for (const authorization of [
      null,
      "",
      `Bearer ${TOKEN}x`,
      `Basic ${TOKEN}`,
      "Bearer",
      `Bearer ${TOKEN.slice(1)}`,
    ]) {
      expect(metricsAccess({ authorization, token: TOKEN, openWithoutToken: true })).toBe("unauthorized");
    }
  });

  it("without a token, serves only where the network protects it", () => {
    expect(metricsAccess({ authorization: null, token: undefined, openWithoutToken: true })).toBe("allow");
    expect(metricsAccess({ authorization: "Bearer x", token: undefined, openWithoutToken: false })).toBe(
      "off",
    );
  });

  it("compares tokens of different lengths without throwing", () => {
    expect(bearerMatches("Bearer a", TOKEN)).toBe(false);
  });
});

describe("parseListenAddress", () => {
  it("reads host:port, IPv6 in brackets", () => {
    expect(parseListenAddress("0.0.0.0:9464")).toEqual({ host: "0.0.0.0", port: 9464 });
    expect(parseListenAddress("[::]:9464")).toEqual({ host: "::", port: 9464 });
    expect(() => parseListenAddress("9464")).toThrow(/host:port/);
    expect(() => parseListenAddress("a:70000")).toThrow(/host:port/);
  });
});

describe("requestLogContext", () => {
  it("names the route by its pattern and the change, rollout or crawl run it is about", () => {
    const id = "0b6f1b7e-8c1d-4a4e-9d55-2b1f7e3c9a10";
    expect(requestLogContext(`/api/changes/${id}/apply`)).toEqual({
      route: "/api/changes/[id]/apply",
      changeId: id,
    });
    expect(requestLogContext(`/api/rollouts/${id}/abort`)).toMatchObject({ rolloutId: id });
    expect(requestLogContext("/api/crawls/42")).toEqual({ route: "/api/crawls/[id]", crawlRunId: 42 });
    expect(requestLogContext("/api/nothing-here")).toEqual({ route: "/api/[...path]" });
    expect(requestLogContext("/elsewhere")).toEqual({ route: "unmatched" });
  });
});
