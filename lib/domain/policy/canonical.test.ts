import { describe, expect, it } from "vitest";
import { canonicalPolicy, canonicalTextDiff, lineDiff } from "./canonical";
import { allowInvoke, ORDER_POLICY, ORDERING, PAYMENTS, policyDoc, ROLE } from "./testing";

describe("canonicalPolicy", () => {
  it("gives the same text for documents that differ only in order, wrapping and repetition", () => {
    const a = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "B",
          Resource: "*",
          Effect: "Allow",
          Action: ["vpc-lattice-svcs:Invoke"],
          Principal: { AWS: [ROLE.orderTask, ORDERING, ROLE.orderTask] },
          Condition: {
            StringLike: { "vpc-lattice-svcs:RequestPath": ["/b/*", "/a/*"] },
            StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] },
          },
        },
        {
          Sid: "A",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: ["*"],
        },
      ],
    };
    const b = {
      Statement: [
        { Effect: "Deny", Sid: "A", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
        {
          Sid: "B",
          Effect: "Allow",
          Principal: { AWS: [ROLE.orderTask, `arn:aws:iam::${ORDERING}:root`] },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: {
            StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
            StringLike: { "vpc-lattice-svcs:RequestPath": ["/a/*", "/b/*", "/a/*"] },
          },
        },
      ],
      Version: "2012-10-17",
    };
    expect(canonicalPolicy(a)).toBe(canonicalPolicy(JSON.stringify(b, null, 4)));
    expect(JSON.parse(canonicalPolicy(a))).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "A", Effect: "Deny", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
        {
          Sid: "B",
          Effect: "Allow",
          Principal: { AWS: [ROLE.orderTask, `arn:aws:iam::${ORDERING}:root`] },
          Action: "vpc-lattice-svcs:Invoke",
          Resource: "*",
          Condition: {
            StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
            StringLike: { "vpc-lattice-svcs:RequestPath": ["/a/*", "/b/*"] },
          },
        },
      ],
    });
  });

  it("keeps element order Version, Statement and Sid, Effect, Principal, Action, Resource, Condition", () => {
    const text = canonicalPolicy(ORDER_POLICY);
    expect(text.split("\n")[1]).toBe('  "Version": "2012-10-17",');
    const keys = Object.keys(
      (JSON.parse(text) as { Statement: Record<string, unknown>[] }).Statement[0] ?? {},
    );
    expect(keys).toEqual(["Sid", "Effect", "Principal", "Action", "Resource", "Condition"]);
  });

  it("returns text that isn't a JSON object trimmed, and no policy as empty", () => {
    expect(canonicalPolicy("  {broken ")).toBe("{broken");
    expect(canonicalPolicy(null)).toBe("");
  });
});

describe("canonicalTextDiff", () => {
  it("shows nothing for a reordered policy and only the real change otherwise", () => {
    const before = policyDoc(allowInvoke({ AWS: [ROLE.inventoryPod, ROLE.orderTask] }));
    const reordered = policyDoc(allowInvoke({ AWS: [ROLE.orderTask, ROLE.inventoryPod] }));
    expect(canonicalTextDiff(before, reordered)).toMatchObject({ added: 0, removed: 0 });
    const widened = policyDoc(
      allowInvoke({ AWS: [ROLE.orderTask, ROLE.inventoryPod, ROLE.analyticsReader] }),
    );
    expect(canonicalTextDiff(before, widened).lines.filter((l) => l.kind !== "unchanged")).toEqual([
      { kind: "added", text: `          "${ROLE.analyticsReader}",`, after: 8 },
    ]);
    // Appending to a list also rewrites the line before it (its comma).
    const appended = policyDoc(
      allowInvoke({ AWS: [ROLE.orderTask, ROLE.inventoryPod, `arn:aws:iam::${PAYMENTS}:user/z`] }),
    );
    expect(canonicalTextDiff(before, appended)).toMatchObject({ added: 2, removed: 1 });
  });

  it("treats a missing policy as empty text", () => {
    const diff = canonicalTextDiff(null, policyDoc(allowInvoke("*")));
    expect(diff.removed).toBe(0);
    expect(diff.added).toBe(diff.lines.length);
  });
});

describe("lineDiff", () => {
  it("is a longest-common-subsequence diff with line numbers on both sides", () => {
    expect(lineDiff("a\nb\nc\nd", "a\nc\nx\nd").lines).toEqual([
      { kind: "unchanged", text: "a", before: 1, after: 1 },
      { kind: "removed", text: "b", before: 2 },
      { kind: "unchanged", text: "c", before: 3, after: 2 },
      { kind: "added", text: "x", after: 3 },
      { kind: "unchanged", text: "d", before: 4, after: 4 },
    ]);
    expect(lineDiff("", "")).toEqual({ lines: [], added: 0, removed: 0 });
  });
});
