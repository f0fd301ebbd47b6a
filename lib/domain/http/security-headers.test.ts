import { describe, expect, it } from "vitest";
import { authConfigSchema, resolveAuthSettings } from "../auth/auth-config";
import { CSP_REPORT_GROUP, pageContentSecurityPolicy, reportingEndpoints } from "./security-headers";

const REPORTS = "https://csp.example.com/report?app=trellis";

describe("pageContentSecurityPolicy", () => {
  it("sends no reports unless a report URL is set", () => {
    const csp = pageContentSecurityPolicy({ nonce: "abc", https: true, development: false });
    expect(csp).not.toMatch(/report-/);
    expect(reportingEndpoints(undefined)).toEqual({});
  });

  it("names the report URL in report-uri and its Reporting-Endpoints group in report-to", () => {
    const csp = pageContentSecurityPolicy({
      nonce: "abc",
      https: true,
      development: false,
      reportUrl: REPORTS,
    });
    const directives = csp.split("; ");
    expect(directives).toContain(`report-uri ${REPORTS}`);
    expect(directives).toContain(`report-to ${CSP_REPORT_GROUP}`);
    expect(directives).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(reportingEndpoints(REPORTS)).toEqual({ "reporting-endpoints": `trellis-csp="${REPORTS}"` });
  });
});

describe("auth.cspReportUrl", () => {
  it("is read from the configuration into the settings of every mode", () => {
    const config = authConfigSchema.parse({ mode: "none", cspReportUrl: REPORTS });
    expect(resolveAuthSettings(config, {})).toMatchObject({ mode: "none", cspReportUrl: REPORTS });
    expect(resolveAuthSettings(authConfigSchema.parse({ mode: "none" }), {})).not.toHaveProperty(
      "cspReportUrl",
    );
  });

  it("must be https (or http on localhost) and cannot smuggle another directive", () => {
    for (const cspReportUrl of [
      "http://csp.example.com/report",
      "https://csp.example.com/r; script-src *",
      "https://csp.example.com/r,x",
      "not a url",
    ]) {
      expect(authConfigSchema.safeParse({ mode: "none", cspReportUrl }).success, cspReportUrl).toBe(false);
    }
    expect(
      authConfigSchema.safeParse({ mode: "none", cspReportUrl: "http://127.0.0.1:9000/csp" }).success,
    ).toBe(true);
  });
});
