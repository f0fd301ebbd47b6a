import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the local demo setup when nothing is configured", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      HOST: "127.0.0.1",
      PORT: 3000,
      EMULATOR_PORT: 4566,
      EMULATOR_URL: "http://127.0.0.1:4566",
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("reads ports as numbers and treats empty values as unset", () => {
    const env = parseEnv({ PORT: "3100", EMULATOR_PORT: "", HOST: "0.0.0.0" });
    expect(env.PORT).toBe(3100);
    expect(env.EMULATOR_PORT).toBe(4566);
    expect(env.HOST).toBe("0.0.0.0");
  });

  it("names every invalid variable in one error", () => {
    expect(() => parseEnv({ PORT: "http", EMULATOR_URL: "not a url" })).toThrow(/PORT[\s\S]*EMULATOR_URL/);
  });
});
