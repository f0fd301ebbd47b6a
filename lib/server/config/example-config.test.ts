import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readConfigFile } from "./load-config";

describe("trellis.config.example.yaml", () => {
  it("is a valid configuration, with sign-in by OpenID Connect and groups mapped to roles", () => {
    const config = readConfigFile(
      fileURLToPath(new URL("../../../trellis.config.example.yaml", import.meta.url)),
    );
    expect(config.accounts.length).toBeGreaterThan(0);
    expect(config.auth).toMatchObject({
      mode: "oidc",
      roles: { claim: "groups", map: { "trellis-operators": "operator" }, default: "deny" },
    });
  });
});
