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

  it("holds text and documents alike to 10,000 characters without whitespace", () => {
    const principals = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));
    const doc = (n: number) => ({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: principals(n) }, Action: "*", Resource: "*" }],
    });
    const fits = doc(620);
    const over = doc(700);
    expect(JSON.stringify(fits).length).toBeLessThanOrEqual(10_000);
    expect(policyInputSchema.safeParse(fits).success).toBe(true);
    expect(policyInputSchema.safeParse(JSON.stringify(fits, null, 4)).success).toBe(true);
    for (const input of [over, JSON.stringify(over)]) {
      const result = policyInputSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(
        /^the policy is 10,\d{3} characters without whitespace; auth policies are limited to 10,000$/,
      );
    }
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    expect(policyInputSchema.safeParse(deep).error?.issues[0]?.message).toBe(
      "the policy is nested too deeply to be a policy",
    );
  });
});
