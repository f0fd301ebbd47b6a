import { describe, expect, it } from "vitest";
import { toDiffResponse, toResourceDetail } from "./api-responses";
import type { EstateDiff, ResourceHistoryEntry, StoredRelation, StoredResource } from "../topology/history";

const LISTENER = "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-1/listener/listener-1";

function version(
  versionId: number,
  port: number,
  validFromRun: number,
  validToRun: number | null,
): StoredResource {
  return {
    versionId,
    validFromRun,
    validToRun,
    id: LISTENER,
    kind: "listener",
    accountId: "111122223333",
    region: "us-east-1",
    name: "http",
    parentId: "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-1",
    data: { port },
    raw: { GetListener: { port, requestId: `r-${versionId}` } },
  };
}

describe("toResourceDetail", () => {
  const history: ResourceHistoryEntry[] = [
    {
      resource: version(1, 80, 1, 3),
      from: { runId: 1, at: "2026-01-01T00:00:00.000Z" },
      to: { runId: 3, at: "2026-01-03T00:00:00.000Z" },
      changes: [],
    },
    {
      resource: version(7, 8080, 3, null),
      from: { runId: 3, at: "2026-01-03T00:00:00.000Z" },
      to: null,
      changes: [{ path: "data.port", kind: "changed", before: 80, after: 8080 }],
    },
  ];

  it("describes the newest version with its raw payloads and lists every version without them", () => {
    const detail = toResourceDetail(history);
    expect(detail?.deleted).toBe(false);
    expect(detail?.resource).toEqual({
      id: LISTENER,
      kind: "listener",
      name: "http",
      accountId: "111122223333",
      region: "us-east-1",
      parentId: "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-1",
      data: { port: 8080 },
    });
    expect(detail?.raw).toEqual({ GetListener: { port: 8080, requestId: "r-7" } });
    expect(
      detail?.history.map((entry) => [entry.versionId, entry.from.runId, entry.to?.runId ?? null]),
    ).toEqual([
      [1, 1, 3],
      [7, 3, null],
    ]);
    expect(detail?.history[1]?.changes).toEqual([
      { path: "data.port", kind: "changed", before: 80, after: 8080 },
    ]);
    for (const entry of detail?.history ?? []) expect(entry).not.toHaveProperty("raw");
  });

  it("marks a resource whose newest version was closed as deleted", () => {
    expect(toResourceDetail(history.slice(0, 1))?.deleted).toBe(true);
  });

  it("has nothing to describe without versions", () => {
    expect(toResourceDetail([])).toBeUndefined();
  });
});

describe("toDiffResponse", () => {
  it("keeps ids, both sides and the changes, dropping version bookkeeping", () => {
    const relation: StoredRelation = {
      versionId: 4,
      validFromRun: 1,
      validToRun: null,
      id: "service-listener|a|b",
      kind: "service-listener",
      source: "a",
      target: "b",
      accountId: "111122223333",
      region: "us-east-1",
      data: {},
    };
    const diff: EstateDiff = {
      fromRun: 1,
      toRun: 3,
      resources: {
        added: [],
        removed: [],
        changed: [
          {
            before: version(1, 80, 1, 3),
            after: version(7, 8080, 3, null),
            changes: [{ path: "data.port", kind: "changed", before: 80, after: 8080 }],
          },
        ],
      },
      relations: { added: [relation], removed: [], changed: [] },
    };
    const response = toDiffResponse(diff);
    expect(response.resources.changed).toEqual([
      {
        id: LISTENER,
        before: expect.objectContaining({ data: { port: 80 } }),
        after: expect.objectContaining({ data: { port: 8080 } }),
        changes: [{ path: "data.port", kind: "changed", before: 80, after: 8080 }],
      },
    ]);
    expect(response.resources.changed[0]?.before).not.toHaveProperty("raw");
    expect(response.resources.changed[0]?.before).not.toHaveProperty("versionId");
    expect(response.relations.added).toEqual([
      {
        id: "service-listener|a|b",
        kind: "service-listener",
        source: "a",
        target: "b",
        accountId: "111122223333",
        region: "us-east-1",
        data: {},
      },
    ]);
  });
});
