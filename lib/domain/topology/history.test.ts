import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  diffFields,
  diffRelations,
  diffResources,
  runStatusFromScopes,
  type StoredRelation,
  type StoredResource,
} from "./history";

const listener: StoredResource = {
  versionId: 1,
  validFromRun: 1,
  validToRun: null,
  id: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-1/listener/listener-1",
  kind: "listener",
  accountId: "111111111111",
  region: "us-east-1",
  name: "http",
  parentId: "arn:aws:vpc-lattice:us-east-1:111111111111:service/svc-1",
  data: {
    protocol: "HTTP",
    port: 80,
    defaultAction: {
      forward: {
        targetGroups: [
          { targetGroupIdentifier: "tg-blue", weight: 90 },
          { targetGroupIdentifier: "tg-green", weight: 10 },
        ],
      },
    },
  },
  raw: null,
};

describe("canonicalJson", () => {
  it("gives the same text whatever the key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: "x" } })).toBe(
      canonicalJson({ a: { c: "x", d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("keeps array order and leaves out undefined members like JSON.stringify", () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson([undefined])).toBe("[null]");
    expect(JSON.parse(canonicalJson({ s: 'quote " and \\', n: 1.5 }))).toEqual({
      s: 'quote " and \\',
      n: 1.5,
    });
  });
});

describe("diffFields", () => {
  it("reports nothing for equal values with different key order", () => {
    expect(diffFields({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it("names the path of a changed weight with its old and new value", () => {
    const after = structuredClone(listener.data);
    const forward = after.defaultAction as { forward: { targetGroups: { weight: number }[] } };
    forward.forward.targetGroups[0]!.weight = 50;
    forward.forward.targetGroups[1]!.weight = 50;
    expect(diffFields(listener.data, after)).toEqual([
      { path: "defaultAction.forward.targetGroups[0].weight", kind: "changed", before: 90, after: 50 },
      { path: "defaultAction.forward.targetGroups[1].weight", kind: "changed", before: 10, after: 50 },
    ]);
  });

  it("reports added and removed members and array items", () => {
    expect(diffFields({ a: 1, tags: ["x"] }, { b: 2, tags: ["x", "y"] })).toEqual([
      { path: "a", kind: "removed", before: 1 },
      { path: "b", kind: "added", after: 2 },
      { path: "tags[1]", kind: "added", after: "y" },
    ]);
    expect(diffFields({ list: [1, 2, 3] }, { list: [1] })).toEqual([
      { path: "list[1]", kind: "removed", before: 2 },
      { path: "list[2]", kind: "removed", before: 3 },
    ]);
  });

  it("quotes keys that are not identifiers", () => {
    expect(diffFields({ tags: { "app.io/name": "a" } }, { tags: { "app.io/name": "b" } })).toEqual([
      { path: 'tags["app.io/name"]', kind: "changed", before: "a", after: "b" },
    ]);
  });

  it("reports a change of type as one change of the whole value", () => {
    expect(diffFields({ a: { x: 1 } }, { a: [1] })).toEqual([
      { path: "a", kind: "changed", before: { x: 1 }, after: [1] },
    ]);
    expect(diffFields({ a: null }, { a: 0 })).toEqual([
      { path: "a", kind: "changed", before: null, after: 0 },
    ]);
  });
});

describe("diffResources and diffRelations", () => {
  it("prefix data paths and include the name", () => {
    const after: StoredResource = { ...listener, name: "http-80", data: { ...listener.data, port: 8080 } };
    expect(diffResources(listener, after)).toEqual([
      { path: "data.port", kind: "changed", before: 80, after: 8080 },
      { path: "name", kind: "changed", before: "http", after: "http-80" },
    ]);
  });

  it("report a relation's weight change", () => {
    const forward: StoredRelation = {
      versionId: 3,
      validFromRun: 1,
      validToRun: 2,
      id: "forward|listener|tg",
      kind: "forward",
      source: "listener",
      target: "tg",
      accountId: "111111111111",
      region: "us-east-1",
      data: { weight: 10 },
    };
    expect(diffRelations(forward, { ...forward, data: { weight: 20 } })).toEqual([
      { path: "data.weight", kind: "changed", before: 10, after: 20 },
    ]);
  });
});

describe("runStatusFromScopes", () => {
  it("is ok only when every scope was ok and failed only when every scope failed", () => {
    expect(runStatusFromScopes(["ok", "ok"])).toBe("ok");
    expect(runStatusFromScopes(["ok", "failed"])).toBe("partial");
    expect(runStatusFromScopes(["partial"])).toBe("partial");
    expect(runStatusFromScopes(["failed", "failed"])).toBe("failed");
  });
});
