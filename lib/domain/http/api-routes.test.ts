import { describe, expect, it } from "vitest";
import {
  API_ROUTES,
  apiRequestRefusal,
  matchApiRoute,
  matchRoutePattern,
  protectedWriteRoutes,
} from "./api-routes";

describe("matchRoutePattern", () => {
  it("picks the route Next would: static before dynamic before catch-all", () => {
    expect(matchRoutePattern("/api/crawls")).toBe("/api/crawls");
    expect(matchRoutePattern("/api/crawls/12")).toBe("/api/crawls/[id]");
    expect(matchRoutePattern("/api/crawls/12/more")).toBe("/api/[...path]");
    expect(matchRoutePattern("/api/resources/arn%3Aaws%3Avpc-lattice")).toBe("/api/resources/[...id]");
    expect(matchRoutePattern("/api/resources/a/b/c")).toBe("/api/resources/[...id]");
    expect(matchRoutePattern("/api/resources")).toBe("/api/[...path]");
    expect(matchRoutePattern("/api/auth/login")).toBe("/api/auth/login");
    expect(matchRoutePattern("/api/auth/other")).toBe("/api/[...path]");
    expect(matchRoutePattern("/api/layout/default/")).toBe("/api/layout/[key]");
    expect(matchRoutePattern("/somewhere/else")).toBeUndefined();
  });
});

describe("matchApiRoute", () => {
  it("finds the rule for the method; HEAD is a GET; a method the route lacks has none", () => {
    expect(matchApiRoute("POST", "/api/crawls")?.access).toBe("operator");
    expect(matchApiRoute("GET", "/api/crawls")?.access).toBe("viewer");
    expect(matchApiRoute("HEAD", "/api/topology")?.access).toBe("viewer");
    expect(matchApiRoute("put", "/api/layout/default")?.access).toBe("operator");
    expect(matchApiRoute("DELETE", "/api/crawls/3")).toBeUndefined();
    expect(matchApiRoute("POST", "/api/auth/logout")?.access).toBe("public");
    expect(matchApiRoute("POST", "/api/policies/diff")?.access).toBe("viewer");
    expect(matchApiRoute("POST", "/api/policies/apply")?.access).toBe("admin");
  });
});

describe("API_ROUTES", () => {
  it("lists each method of each route once", () => {
    const keys = API_ROUTES.map((route) => `${route.method} ${route.pattern}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("gives every write a viewer may not make an example request that would otherwise succeed", () => {
    const writes = protectedWriteRoutes();
    expect(writes.map((route) => `${route.method} ${route.pattern}`).sort()).toEqual([
      "DELETE /api/layout/[key]",
      "POST /api/changes",
      "POST /api/changes/[id]/apply",
      "POST /api/crawls",
      "POST /api/policies/apply",
      "POST /api/rollouts",
      "POST /api/rollouts/[id]/[action]",
      "PUT /api/layout/[key]",
    ]);
    for (const route of writes) {
      expect(route.example, `${route.method} ${route.pattern}`).toBeDefined();
      expect(matchRoutePattern(route.example?.path ?? ""), `${route.method} ${route.pattern}`).toBe(
        route.pattern,
      );
    }
  });
});

describe("apiRequestRefusal", () => {
  it("lets every method of the table, HEAD and OPTIONS through, and refuses others with 405", () => {
    for (const method of ["GET", "head", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      expect(apiRequestRefusal(method, "/api/topology"), method).toBeUndefined();
    }
    for (const method of ["TRACE", "PROPFIND", "CONNECT", "BREW"]) {
      const refusal = apiRequestRefusal(method, "/api/topology");
      expect(refusal?.status, method).toBe(405);
      expect(refusal?.toBody().error.code).toBe("method_not_allowed");
    }
  });

  it("refuses a path segment that is not percent-encoded UTF-8 with 400, and lets encoded NUL through to the route", () => {
    for (const path of [
      "/api/resources/%ZZ",
      "/api/resources/%c0%af",
      "/api/crawls/%",
      "/api/resources/%ed%a0%80",
    ]) {
      const refusal = apiRequestRefusal("GET", path);
      expect(refusal?.status, path).toBe(400);
      expect(refusal?.message).toMatch(/^Invalid path: ".*" is not percent-encoded UTF-8$/);
    }
    expect(apiRequestRefusal("GET", `/api/resources/%ZZ${"a".repeat(500)}`)?.message.length).toBeLessThan(
      120,
    );
    expect(apiRequestRefusal("GET", "/api/resources/arn%3Aaws%3A%00")).toBeUndefined();
    expect(apiRequestRefusal("GET", "/api/resources/%E2%80%AE")).toBeUndefined();
  });
});
