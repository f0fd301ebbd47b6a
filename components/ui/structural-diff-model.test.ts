import { describe, expect, it } from "vitest";
import { embeddedJson, prettyLines, structuralDiff, type DiffNode } from "./structural-diff-model";

function find(node: DiffNode, ...path: string[]): DiffNode | undefined {
  let at: DiffNode | undefined = node;
  for (const key of path) at = at?.children?.find((c) => c.key === key);
  return at;
}

const policy = (principal: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Readers", Effect: "Allow", Principal: { AWS: principal }, Action: "vpc-lattice-svcs:Invoke" },
      { Sid: "Ops", Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke" },
    ],
  });

describe("structuralDiff", () => {
  it("marks the keys that changed, with their values, and counts them", () => {
    const diff = structuralDiff({ a: 1, b: { c: "x", d: true } }, { a: 1, b: { c: "y", d: true }, e: [1] });
    expect(diff).toMatchObject({ kind: "changed", container: "object", changes: 2 });
    expect(find(diff, "a")).toMatchObject({ kind: "same", changes: 0 });
    expect(find(diff, "b", "c")).toMatchObject({ kind: "changed", before: "x", after: "y" });
    expect(find(diff, "b", "d")?.kind).toBe("same");
    expect(find(diff, "e")).toMatchObject({ kind: "added", after: [1] });
  });

  it("matches list elements by name, so a reordered list shows only what really changed", () => {
    const before = {
      rules: [
        { name: "api-v2", priority: 10 },
        { name: "default", weight: 90 },
      ],
    };
    const after = {
      rules: [
        { name: "default", weight: 50 },
        { name: "api-v2", priority: 10 },
      ],
    };
    const diff = structuralDiff(before, after);
    expect(find(diff, "rules", "0 · default", "weight")).toMatchObject({ before: 90, after: 50 });
    expect(find(diff, "rules", "1 · api-v2")?.kind).toBe("same");
    expect(diff.changes).toBe(1);
  });

  it("reads an auth policy kept as JSON text as the document, down to the principal that changed", () => {
    const diff = structuralDiff(
      { policy: policy("arn:aws:iam::111122223333:role/a") },
      { policy: policy("arn:aws:iam::111122223333:role/b") },
    );
    const text = find(diff, "policy");
    expect(text).toMatchObject({ kind: "changed", embedded: true, container: "object", changes: 1 });
    expect(find(diff, "policy", "Statement", "0 · Readers", "Principal", "AWS")).toMatchObject({
      before: "arn:aws:iam::111122223333:role/a",
      after: "arn:aws:iam::111122223333:role/b",
    });
    expect(find(diff, "policy", "Statement", "1 · Ops")?.kind).toBe("same");
  });

  it("tells nothing recorded from null, and a value replaced by another type", () => {
    expect(structuralDiff(undefined, { a: 1 })).toMatchObject({ kind: "added", after: { a: 1 } });
    expect(structuralDiff({ a: 1 }, undefined)).toMatchObject({ kind: "removed" });
    expect(structuralDiff(null, { a: 1 })).toMatchObject({ kind: "changed", before: null });
    expect(structuralDiff({ a: [1, 2] }, { a: [1, 2] })).toMatchObject({ kind: "same", changes: 0 });
  });
});

describe("embeddedJson and prettyLines", () => {
  it("formats JSON text inside a value, and leaves other strings alone", () => {
    expect(embeddedJson('{"a":1}')).toEqual({ a: 1 });
    expect(embeddedJson("{not json}")).toBeUndefined();
    expect(embeddedJson("plain")).toBeUndefined();
    expect(prettyLines({ policy: '{"Version":"2012-10-17"}' })).toEqual([
      "{",
      '  "policy": {',
      '    "Version": "2012-10-17"',
      "  }",
      "}",
    ]);
  });
});
