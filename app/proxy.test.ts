import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { authConfigSchema, resolveAuthSettings } from "@/lib/domain/auth/auth-config";
import { replaceAuthSettings } from "@/lib/server/auth/settings";
import { proxy } from "@/proxy";

const REPORTS = "https://csp.example.com/report";

afterEach(() => replaceAuthSettings(undefined));

describe("proxy.ts", () => {
  it("asks browsers to report CSP violations of pages to auth.cspReportUrl when it is set", async () => {
    replaceAuthSettings(
      resolveAuthSettings(authConfigSchema.parse({ mode: "none", cspReportUrl: REPORTS }), {}),
    );
    const page = await proxy(new NextRequest("http://127.0.0.1:3000/audit"));
    expect(page.headers.get("content-security-policy")).toMatch(
      new RegExp(`; report-uri ${REPORTS}; report-to trellis-csp`),
    );
    expect(page.headers.get("reporting-endpoints")).toBe(`trellis-csp="${REPORTS}"`);

    replaceAuthSettings(resolveAuthSettings(authConfigSchema.parse({ mode: "none" }), {}));
    const quiet = await proxy(new NextRequest("http://127.0.0.1:3000/audit"));
    expect(quiet.headers.get("content-security-policy")).not.toContain("report-");
    expect(quiet.headers.get("reporting-endpoints")).toBeNull();
  });

  it("answers an API request no route can serve itself, as JSON", async () => {
    const refused = await proxy(new NextRequest("http://127.0.0.1:3000/api/resources/%ZZ"));
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-security-policy")).toContain("sandbox");
    const propfind = await proxy(new NextRequest("http://127.0.0.1:3000/api/audit", { method: "PROPFIND" }));
    expect(propfind.status).toBe(405);
    expect(propfind.headers.get("allow")).toBe("GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS");
    expect(await propfind.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });
});
