import { describe, expect, it } from "vitest";
import { roleMappingSchema } from "./auth-config";
import { claimValues, roleForClaims, roleForValues } from "./role-mapping";

const mapping = roleMappingSchema.parse({
  claim: "groups",
  map: { "trellis-viewers": "viewer", "trellis-operators": "operator", "trellis-admins": "admin" },
  default: "deny",
});

describe("claimValues", () => {
  it("reads a list, a single string, a dotted path and a namespaced claim whose name holds dots", () => {
    expect(claimValues({ groups: ["a", "b", 3] }, "groups")).toEqual(["a", "b"]);
    expect(claimValues({ role: "ops" }, "role")).toEqual(["ops"]);
    expect(claimValues({ realm_access: { roles: ["x", "y"] } }, "realm_access.roles")).toEqual(["x", "y"]);
    expect(claimValues({ "https://example.com/groups": ["z"] }, "https://example.com/groups")).toEqual(["z"]);
  });

  it("finds nothing where the claim is missing, not a string, or only inherited", () => {
    expect(claimValues({}, "groups")).toEqual([]);
    expect(claimValues({ groups: { admin: true } }, "groups")).toEqual([]);
    expect(claimValues({ realm_access: "x" }, "realm_access.roles")).toEqual([]);
    expect(claimValues({}, "constructor")).toEqual([]);
    expect(claimValues({ a: {} }, "a.toString")).toEqual([]);
  });
});

describe("roleForClaims", () => {
  it("gives the highest role any value maps to, whatever their order", () => {
    expect(roleForClaims({ groups: ["trellis-viewers"] }, mapping)).toBe("viewer");
    expect(roleForClaims({ groups: ["trellis-operators", "trellis-viewers"] }, mapping)).toBe("operator");
    expect(
      roleForClaims({ groups: ["trellis-viewers", "trellis-admins", "trellis-operators"] }, mapping),
    ).toBe("admin");
  });

  it("turns away someone no value matches when the default is deny, else gives the default", () => {
    expect(roleForClaims({ groups: ["everyone"] }, mapping)).toBeUndefined();
    expect(roleForClaims({}, mapping)).toBeUndefined();
    expect(roleForClaims({ groups: ["everyone"] }, { ...mapping, default: "viewer" })).toBe("viewer");
  });

  it("matches values exactly, and never through inherited object keys", () => {
    expect(roleForValues(["Trellis-Admins", "trellis-admins "], mapping)).toBeUndefined();
    expect(roleForValues(["constructor", "__proto__", "toString"], mapping)).toBeUndefined();
  });
});
