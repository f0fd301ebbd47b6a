import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError, notFound, parseInput } from "./api-errors";

describe("parseInput", () => {
  const schema = z.object({ limit: z.number().max(10, "limit must be at most 10"), name: z.string() });

  it("returns the parsed value", () => {
    expect(parseInput(schema, { limit: 3, name: "x" })).toEqual({ limit: 3, name: "x" });
  });

  it("throws a 400 naming every problem", () => {
    let error: unknown;
    try {
      parseInput(schema, { limit: 30 }, "query");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.toBody()).toEqual({
      error: {
        code: "invalid_request",
        message: expect.stringMatching(/^Invalid query: limit: limit must be at most 10; name: /),
        issues: [
          { path: "limit", message: "limit must be at most 10" },
          { path: "name", message: expect.any(String) },
        ],
      },
    });
  });
});

describe("ApiError", () => {
  it("renders without issues when there are none", () => {
    expect(notFound("Crawl run 9 does not exist").toBody()).toEqual({
      error: { code: "not_found", message: "Crawl run 9 does not exist" },
    });
  });
});
