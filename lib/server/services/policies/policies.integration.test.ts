import {
  GetAuthPolicyCommand,
  GetServiceCommand,
  PutAuthPolicyCommand,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/domain/auth/auth";
import { organizationOf } from "@/lib/domain/config/config";
import { latticeForApply } from "../../aws/account-clients";
import type { Emulator } from "@trellis/aws-emulator";
import type { Topology } from "@/lib/domain/topology/topology";
import type { CrawlEnvironment } from "../../config/load-config";
import type { Database } from "../../db/database";
import { demoLattice, latestTopology, startDemoStack, type DemoStack } from "../../testing/demo-stack";
import { testContext } from "../../testing/test-deps";
import { applyPolicy } from "./apply-policy";
import type { ServicesContext } from "../context";
import { diffPolicy } from "./diff-policy";
import { simulateAccess } from "./simulate-access";
import { validatePolicy } from "./validate-policy";

const admin: Principal = { id: "ad-1", name: "Ada Admin", role: "admin", via: "oidc" };
const PAYMENT = "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0payment000000001";
const NOTIFICATION = "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0notification0001";
const ORDER_SERVICE_ROLE = "arn:aws:iam::222233334444:role/order-service";
const WRITES = ["PutAuthPolicy", "DeleteAuthPolicy", "UpdateService", "UpdateServiceNetwork"];

/** The seed's payment policy with the action fixed and the order-service role of the ordering account admitted. */
const admitOrderService = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "OrderServiceMayPay",
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::222233334444:role/order-task-role", ORDER_SERVICE_ROLE] },
      Action: "vpc-lattice-svcs:Invoke",
      Resource: "*",
    },
  ],
};

describe("auth policies against the demo emulator", () => {
  let stack: DemoStack;
  let db: Database;
  let emulator: Emulator;
  let env: CrawlEnvironment;
  let topology: Topology;
  let deps: ServicesContext;
  let payments: VPCLatticeClient;
  let trail: DemoStack["trail"];
  /** Lattice operations the policy services sent, in order. */
  const sent: string[] = [];

  beforeAll(async () => {
    stack = await startDemoStack("trellis_policies");
    ({ db, emulator, env, trail } = stack);
    topology = await latestTopology(stack.history);
    deps = testContext({
      db,
      topology: async () => topology,
      organization: organizationOf(env.config),
      lattice(accountId, region) {
        const client = latticeForApply(env, accountId, region);
        client?.middlewareStack.add(
          (next, context) => async (args) => {
            sent.push(String(context.commandName).replace(/Command$/, ""));
            return next(args);
          },
          { step: "initialize", name: "recordOperationOrder" },
        );
        return client;
      },
      recrawl: async () => 42,
    });
    payments = demoLattice(emulator.url, "payments");
  });

  afterAll(async () => {
    payments?.destroy();
    await stack?.stop();
  });

  beforeEach(async () => {
    await stack.reset();
    sent.length = 0;
  });

  function writesMade(): number {
    const byOperation = emulator.calls.snapshot().byOperation;
    return WRITES.reduce((n, op) => n + (byOperation[`vpc-lattice:${op}`] ?? 0), 0);
  }

  async function livePolicy(arn: string): Promise<string | null> {
    return payments
      .send(new GetAuthPolicyCommand({ resourceIdentifier: arn }))
      .then((out) => out.policy ?? null)
      .catch(() => null);
  }

  async function liveAuthType(arn: string): Promise<string | undefined> {
    return (await payments.send(new GetServiceCommand({ serviceIdentifier: arn }))).authType;
  }

  async function paymentBase() {
    const policy = await livePolicy(PAYMENT);
    return { authType: "AWS_IAM" as const, policy };
  }

  it("validates the seed's payment policy and points at the management-plane action", async () => {
    const policy = await livePolicy(PAYMENT);
    emulator.calls.reset();
    const result = await validatePolicy(deps, { scope: { arn: PAYMENT }, policy });
    if (result.status !== "ok") throw new Error(JSON.stringify(result));
    expect(result.findings.map((f) => f.id)).toContain("action-control-plane");
    const invalid = await validatePolicy(deps, { scope: { arn: "arn:aws:s3:::bucket" }, policy: "{}" });
    expect(invalid).toMatchObject({ status: "invalid", errors: [{ field: "scope.arn" }] });
    expect(emulator.calls.snapshot().total).toBe(0);
  });

  it("diffs against the live policy: the admitted role gains access to payment, nobody loses it", async () => {
    const result = await diffPolicy(deps, { scope: { arn: PAYMENT }, after: admitOrderService });
    if (result.status !== "ok") throw new Error(JSON.stringify(result));
    const { diff } = result;
    expect(diff.beforeSource).toBe("live");
    expect(diff.before.authType).toBe("AWS_IAM");
    expect(diff.before.policy).toBe(await livePolicy(PAYMENT));
    expect(diff.verdict).toBe("changes");
    const gained = diff.gains.filter((g) => g.principal.id === ORDER_SERVICE_ROLE);
    expect(gained.length).toBeGreaterThan(0);
    expect(gained.every((g) => g.service.name === "payment")).toBe(true);
    const reachable = gained.filter((g) => g.reachable);
    expect(reachable.map((g) => g.example.sourceVpc)).toContain("vpc-02222000000000001");
    expect(reachable[0]?.after).toMatchObject({
      layer: "service",
      decision: "allow",
      statement: { sid: "OrderServiceMayPay" },
    });
    expect(diff.losses).toEqual([]);
    expect(diff.textDiff.lines.filter((l) => l.kind === "added").map((l) => l.text.trim())).toEqual(
      expect.arrayContaining(['"Action": "vpc-lattice-svcs:Invoke",']),
    );
    expect(diff.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(writesMade()).toBe(0);
  });

  it("applies the reviewed policy minified, audits both documents and re-crawls", async () => {
    const base = await paymentBase();
    const result = await applyPolicy(deps, admin, {
      scope: { arn: PAYMENT },
      base,
      after: { authType: "AWS_IAM", policy: JSON.stringify(admitOrderService, null, 2) },
    });
    expect(result).toEqual({
      status: "applied",
      result: { steps: [{ operation: "PutAuthPolicy", requestId: expect.any(String) }], crawlRunId: 42 },
    });
    expect(await livePolicy(PAYMENT)).toBe(JSON.stringify(admitOrderService));
    expect((await trail.outcomes()).at(-1)).toMatchObject({
      actor: { id: "ad-1" },
      operation: "PutAuthPolicy",
      resourceArn: PAYMENT,
      result: "applied",
      before: { authType: "AWS_IAM", policy: { Statement: [{ Action: "vpc-lattice:Invoke" }] } },
      after: { authType: "AWS_IAM", policy: admitOrderService },
    });
  });

  it("answers 409 with the live policy and a re-based diff when AWS changed since the review", async () => {
    const base = await paymentBase();
    const edited = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { ...admitOrderService.Statement[0], Principal: { AWS: "arn:aws:iam::222233334444:root" } },
      ],
    });
    await payments.send(new PutAuthPolicyCommand({ resourceIdentifier: PAYMENT, policy: edited }));
    const writesBefore = writesMade();
    const result = await applyPolicy(deps, admin, {
      scope: { arn: PAYMENT },
      base,
      after: { authType: "AWS_IAM", policy: admitOrderService },
    });
    if (result.status !== "conflict") throw new Error(JSON.stringify(result));
    expect(result.live).toEqual({ authType: "AWS_IAM", policy: edited });
    // Against the live policy, which admits the whole ordering account, narrowing to two roles loses access.
    expect(result.losses.map((l) => l.principal.label)).toContain(
      "any identity in ordering (222233334444) but role order-service and role order-task-role",
    );
    expect(result.textDiff.removed).toBeGreaterThan(0);
    expect(writesMade()).toBe(writesBefore);
    expect(await livePolicy(PAYMENT)).toBe(edited);
    expect((await trail.outcomes()).at(-1)).toMatchObject({
      result: "conflict",
      after: { policy: JSON.parse(edited) },
    });
  });

  it("refuses a policy with errors with 422 and its findings, without calling AWS", async () => {
    const base = await paymentBase();
    emulator.calls.reset();
    const result = await applyPolicy(deps, admin, {
      scope: { arn: PAYMENT },
      base,
      after: {
        authType: "AWS_IAM",
        policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"vpc-lattice-svcs:Invoke"',
      },
    });
    expect(result).toMatchObject({
      status: "rejected",
      findings: [{ id: "json-syntax", severity: "error" }],
    });
    const statementless = await applyPolicy(deps, admin, {
      scope: { arn: PAYMENT },
      base,
      after: { authType: "AWS_IAM", policy: { Version: "2012-10-17", Statement: [] } },
    });
    expect(statementless).toMatchObject({ status: "rejected", findings: [{ id: "statement-empty" }] });
    const malformed = await applyPolicy(deps, admin, { scope: { arn: PAYMENT }, after: {} });
    expect(malformed.status).toBe("invalid");
    expect(emulator.calls.snapshot().total).toBe(0);
    expect(sent).toEqual([]);
    expect((await trail.outcomes()).map((a) => a.result)).toEqual(["rejected", "rejected"]);
  });

  it("needs Principal '*' without a condition confirmed, and makes no write until it is", async () => {
    const wide = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" }],
    };
    const body = {
      scope: { arn: PAYMENT },
      base: await paymentBase(),
      after: { authType: "AWS_IAM", policy: wide },
    };
    const unconfirmed = await applyPolicy(deps, admin, body);
    expect(unconfirmed).toMatchObject({
      status: "invalid",
      errors: [{ field: "confirm", message: expect.stringContaining("principal-wildcard-open") }],
    });
    expect(writesMade()).toBe(0);
    const confirmed = await applyPolicy(deps, admin, { ...body, confirm: ["principal-wildcard-open"] });
    expect(confirmed.status).toBe("applied");
    expect(writesMade()).toBe(1);
  });

  it("switching to AWS_IAM writes the policy first; back to NONE switches before deleting it", async () => {
    expect(await liveAuthType(NOTIFICATION)).toBe("NONE");
    const policy = {
      ...admitOrderService,
      Statement: [{ ...admitOrderService.Statement[0], Sid: "Notify" }],
    };
    const on = await applyPolicy(deps, admin, {
      scope: { arn: NOTIFICATION },
      base: { authType: "NONE", policy: null },
      after: { authType: "AWS_IAM", policy },
    });
    expect(on).toMatchObject({
      status: "applied",
      result: { steps: [{ operation: "PutAuthPolicy" }, { operation: "UpdateService" }] },
    });
    expect(sent.filter((op) => WRITES.includes(op))).toEqual(["PutAuthPolicy", "UpdateService"]);
    expect(await liveAuthType(NOTIFICATION)).toBe("AWS_IAM");

    sent.length = 0;
    const off = await applyPolicy(deps, admin, {
      scope: { arn: NOTIFICATION },
      base: { authType: "AWS_IAM", policy },
      after: { authType: "NONE", policy: null },
    });
    expect(off).toMatchObject({ status: "applied" });
    expect(sent.filter((op) => WRITES.includes(op))).toEqual(["UpdateService", "DeleteAuthPolicy"]);
    expect(await liveAuthType(NOTIFICATION)).toBe("NONE");
    expect(await livePolicy(NOTIFICATION)).toBeNull();
    expect((await trail.outcomes()).at(-1)).toMatchObject({
      operation: "DeleteAuthPolicy",
      after: { authType: "NONE", policy: null },
    });
  });

  it("needs AWS_IAM without a policy confirmed: it denies everything", async () => {
    const body = {
      scope: { arn: PAYMENT },
      base: await paymentBase(),
      after: { authType: "AWS_IAM", policy: null },
    };
    expect(await applyPolicy(deps, admin, body)).toMatchObject({
      status: "invalid",
      errors: [{ field: "confirm", message: expect.stringContaining("auth-iam-without-policy") }],
    });
    expect(writesMade()).toBe(0);
    const confirmed = await applyPolicy(deps, admin, { ...body, confirm: ["auth-iam-without-policy"] });
    expect(confirmed).toMatchObject({
      status: "applied",
      result: { steps: [{ operation: "DeleteAuthPolicy" }] },
    });
  });

  it("simulates a request: allowed from an associated VPC, denied from one that is not connected", async () => {
    const query = {
      principal: "arn:aws:iam::222233334444:role/inventory-pod-role",
      method: "GET",
      path: "/orders/1",
      service: "order",
    };
    const allowed = await simulateAccess(deps, { ...query, sourceVpc: "vpc-02222000000000002" });
    if (allowed.status !== "ok") throw new Error(JSON.stringify(allowed));
    expect(allowed.simulation.decision).toBe("allow");
    expect(allowed.simulation.trace.map((s) => s.step)).toEqual(["connectivity", "network", "service"]);
    const denied = await simulateAccess(deps, { ...query, sourceVpc: "vpc-02222000000000e01" });
    expect(denied).toMatchObject({
      status: "ok",
      simulation: {
        decision: "deny",
        trace: [{ step: "connectivity", connected: false }, { step: "service" }],
      },
    });
    expect(await simulateAccess(deps, { ...query, sourceVpc: "" })).toMatchObject({ status: "invalid" });
  });
});
