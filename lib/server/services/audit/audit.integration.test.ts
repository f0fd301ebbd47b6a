import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, parseInput } from "@/lib/domain/http/api-errors";
import { auditFilterSchema, auditListQuerySchema } from "@/lib/domain/http/api-queries";
import type { AuditEntry } from "@/lib/domain/audit/audit";
import { AUDIT_CSV_COLUMNS, MAX_AUDIT_JSON_BYTES, toAuditJson } from "@/lib/domain/audit/audit-log";
import type { Principal } from "@/lib/domain/auth/auth";
import { parseCsv } from "@/lib/domain/text/csv-testing";
import { openDatabase, type Database } from "../../db/database";
import { createHistoryRepository } from "../../db/history";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { EXPORT_PAGE_SIZE, exportAudit } from "./export-audit";
import { listAudit } from "./list-audit";
import { parseOrReject } from "./parse-or-reject";
import { recordAudit } from "./record-audit";

const ORDER = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const PAYMENTS = "arn:aws:vpc-lattice:eu-west-1:333344445555:servicenetwork/sn-0payments000000001";
const ALICE: Principal = {
  id: "alice",
  name: "Alice Admin",
  email: "alice@example.com",
  role: "admin",
  via: "oidc",
};
const OLIVE: Principal = { id: "olive", name: "Olive Operator", role: "operator", via: "alb" };

function list(query: Record<string, string> = {}) {
  return (deps: { prisma: Database["prisma"] }) => listAudit(deps, auditListQuerySchema.parse(query));
}

async function csvOf(db: Database, query: Record<string, string>): Promise<string[][]> {
  const csv = exportAudit(db, auditFilterSchema.parse(query), new Date("2026-11-21T10:00:00Z"));
  expect(csv.filename).toBe("trellis-audit-2026-11-21.csv");
  return parseCsv(await new Response(csv.body).text());
}

describe("audit log", () => {
  let testDb: TestDatabase;
  let db: Database;
  /** Recorded by the first test, oldest first. */
  const recorded: AuditEntry[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase("trellis_audit");
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
  });

  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  it("records who did what to which resource and how it ended, and lists it back newest first", async () => {
    recorded.push(
      await recordAudit(db, {
        actor: ALICE,
        operation: "UpdateListener",
        resourceArn: ORDER,
        before: { defaultAction: { forward: [{ weight: 90 }, { weight: 10 }] } },
        after: { defaultAction: { forward: [{ weight: 50 }, { weight: 50 }] } },
        result: "applied",
        awsRequestId: "6b1c0d7e-1111-4a2b-9c3d-000000000001",
      }),
      await recordAudit(db, {
        actor: OLIVE,
        operation: "PutAuthPolicy",
        resourceArn: PAYMENTS,
        before: { policy: null },
        after: { policy: { Statement: [] } },
        result: "aws-error",
        message: "AccessDeniedException: not authorised",
        awsRequestId: "6b1c0d7e-1111-4a2b-9c3d-000000000002",
      }),
      await recordAudit(db, {
        actor: OLIVE,
        operation: "UpdateListener",
        resourceArn: ORDER,
        result: "conflict",
        message: "The listener changed since it was read",
      }),
      await recordAudit(db, {
        actor: ALICE,
        operation: "StartCrawl",
        after: { runId: 7 },
        result: "applied",
      }),
    );
    expect(recorded[0]).toMatchObject({
      actor: ALICE,
      accountId: "222233334444",
      region: "us-east-1",
      result: "applied",
    });
    expect(recorded[1]).toMatchObject({
      accountId: "333344445555",
      region: "eu-west-1",
      result: "aws-error",
    });
    expect(recorded[3]).not.toHaveProperty("resourceArn");
    expect(recorded[3]).not.toHaveProperty("accountId");
    expect(recorded[3]).not.toHaveProperty("before");

    const page = await list()(db);
    expect(page.nextBefore).toBeNull();
    expect(page.entries).toEqual([...recorded].reverse());
    expect(page.entries[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("filters by actor, operation, resource, account, region, result and time", async () => {
    const ids = async (query: Record<string, string>) =>
      (await list(query)(db)).entries.map((entry) => entry.id).reverse();
    const [listener, policy, conflict, crawl] = recorded.map((entry) => entry.id);
    expect(await ids({ actor: "olive" })).toEqual([policy, conflict]);
    expect(await ids({ operation: "UpdateListener" })).toEqual([listener, conflict]);
    expect(await ids({ resource: ORDER })).toEqual([listener, conflict]);
    expect(await ids({ account: "333344445555" })).toEqual([policy]);
    expect(await ids({ region: "us-east-1" })).toEqual([listener, conflict]);
    expect(await ids({ result: "aws-error" })).toEqual([policy]);
    expect(await ids({ actor: "alice", operation: "UpdateListener", result: "applied" })).toEqual([listener]);
    expect(await ids({ actor: "nobody" })).toEqual([]);

    const at = recorded.map((entry) => entry.at);
    expect(await ids({ from: at[3]! })).toEqual([crawl]);
    expect(await ids({ to: at[0]! })).toEqual([]);
    expect(await ids({ from: "2000-01-01", to: "2999-01-01" })).toEqual([listener, policy, conflict, crawl]);
    expect(await ids({ from: "2999-01-01" })).toEqual([]);
  });

  it("pages with a cursor, in order and without gaps, also among entries of the same instant", async () => {
    // One transaction: every entry gets its start time, so only the id orders them.
    const sameInstant = await db.prisma.$transaction(async (tx) => {
      const entries: AuditEntry[] = [];
      for (let i = 0; i < 5; i++) {
        entries.push(
          await recordAudit({ prisma: tx }, { actor: OLIVE, operation: "SaveLayout", result: "applied" }),
        );
      }
      return entries;
    });
    expect(new Set(sameInstant.map((entry) => entry.at)).size).toBe(1);

    const all = (await list({ limit: "200" })(db)).entries;
    expect(all).toHaveLength(recorded.length + sameInstant.length);
    const seen: AuditEntry[] = [];
    let before: string | null | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: "2", ...(before ? { before } : {}) })(db);
      seen.push(...page.entries);
      before = page.nextBefore;
      pages++;
    } while (before);
    expect(pages).toBe(Math.ceil(all.length / 2));
    expect(seen).toEqual(all);
    const order = all.map((entry) => [entry.at, entry.id] as const);
    expect(order).toEqual([...order].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1)));

    const filtered = await list({ operation: "SaveLayout", limit: "3" })(db);
    expect(filtered.entries.map((entry) => entry.id)).toEqual(
      sameInstant
        .map((entry) => entry.id)
        .reverse()
        .slice(0, 3),
    );
    const rest = await list({ operation: "SaveLayout", limit: "3", before: filtered.nextBefore! })(db);
    expect(rest.entries.map((entry) => entry.id)).toEqual(
      sameInstant
        .map((entry) => entry.id)
        .reverse()
        .slice(3),
    );
    expect(rest.nextBefore).toBeNull();
  });

  it("exports the filtered list as CSV, newest first, with before and after as JSON", async () => {
    const rows = await csvOf(db, { resource: ORDER });
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows.slice(1).map((row) => row[0])).toEqual([String(recorded[2]!.id), String(recorded[0]!.id)]);
    const listener = Object.fromEntries(AUDIT_CSV_COLUMNS.map((column, i) => [column, rows[2]![i]]));
    expect(listener).toMatchObject({
      at: recorded[0]!.at,
      actor_id: "alice",
      actor_name: "Alice Admin",
      actor_email: "alice@example.com",
      actor_role: "admin",
      actor_via: "oidc",
      operation: "UpdateListener",
      resource_arn: ORDER,
      account_id: "222233334444",
      region: "us-east-1",
      result: "applied",
      message: "",
      aws_request_id: "6b1c0d7e-1111-4a2b-9c3d-000000000001",
    });
    expect(JSON.parse(listener.before!)).toEqual(recorded[0]!.before);
    expect(JSON.parse(listener.after!)).toEqual(recorded[0]!.after);
    expect(await csvOf(db, { actor: "nobody" })).toEqual([[...AUDIT_CSV_COLUMNS]]);
  });

  it("streams an export longer than one page, keeping formula-like text inert", async () => {
    const count = EXPORT_PAGE_SIZE * 2 + 345;
    await db.pool.query(
      `INSERT INTO audit_log (at, actor_id, actor_name, actor_role, actor_via, operation, result, message)
       SELECT timestamptz '2026-01-01T00:00:00Z' + make_interval(secs => i / 7.0), 'bulk', '=1+2', 'viewer',
              'none', 'BulkImport', 'applied', 'entry ' || i
       FROM generate_series(1, $1::int) AS i`,
      [count],
    );
    const rows = await csvOf(db, { operation: "BulkImport" });
    expect(rows).toHaveLength(count + 1);
    const messages = rows.slice(1).map((row) => row[AUDIT_CSV_COLUMNS.indexOf("message")]);
    expect(new Set(messages).size).toBe(count);
    expect(messages[0]).toBe(`entry ${count}`);
    expect(messages.at(-1)).toBe("entry 1");
    expect(rows[1]![AUDIT_CSV_COLUMNS.indexOf("actor_name")]).toBe("'=1+2");
  });

  it("is append-only: the database refuses updates, deletes and truncation", async () => {
    for (const statement of [
      "UPDATE audit_log SET result = 'applied' WHERE result = 'aws-error'",
      "DELETE FROM audit_log WHERE operation = 'StartCrawl'",
      "TRUNCATE audit_log",
    ]) {
      await expect(db.pool.query(statement), statement).rejects.toThrow(/audit_log is append-only/);
    }
    expect((await list({ operation: "StartCrawl" })(db)).entries).toHaveLength(1);
  });

  it("stores what PostgreSQL could not (NUL, lone surrogates) and cuts long messages", async () => {
    const entry = await recordAudit(db, {
      actor: { ...OLIVE, name: "Ol\u0000ive" },
      operation: "SaveLayout",
      after: { note: "a\u0000b\uD800" },
      result: "rejected",
      message: "x".repeat(10_000),
    });
    expect(entry.actor.name).toBe("Ol\uFFFDive");
    expect(entry.after).toEqual({ note: "a\uFFFDb\uFFFD" });
    expect(entry.message).toHaveLength(4_000);
    await expect(
      recordAudit(db, { actor: OLIVE, operation: "drop table", result: "applied" }),
    ).rejects.toThrow(/Not an audit operation name/);
  });

  it("keeps a before or after over the limit as its size and SHA-256, so the row stays small", async () => {
    const principals = Array.from({ length: 25_000 }, (_, i) => `arn:aws:iam::${100000000000 + i}:root`);
    const huge = {
      authType: "AWS_IAM",
      policy: { Statement: [{ Effect: "Allow", Principal: { AWS: principals } }] },
    };
    const text = JSON.stringify(toAuditJson(huge));
    expect(text.length).toBeGreaterThan(750_000);
    const small = { authType: "AWS_IAM", policy: null };
    const entry = await recordAudit(db, {
      actor: ALICE,
      operation: "PutAuthPolicy",
      resourceArn: ORDER,
      before: small,
      after: huge,
      result: "rejected",
      message: "The policy is larger than 10,000 characters",
    });
    const digest = createHash("sha256").update(text).digest("hex");
    expect(entry.before).toEqual(small);
    expect(entry.after).toEqual({ truncated: true, bytes: text.length, sha256: digest });
    const { rows } = await db.pool.query<{ size: number }>(
      "SELECT pg_column_size(audit_log.*)::int AS size FROM audit_log WHERE id = $1",
      [entry.id],
    );
    expect(rows[0]!.size).toBeLessThan(2_000);
    const [listed] = (await list({ operation: "PutAuthPolicy", actor: "alice" })(db)).entries;
    expect(listed).toEqual(entry);

    const justFits = { note: "x".repeat(MAX_AUDIT_JSON_BYTES - 11) };
    expect(JSON.stringify(justFits)).toHaveLength(MAX_AUDIT_JSON_BYTES);
    const kept = await recordAudit(db, {
      actor: ALICE,
      operation: "SaveLayout",
      after: justFits,
      result: "applied",
    });
    expect(kept.after).toEqual(justFits);
  });

  it("records a refused input as rejected with its message, and lets the error through", async () => {
    const error = await parseOrReject(db, { actor: OLIVE, operation: "UpdateRule" }, () =>
      parseInput(auditFilterSchema, { account: "12" }, "rule"),
    ).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    const [entry] = (await list({ operation: "UpdateRule" })(db)).entries;
    expect(entry).toMatchObject({
      actor: OLIVE,
      result: "rejected",
      message: "Invalid rule: account: account must be a 12-digit AWS account id",
    });
    expect(await parseOrReject(db, { actor: OLIVE, operation: "UpdateRule" }, () => 42)).toBe(42);
    expect((await list({ operation: "UpdateRule" })(db)).entries).toHaveLength(1);
  });

  it("commits a write and its entry together: when recording fails, the write is undone", async () => {
    const history = createHistoryRepository(db);
    const runsBefore = await history.listRuns({ limit: 500 });
    const failure = await history
      .startRun({ trigger: "manual", queued: true }, async (tx, run) => {
        await recordAudit(
          { prisma: tx },
          { actor: OLIVE, operation: "StartCrawl", after: { runId: run.id }, result: "applied" },
        );
        throw new Error("the audit log is unreachable");
      })
      .catch((reason: unknown) => reason);
    expect(failure).toBeInstanceOf(Error);
    expect(await history.listRuns({ limit: 500 })).toEqual(runsBefore);
    expect((await list({ actor: "olive", operation: "StartCrawl" })(db)).entries).toEqual([]);
  });
});
