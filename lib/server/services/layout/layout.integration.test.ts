import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/domain/http/api-errors";
import type { Principal } from "@/lib/domain/auth/auth";
import { createAuditRepository } from "../../db/audit";
import { openDatabase, type Database } from "../../db/database";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { clearLayout } from "./clear-layout";
import { getLayout, type LayoutDeps } from "./get-layout";
import { saveLayout } from "./save-layout";

const SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const ACCOUNT = "account:222233334444";
const OPERATOR: Principal = {
  id: "op-7",
  name: "Olive Operator",
  email: "olive@example.com",
  role: "operator",
  via: "oidc",
};

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const body = (value: unknown) => JSON.stringify(value);

describe("layout services", () => {
  let testDb: TestDatabase;
  let db: Database;
  let deps: LayoutDeps;

  async function auditOf(operation: string) {
    return createAuditRepository(db.prisma).list({ operation }, { limit: 100 });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
    deps = db;
  });

  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  it("saves dragged positions per layout key and returns them on the next visit", async () => {
    expect(await getLayout(deps, "default")).toEqual({ key: "default", positions: [] });
    const saved = await saveLayout(
      deps,
      OPERATOR,
      "default",
      body({
        positions: [
          { nodeId: SERVICE, x: 10, y: 20 },
          { nodeId: ACCOUNT, x: -300.5, y: 0 },
          { nodeId: SERVICE, x: 12, y: 24 },
        ],
      }),
    );
    expect(saved).toEqual({ saved: 2 });
    const layout = await getLayout(deps, "default");
    expect(layout.positions.map(({ nodeId, x, y }) => ({ nodeId, x, y }))).toEqual([
      { nodeId: ACCOUNT, x: -300.5, y: 0 },
      { nodeId: SERVICE, x: 12, y: 24 },
    ]);
    expect(layout.positions[0]?.updatedAt).toEqual(expect.any(String));
    expect((await getLayout(deps, "history")).positions).toEqual([]);
  });

  it("records each save with the moved nodes' positions before and after, by whom", async () => {
    await saveLayout(deps, OPERATOR, "audited", body({ positions: [{ nodeId: SERVICE, x: 1, y: 2 }] }));
    await saveLayout(
      deps,
      OPERATOR,
      "audited",
      body({
        positions: [
          { nodeId: SERVICE, x: 5, y: 6 },
          { nodeId: ACCOUNT, x: 7, y: 8 },
        ],
      }),
    );
    const [second, first] = (await auditOf("SaveLayout")).filter(
      (entry) => (entry.after as { layout?: string }).layout === "audited",
    );
    expect(first).toMatchObject({
      actor: OPERATOR,
      operation: "SaveLayout",
      result: "applied",
      before: { layout: "audited", positions: { [SERVICE]: null } },
      after: { layout: "audited", positions: { [SERVICE]: { x: 1, y: 2 } } },
    });
    expect(second).toMatchObject({
      before: { layout: "audited", positions: { [ACCOUNT]: null, [SERVICE]: { x: 1, y: 2 } } },
      after: { layout: "audited", positions: { [ACCOUNT]: { x: 7, y: 8 }, [SERVICE]: { x: 5, y: 6 } } },
    });
    expect(second!.resourceArn).toBeUndefined();
  });

  it("forgets some nodes or the whole layout, recording what it forgot", async () => {
    await saveLayout(
      deps,
      OPERATOR,
      "reset-me",
      body({
        positions: [
          { nodeId: SERVICE, x: 1, y: 2 },
          { nodeId: ACCOUNT, x: 3, y: 4 },
        ],
      }),
    );
    expect(await clearLayout(deps, OPERATOR, "reset-me", body({ nodeIds: [SERVICE] }))).toEqual({
      cleared: 1,
    });
    expect((await getLayout(deps, "reset-me")).positions.map((p) => p.nodeId)).toEqual([ACCOUNT]);
    expect(await clearLayout(deps, OPERATOR, "reset-me", "")).toEqual({ cleared: 1 });
    expect((await getLayout(deps, "reset-me")).positions).toEqual([]);

    const [all, one] = await auditOf("ClearLayout");
    expect(one).toMatchObject({
      actor: OPERATOR,
      result: "applied",
      before: { layout: "reset-me", positions: { [SERVICE]: { x: 1, y: 2 } } },
    });
    expect(all).toMatchObject({ before: { layout: "reset-me", positions: { [ACCOUNT]: { x: 3, y: 4 } } } });
    expect(all!.after).toBeUndefined();
  });

  it("refuses a bad key or body with a 400 naming the problem, stores nothing and records the rejection", async () => {
    const badKey = await rejection(getLayout(deps, "../etc"));
    expect(badKey.status).toBe(400);
    expect(badKey.message).toContain("layout key may hold");
    const rejectedBefore = await createAuditRepository(db.prisma).list(
      { result: "rejected" },
      { limit: 100 },
    );
    expect(rejectedBefore, "a read is not a write").toEqual([]);

    const notFinite = await rejection(
      saveLayout(deps, OPERATOR, "default", body({ positions: [{ nodeId: SERVICE, x: "NaN", y: 1 }] })),
    );
    expect(notFinite.status).toBe(400);
    expect(notFinite.issues?.map((issue) => issue.path)).toEqual(["positions.0.x"]);

    const empty = await rejection(saveLayout(deps, OPERATOR, "empty", body({ positions: [] })));
    expect(empty.message).toContain("positions must not be empty");
    const missing = await rejection(saveLayout(deps, OPERATOR, "empty", body({ nodes: [] })));
    expect(missing.status).toBe(400);
    const notJson = await rejection(saveLayout(deps, OPERATOR, "empty", "{positions"));
    expect(notJson.message).toBe("Invalid body: not JSON");
    const badClear = await rejection(clearLayout(deps, OPERATOR, "bad key!", ""));
    expect(badClear.status).toBe(400);
    expect((await getLayout(deps, "empty")).positions).toEqual([]);

    const rejected = await createAuditRepository(db.prisma).list({ result: "rejected" }, { limit: 100 });
    expect(rejected.map((entry) => [entry.operation, entry.message])).toEqual([
      ["ClearLayout", badClear.message],
      ["SaveLayout", "Invalid body: not JSON"],
      ["SaveLayout", missing.message],
      ["SaveLayout", empty.message],
      ["SaveLayout", notFinite.message],
    ]);
    for (const entry of rejected) {
      expect(entry).toMatchObject({ actor: OPERATOR, result: "rejected" });
      expect(entry.before).toBeUndefined();
      expect(entry.after).toBeUndefined();
    }
  });
});
