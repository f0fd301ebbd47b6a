import { describe, expect, it } from "vitest";
import {
  auditFilterSchema,
  auditListQuerySchema,
  crawlListQuerySchema,
  crawlParamsSchema,
  diffQuerySchema,
  resourceParamsSchema,
  rolloutListQuerySchema,
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

describe("audit queries", () => {
  const SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";

  it("defaults to 50 newest entries and takes every filter, dropping blank ones as a form sends them", () => {
    expect(auditListQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(
      auditListQuerySchema.parse({
        actor: "local",
        operation: "StartCrawl",
        resource: SERVICE,
        account: "222233334444",
        region: "us-east-1",
        result: "aws-error",
        from: "2026-11-01",
        to: "2026-11-21T16:18:45.5Z",
        limit: "200",
        before: "2026-11-21T16:18:45.123Z_42",
        run: "7",
      }),
    ).toEqual({
      actor: "local",
      operation: "StartCrawl",
      resource: SERVICE,
      account: "222233334444",
      region: "us-east-1",
      result: "aws-error",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-11-21T16:18:45.500Z",
      limit: 200,
      before: { at: "2026-11-21T16:18:45.123Z", id: 42 },
    });
    expect(auditFilterSchema.parse({ actor: "", operation: "", result: "rejected", limit: "5" })).toEqual({
      result: "rejected",
    });
  });

  it("reads times without a zone as UTC and converts offsets to UTC", () => {
    const parse = (from: string) => auditFilterSchema.parse({ from }).from;
    expect(parse("2026-11-21T16:18")).toBe("2026-11-21T16:18:00.000Z");
    expect(parse("2026-11-21 16:18:07")).toBe("2026-11-21T16:18:07.000Z");
    expect(parse("2026-11-21T18:18:00+02:00")).toBe("2026-11-21T16:18:00.000Z");
    expect(parse("2026-11-21T16:18:00.123456z")).toBe("2026-11-21T16:18:00.123Z");
  });

  it("names every bad filter", () => {
    expect(
      issues(
        auditListQuerySchema.safeParse({
          operation: "Start Crawl",
          resource: "svc-0123",
          account: "42",
          region: "mars",
          result: "ok",
          from: "2026-02-30",
          to: "yesterday",
          limit: "201",
          before: "42",
          actor: ["a", "b"],
        }),
      ),
    ).toEqual([
      ["actor", "actor must be given once"],
      ["operation", "operation must be an operation name like StartCrawl"],
      ["resource", "resource must be a resource ARN or a Trellis id like account:111122223333"],
      ["account", "account must be a 12-digit AWS account id"],
      ["region", "region must be an AWS region like us-east-1"],
      ["result", "result must be one of pending, applied, conflict, rejected, aws-error, not-applied"],
      ["from", "from must be a time like 2026-11-21T16:18:00Z or a date like 2026-11-21"],
      ["to", "to must be a time like 2026-11-21T16:18:00Z or a date like 2026-11-21"],
      ["limit", "limit must be at most 200"],
      ["before", "before must be a cursor from nextBefore"],
    ]);
  });

  it("refuses a time range that ends before it starts, and cursors that name no instant", () => {
    expect(issues(auditFilterSchema.safeParse({ from: "2026-11-21", to: "2026-11-20T23:59" }))).toEqual([
      ["to", "to must be later than from"],
    ]);
    expect(issues(auditFilterSchema.safeParse({ from: "2026-11-21", to: "2026-11-21" }))).toEqual([
      ["to", "to must be later than from"],
    ]);
    for (const before of [
      "2026-13-01T00:00:00.000Z_1",
      "2026-11-21T16:18:45.123Z_0",
      "2026-11-21T16:18:45Z_1",
    ]) {
      expect(auditListQuerySchema.safeParse({ before }).success, before).toBe(false);
    }
  });
});

describe("rolloutListQuerySchema", () => {
  const listener =
    "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001/listener/listener-0orderhttps000001";

  it("takes a listener, the active flag and a page size, each optional", () => {
    expect(rolloutListQuerySchema.parse({})).toEqual({});
    expect(rolloutListQuerySchema.parse({ active: "1" })).toEqual({ active: true });
    expect(rolloutListQuerySchema.parse({ active: "true", listener, limit: "5" })).toEqual({
      active: true,
      listener,
      limit: 5,
    });
    expect(rolloutListQuerySchema.parse({ active: "0" })).toEqual({ active: false });
  });

  it("names what is wrong with a bad value", () => {
    expect(
      issues(
        rolloutListQuerySchema.safeParse({ active: "yes", listener: `${listener}/rule/rule-1`, limit: "0" }),
      ),
    ).toEqual([
      ["listener", "listener must be a listener ARN"],
      ["active", "active must be 1 or 0"],
      ["limit", "limit must be at least 1"],
    ]);
    expect(issues(rolloutListQuerySchema.safeParse({ active: ["1", "1"] }))).toEqual([
      ["active", "active must be given once"],
    ]);
  });
});

describe("control characters in parameters", () => {
  it("are refused in every text parameter with one issue naming it, before any other check", () => {
    const cases: [string, { safeParse(input: unknown): Parameters<typeof issues>[0] }, unknown][] = [
      ["actor", auditFilterSchema, { actor: "a\u0000b" }],
      ["resource", auditFilterSchema, { resource: "arn:aws:\u0000" }],
      ["operation", auditListQuerySchema, { operation: "Start\u0007" }],
      ["listener", rolloutListQuerySchema, { listener: "arn:aws:vpc-lattice:\u0000/listener/listener-0" }],
      ["id", resourceParamsSchema, { id: ["arn:aws:vpc-lattice:us-east-1:1:x\u0000"] }],
      ["run", topologyQuerySchema, { run: "1\u001f" }],
    ];
    for (const [name, schema, input] of cases) {
      expect(issues(schema.safeParse(input)), name).toEqual([
        [name, `${name} must not contain control characters`],
      ]);
    }
    expect(auditFilterSchema.safeParse({ actor: "zoë \u202e" }).success).toBe(true);
  });
});
