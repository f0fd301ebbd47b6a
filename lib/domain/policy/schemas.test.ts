import { describe, expect, it } from "vitest";
import { accessQuerySchema, authTypeSchema, policyInputSchema } from "./schemas";

describe("policy API schemas", () => {
  it("parses an access query, upper-casing the method", () => {
    const parsed = accessQuerySchema.parse({
      principal: "anonymous",
      sourceVpc: "vpc-02222000000000001",
      method: "get",
      path: "/",
      service: "payment",
    });
    expect(parsed.method).toBe("GET");
  });

  it("rejects malformed queries with readable messages", () => {
    const result = accessQuerySchema.safeParse({
      principal: "",
      sourceVpc: "v",
      method: "GET /",
      path: "x",
      service: "s",
      extra: 1,
    });
    expect(result.success).toBe(false);
    const messages = result.success ? [] : result.error.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        "principal is required",
        "method must be an HTTP method",
        "path must start with /",
      ]),
    );
  });

  it("accepts policies as text or documents, and only the two auth types", () => {
    expect(policyInputSchema.safeParse('{"Version":"2012-10-17"}').success).toBe(true);
    expect(policyInputSchema.safeParse({ Version: "2012-10-17" }).success).toBe(true);
    expect(policyInputSchema.safeParse(["x"]).success).toBe(false);
    expect(authTypeSchema.safeParse("IAM").success).toBe(false);
  });
});
