import { describe, expect, it } from "vitest";
import {
  crawlListQuerySchema,
  crawlParamsSchema,
  diffQuerySchema,
  resourceParamsSchema,
  searchParamsObject,
  topologyQuerySchema,
} from "./api-queries";

function issues(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return result.error?.issues.map((issue) => [issue.path.join("."), issue.message]);
}

describe("searchParamsObject", () => {
  it("keeps single parameters as strings and repeated ones as arrays", () => {
    expect(searchParamsObject(new URLSearchParams("run=3&account=1&account=2&empty="))).toEqual({
      run: "3",
      account: ["1", "2"],
      empty: "",
    });
  });
});

describe("crawl queries", () => {
  it("defaults the page size to 20 and accepts 1 to 100", () => {
    expect(crawlListQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(crawlListQuerySchema.parse({ limit: "1", before: "42" })).toEqual({ limit: 1, before: 42 });
    expect(crawlListQuerySchema.parse({ limit: "100" }).limit).toBe(100);
  });

  it("refuses page sizes out of range or not whole numbers", () => {
    expect(issues(crawlListQuerySchema.safeParse({ limit: "0" }))).toEqual([
      ["limit", "limit must be at least 1"],
    ]);
    expect(issues(crawlListQuerySchema.safeParse({ limit: "101" }))).toEqual([
      ["limit", "limit must be at most 100"],
    ]);
    for (const limit of ["", "abc", "1.5", "-3", "1e2", " 5"]) {
      expect(issues(crawlListQuerySchema.safeParse({ limit }))).toEqual([
        ["limit", "limit must be a whole number"],
      ]);
    }
    expect(issues(crawlListQuerySchema.safeParse({ limit: ["5", "6"] }))).toEqual([
      ["limit", "limit must be given once"],
    ]);
  });

  it("takes a run id from the path, refusing anything else", () => {
    expect(crawlParamsSchema.parse({ id: "17" })).toEqual({ id: 17 });
    for (const id of ["0", "-1", "abc", "1.0", "01", "latest", "99999999999999999"]) {
      expect(crawlParamsSchema.safeParse({ id }).success, id).toBe(false);
    }
  });
});

describe("topologyQuerySchema", () => {
  it("defaults to the latest run and accepts a run id, an account and a region", () => {
    expect(topologyQuerySchema.parse({})).toEqual({ run: "latest" });
    expect(topologyQuerySchema.parse({ run: "12", account: "111122223333", region: "eu-west-1" })).toEqual({
      run: 12,
      account: "111122223333",
      region: "eu-west-1",
    });
    expect(topologyQuerySchema.parse({ run: "latest", unrelated: "x" })).toEqual({ run: "latest" });
  });

  it("names every bad parameter", () => {
    expect(
      issues(topologyQuerySchema.safeParse({ run: "yesterday", account: "1234", region: "moon" })),
    ).toEqual([
      ["run", 'run must be a crawl run id or "latest"'],
      ["account", "account must be a 12-digit AWS account id"],
      ["region", "region must be an AWS region like us-east-1"],
    ]);
  });
});

describe("diffQuerySchema", () => {
  it("needs both runs", () => {
    expect(diffQuerySchema.parse({ from: "3", to: "latest" })).toEqual({ from: 3, to: "latest" });
    expect(issues(diffQuerySchema.safeParse({ to: "4" }))).toEqual([["from", "from is required"]]);
  });
});

describe("resourceParamsSchema", () => {
  const target =
    "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001/target/10.1.2.91:8080";

  it("joins the segments of an id sent with its slashes unencoded", () => {
    expect(resourceParamsSchema.parse({ id: target.split("/") })).toEqual({ id: target });
    expect(resourceParamsSchema.parse({ id: [target] })).toEqual({ id: target });
  });

  it("accepts synthetic ids", () => {
    expect(resourceParamsSchema.parse({ id: ["account:111122223333"] })).toEqual({
      id: "account:111122223333",
    });
  });

  it("refuses what cannot be an id", () => {
    for (const id of [[], ["svc-0123"], ["arn:aws:x y"], [""], ["ARN:aws:x"], ["a".repeat(2050) + ":x"]]) {
      expect(resourceParamsSchema.safeParse({ id }).success, JSON.stringify(id).slice(0, 40)).toBe(false);
    }
  });
});
