import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/domain/api-errors";
import { openDatabase, type Database } from "../../db/database";
import { createNodePositionRepository } from "../../db/node-positions";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { clearLayout } from "./clear-layout";
import { getLayout, type LayoutDeps } from "./get-layout";
import { saveLayout } from "./save-layout";

const SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const ACCOUNT = "account:222233334444";

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("layout services", () => {
  let testDb: TestDatabase;
  let db: Database;
  let deps: LayoutDeps;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
    deps = { positions: createNodePositionRepository(db.prisma) };
  });

  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  it("saves dragged positions per layout key and returns them on the next visit", async () => {
    expect(await getLayout(deps, "default")).toEqual({ key: "default", positions: [] });
    const saved = await saveLayout(deps, "default", {
      positions: [
        { nodeId: SERVICE, x: 10, y: 20 },
        { nodeId: ACCOUNT, x: -300.5, y: 0 },
        { nodeId: SERVICE, x: 12, y: 24 },
      ],
    });
    expect(saved).toEqual({ saved: 2 });
    const layout = await getLayout(deps, "default");
    expect(layout.positions.map(({ nodeId, x, y }) => ({ nodeId, x, y }))).toEqual([
      { nodeId: ACCOUNT, x: -300.5, y: 0 },
      { nodeId: SERVICE, x: 12, y: 24 },
    ]);
    expect(layout.positions[0]?.updatedAt).toEqual(expect.any(String));
    expect((await getLayout(deps, "history")).positions).toEqual([]);
  });

  it("forgets some nodes or the whole layout", async () => {
    await saveLayout(deps, "reset-me", {
      positions: [
        { nodeId: SERVICE, x: 1, y: 2 },
        { nodeId: ACCOUNT, x: 3, y: 4 },
      ],
    });
    expect(await clearLayout(deps, "reset-me", { nodeIds: [SERVICE] })).toEqual({ cleared: 1 });
    expect((await getLayout(deps, "reset-me")).positions.map((p) => p.nodeId)).toEqual([ACCOUNT]);
    expect(await clearLayout(deps, "reset-me", undefined)).toEqual({ cleared: 1 });
    expect((await getLayout(deps, "reset-me")).positions).toEqual([]);
  });

  it("refuses a bad key or body with a 400 naming the problem, and stores nothing", async () => {
    const badKey = await rejection(getLayout(deps, "../etc"));
    expect(badKey.status).toBe(400);
    expect(badKey.message).toContain("layout key may hold");

    const notFinite = await rejection(
      saveLayout(deps, "default", { positions: [{ nodeId: SERVICE, x: Number.NaN, y: 1 }] }),
    );
    expect(notFinite.status).toBe(400);
    expect(notFinite.issues?.map((issue) => issue.path)).toEqual(["positions.0.x"]);

    const empty = await rejection(saveLayout(deps, "empty", { positions: [] }));
    expect(empty.message).toContain("positions must not be empty");
    const missing = await rejection(saveLayout(deps, "empty", { nodes: [] }));
    expect(missing.status).toBe(400);
    expect((await getLayout(deps, "empty")).positions).toEqual([]);
  });
});
