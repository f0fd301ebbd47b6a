import { describe, expect, it } from "vitest";
import { auditPageHref, filterFromForm, toTimeField } from "./audit-url";

const SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";

describe("auditPageHref", () => {
  it("puts the set filters in the URL in a fixed order, encoded", () => {
    expect(auditPageHref({})).toBe("/audit");
    expect(auditPageHref({ result: "applied", resource: SERVICE, operation: "", actor: "local" })).toBe(
      `/audit?actor=local&resource=${encodeURIComponent(SERVICE)}&result=applied`,
    );
  });
});

describe("toTimeField", () => {
  it("shows a filter time as a datetime-local field does, in UTC", () => {
    expect(toTimeField("2026-11-21")).toBe("2026-11-21T00:00");
    expect(toTimeField("2026-11-21T18:18:00+02:00")).toBe("2026-11-21T16:18");
    expect(toTimeField("2026-11-21T16:18:07Z")).toBe("2026-11-21T16:18:07");
    expect(toTimeField("yesterday")).toBe("");
    expect(toTimeField(undefined)).toBe("");
  });
});

describe("filterFromForm", () => {
  it("takes the filter fields that hold something", () => {
    const form = new FormData();
    form.set("operation", " StartCrawl ");
    form.set("actor", "");
    form.set("from", "2026-11-21T16:18");
    form.set("unrelated", "x");
    expect(filterFromForm(form)).toEqual({ operation: "StartCrawl", from: "2026-11-21T16:18" });
  });
});
