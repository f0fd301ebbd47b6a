import { describe, expect, it } from "vitest";
import { readJson, StoredJsonError } from "./json-column";
import { principalSchema, storedChangePlan, storedRolloutEvents } from "./stored-shapes";

describe("readJson", () => {
  it("reads a JSON column through its schema", () => {
    const who = { id: "u1", name: "Ada", role: "admin", via: "oidc" };
    expect(readJson(principalSchema, who, "change.created_by")).toEqual(who);
    expect(
      readJson(storedRolloutEvents, [{ at: "2026-01-01T00:00:00Z", message: "started" }], "e"),
    ).toHaveLength(1);
  });

  it("fails naming the column when the stored value is not what was written", () => {
    expect(() => readJson(principalSchema, { id: "u1" }, "change.created_by")).toThrow(StoredJsonError);
    expect(() => readJson(principalSchema, { id: "u1" }, "change.created_by")).toThrow(/change\.created_by/);
    expect(() => readJson(storedChangePlan, { kind: "weights" }, "change.plan")).toThrow(
      /stored change plan/,
    );
  });
});
