import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/domain/topology/findings";
import {
  applyFindingsFilter,
  facetCounts,
  findingsFilterParams,
  isFiltered,
  parseFindingsFilter,
  toggleValue,
  type FindingsFilterState,
} from "./findings-filter";

const none: FindingsFilterState = { severities: [], rules: [], accountIds: [], kinds: [] };

function finding(id: string, extra: Partial<Finding>): Finding {
  return {
    id,
    rule: "target-group-unattached",
    severity: "low",
    resourceId: `arn:${id}`,
    resourceKind: "target-group",
    resourceName: id,
    accountId: "222233334444",
    region: "us-east-1",
    title: id,
    why: "",
    fix: "",
    ...extra,
  };
}

const findings = [
  finding("payment-policy", {
    rule: "auth-policy-invalid-action",
    severity: "high",
    resourceKind: "service",
    accountId: "333344445555",
  }),
  finding("canary", { rule: "weighted-target-group-unhealthy-targets", severity: "medium" }),
  finding("legacy", {}),
  finding("invite", { rule: "ram-invitation-pending", resourceKind: "ram-share", accountId: "111122223333" }),
];

describe("parseFindingsFilter", () => {
  it("reads comma-separated and repeated parameters, ignoring unknown values", () => {
    const state = parseFindingsFilter(
      new URLSearchParams(
        "severity=high,bogus&severity=low&rule=target-group-unattached,nope&account=222233334444,12&kind=service&run=3",
      ),
    );
    expect(state).toEqual({
      severities: ["high", "low"],
      rules: ["target-group-unattached"],
      accountIds: ["222233334444"],
      kinds: ["service"],
    });
  });

  it("round-trips through the URL and keeps other parameters", () => {
    const state: FindingsFilterState = { ...none, severities: ["critical", "high"], kinds: ["target-group"] };
    const params = findingsFilterParams(new URLSearchParams("run=4&severity=low"), state);
    expect(params.toString()).toBe("run=4&severity=critical%2Chigh&kind=target-group");
    expect(parseFindingsFilter(params)).toEqual(state);
  });
});

describe("toggleValue and isFiltered", () => {
  it("adds a value once and removes it on the second toggle", () => {
    const once = toggleValue(none, "kinds", "service");
    expect(once.kinds).toEqual(["service"]);
    expect(isFiltered(once)).toBe(true);
    expect(toggleValue(once, "kinds", "service")).toEqual(none);
    expect(isFiltered(none)).toBe(false);
  });
});

describe("applyFindingsFilter", () => {
  it("keeps findings matching every filter given, any value within one filter", () => {
    const state = {
      ...none,
      severities: ["low", "medium"],
      accountIds: ["222233334444"],
    } as FindingsFilterState;
    expect(applyFindingsFilter(findings, state).map((f) => f.id)).toEqual(["canary", "legacy"]);
    expect(applyFindingsFilter(findings, none)).toHaveLength(4);
  });
});

describe("facetCounts", () => {
  it("counts each value under the other filters, ignoring the facet's own selection", () => {
    const state = { ...none, severities: ["high"], kinds: ["target-group"] } as FindingsFilterState;
    const severity = facetCounts(findings, state, "severities", (f) => f.severity);
    expect(Object.fromEntries(severity)).toEqual({ medium: 1, low: 1 });
    const kinds = facetCounts(findings, state, "kinds", (f) => f.resourceKind);
    expect(Object.fromEntries(kinds)).toEqual({ service: 1 });
  });
});
