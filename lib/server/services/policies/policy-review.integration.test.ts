import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { organizationOf } from "@/lib/domain/config/config";
import { buildTopology, type Topology } from "@/lib/domain/topology/topology";
import { demoEnvironment, type CrawlEnvironment } from "../../config/load-config";
import { testContext } from "../../testing/test-deps";
import { openDatabase, type Database } from "../../db/database";
import { createHistoryRepository, type HistoryRepository } from "../../db/history";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { latticeForApply } from "../../aws/account-clients";
import { listCrawls } from "../crawls/list-crawls";
import { crawlAndRecord } from "../../testing/record-crawl";
import type { ServicesContext } from "../context";
import { diffPolicy } from "./diff-policy";
import { targetOrError } from "./policy-context";
import { runReview } from "./review-pool";
import { reviewInputFromTopology } from "@/lib/domain/policy/review/review-input";
import { validatePolicy } from "./validate-policy";

const PAYMENT = "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0payment000000001";
const ORDER = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const APP = "arn:aws:iam::222233334444:role/App";

const allowApp = (extra: Record<string, unknown> = {}) => ({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: APP }, Action: "vpc-lattice-svcs:Invoke", Resource: "*", ...extra },
  ],
});

/** A policy naming as many accounts as fit in 10,000 characters without whitespace. */
function widestPolicy(): Record<string, unknown> {
  const accounts: string[] = [];
  const doc = () => ({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: accounts }, Action: "vpc-lattice-svcs:Invoke", Resource: "*" },
    ],
  });
  while (JSON.stringify(doc()).length + 15 <= 10_000)
    accounts.push(String(100_000_000_000 + accounts.length * 7919));
  return doc();
}

describe("the access review over the demo", () => {
  let testDb: TestDatabase;
  let db: Database;
  let emulator: Emulator;
  let env: CrawlEnvironment;
  let history: HistoryRepository;
  let topology: Topology;
  let deps: ServicesContext;
  let topologyReads = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase("trellis_policy_review");
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
    emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    env = await demoEnvironment(emulator.url);
    history = createHistoryRepository(db);
    await crawlAndRecord(history, env);
    const estate = await history.estateAt("latest");
    topology = buildTopology(estate!.resources, estate!.relations, estate!.scopes);
    deps = testContext({
      db,
      topology: async () => {
        topologyReads++;
        return topology;
      },
      organization: organizationOf(env.config),
      lattice: (accountId, region) => latticeForApply(env, accountId, region),
      recrawl: async () => undefined,
    });
  });

  afterAll(async () => {
    await emulator?.close();
    await db?.stop();
    await testDb?.drop();
  });

  it("a RequestMethod = GET condition loses every other method (the issue's API case)", async () => {
    const result = await diffPolicy(deps, {
      scope: { arn: PAYMENT },
      before: allowApp(),
      authTypeBefore: "AWS_IAM",
      after: allowApp({ Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": "GET" } } }),
    });
    if (result.status !== "ok") throw new Error(JSON.stringify(result));
    expect(result.diff.verdict).toBe("changes");
    expect(result.diff.gains).toEqual([]);
    const today = result.diff.losses.filter((l) => l.reachable);
    expect(today).toHaveLength(1);
    expect(today[0]).toMatchObject({
      principal: { id: APP },
      service: { name: "payment" },
      request: { description: expect.stringContaining("any method but GET") },
      example: { method: "POST" },
    });
  });

  it("a document that does not parse gets its parse error and no verdict", async () => {
    const result = await diffPolicy(deps, {
      scope: { arn: PAYMENT },
      after: '{"Version": "2012-10-17", "Statement": [',
    });
    if (result.status !== "ok") throw new Error(JSON.stringify(result));
    expect(result.diff).toMatchObject({ verdict: "not-evaluated", gains: [], losses: [] });
    expect(result.diff.notEvaluated?.message).toMatch(
      /^The proposed policy cannot be evaluated: it is not valid JSON/,
    );
    expect(result.diff.findings.map((f) => f.id)).toEqual(["json-syntax"]);
  });

  it("finds what validate finds, where validate finds it, for text as typed and minified", async () => {
    const typed = `{
  "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Principal": "*",
         "Action": "vpc-lattice:Invoke", "Resource": "*"}]
}`;
    const minified = JSON.stringify(JSON.parse(typed));
    for (const policy of [typed, minified]) {
      const validated = await validatePolicy(deps, { scope: { arn: PAYMENT }, policy, authType: "AWS_IAM" });
      const diffed = await diffPolicy(deps, {
        scope: { arn: PAYMENT },
        after: policy,
        authTypeAfter: "AWS_IAM",
      });
      if (validated.status !== "ok" || diffed.status !== "ok") throw new Error("not ok");
      expect(diffed.diff.findings).toEqual(validated.findings);
    }
    const diffed = await diffPolicy(deps, { scope: { arn: PAYMENT }, after: minified });
    if (diffed.status !== "ok") throw new Error("not ok");
    expect(diffed.diff.findings.map((f) => f.id)).not.toContain("policy-newlines");
    const control = diffed.diff.findings.find((f) => f.id === "action-control-plane");
    expect(control).toMatchObject({ line: 1 });
  });

  it("accepts the ARNs of crawled scopes, refuses others by shape or by the crawl", () => {
    expect(targetOrError(PAYMENT, topology)).toMatchObject({ target: { kind: "service", arn: PAYMENT } });
    const odd = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-Odd_Id-0001";
    const withOdd: Topology = {
      ...topology,
      nodes: [
        ...topology.nodes,
        { id: odd, kind: "service", name: "odd", accountId: "222233334444", region: "us-east-1", data: {} },
      ],
    };
    expect(targetOrError(odd, withOdd)).toMatchObject({ target: { kind: "service", arn: odd } });
    expect(targetOrError(odd, topology)).toEqual({
      errors: [{ field: "scope.arn", message: "no service with this ARN in the latest crawl" }],
    });
    expect(targetOrError("arn:aws:s3:::bucket", topology)).toMatchObject({
      errors: [{ field: "scope.arn" }],
    });
  });

  it("refuses a policy over 10,000 characters before any other work, as text or as a document", async () => {
    const big = widestPolicy();
    (big.Statement as { Principal: { AWS: string[] } }[])[0]?.Principal.AWS.push("999999999999");
    for (const after of [big, JSON.stringify(big)]) {
      topologyReads = 0;
      const result = await diffPolicy(deps, { scope: { arn: PAYMENT }, after });
      expect(result).toMatchObject({
        status: "invalid",
        errors: [{ field: "after", message: expect.stringMatching(/^the policy is 10,0\d\d characters/) }],
      });
      expect(topologyReads).toBe(0);
    }
  });

  it("reviews the widest policy that fits off the request thread: the crawl list answers meanwhile", async () => {
    const policy = widestPolicy();
    expect(JSON.stringify(policy).length).toBeLessThanOrEqual(10_000);
    const events: string[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const diff = diffPolicy(deps, {
      scope: { arn: ORDER },
      before: null,
      authTypeBefore: "AWS_IAM",
      after: policy,
      authTypeAfter: "AWS_IAM",
    }).then((r) => {
      events.push(`diff:${r.status}`);
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const ticksWhileReviewing = ticks;
    await listCrawls(history, { limit: 20 }).then(() => events.push("crawls"));
    const result = await diff;
    clearInterval(timer);
    expect(events).toEqual(["crawls", "diff:ok"]);
    expect(ticksWhileReviewing).toBeGreaterThan(0);
    if (result.status !== "ok") throw new Error(JSON.stringify(result));
    // Every account named is outside the organisation, which the network's policy requires: decided, no change.
    expect(result.diff).toMatchObject({ verdict: "no-change", gains: [], losses: [], undecided: [] });
  });

  it("answers a review that outlasts its time budget with a clear error instead of waiting", async () => {
    const input = reviewInputFromTopology(
      topology,
      { kind: "service", arn: ORDER },
      {
        before: { authType: "AWS_IAM", policy: null },
        after: { authType: "AWS_IAM", policy: widestPolicy() },
      },
      deps.organization,
    );
    expect(await runReview(input, 0)).toEqual({
      ok: false,
      reason: "timeout",
      message:
        "the access review took longer than 10 s and was stopped; narrow the policy or review it in parts",
    });
    expect(await runReview(input)).toMatchObject({ ok: true });
  });
});
