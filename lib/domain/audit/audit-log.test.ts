import { describe, expect, it } from "vitest";
import type { AuditEntry } from "./audit";
import {
  arnScope,
  AUDIT_CSV_COLUMNS,
  auditCsvFilename,
  auditCsvHeader,
  auditCsvRecord,
  auditFilterInput,
  boundedAuditJson,
  formatAuditCursor,
  parseAuditCursor,
  MAX_AUDIT_JSON_BYTES,
  toAuditJson,
} from "./audit-log";

const SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";

describe("toAuditJson", () => {
  it("keeps what JSON keeps and drops what JSON drops", () => {
    expect(
      toAuditJson({
        runId: 7,
        name: "orders",
        gone: undefined,
        list: [1, undefined, "x"],
        nested: { ok: true, nothing: null },
        when: new Date("2026-11-21T16:18:45.123Z"),
        big: 12345678901234567890n,
        infinite: Number.POSITIVE_INFINITY,
      }),
    ).toEqual({
      runId: 7,
      name: "orders",
      list: [1, null, "x"],
      nested: { ok: true, nothing: null },
      when: "2026-11-21T16:18:45.123Z",
      big: "12345678901234567890",
      infinite: null,
    });
    expect(toAuditJson(undefined)).toBeUndefined();
    expect(toAuditJson(null)).toBeNull();
  });

  it("makes text storable in PostgreSQL: no NUL, no lone surrogates", () => {
    expect(toAuditJson({ "k\u0000": "a\u0000b\uD800" })).toEqual({ "k\uFFFD": "a\uFFFDb\uFFFD" });
  });

  it("keeps a __proto__ key as data", () => {
    const json = toAuditJson(JSON.parse('{"__proto__": {"x": 1}}'));
    expect(JSON.stringify(json)).toBe('{"__proto__":{"x":1}}');
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
  });

  it("cuts off a cycle instead of recursing forever", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const json = JSON.stringify(toAuditJson(cyclic));
    expect(json.startsWith('{"name":"loop","self":{"name":"loop"')).toBe(true);
    expect(json).toContain('"self":null');
  });
});

describe("arnScope", () => {
  it("reads account and region from an ARN", () => {
    expect(arnScope(SERVICE)).toEqual({ accountId: "222233334444", region: "us-east-1" });
    expect(arnScope("arn:aws:iam::111122223333:role/Trellis")).toEqual({ accountId: "111122223333" });
    expect(arnScope("account:111122223333")).toEqual({});
    expect(arnScope("arn:aws:s3:::bucket")).toEqual({});
  });
});

describe("audit cursors", () => {
  it("round-trip time and id", () => {
    const cursor = formatAuditCursor({ at: "2026-11-21T16:18:45.123Z", id: 42 });
    expect(cursor).toBe("2026-11-21T16:18:45.123Z_42");
    expect(parseAuditCursor(cursor)).toEqual({ at: "2026-11-21T16:18:45.123Z", id: 42 });
  });

  it("refuse anything else", () => {
    for (const text of [
      "",
      "42",
      "2026-11-21T16:18:45.123Z",
      "2026-11-21T16:18:45.123Z_",
      "2026-11-21T16:18:45.123Z_-1",
      "2026-11-21T25:18:45.123Z_1",
      "2026-11-21T16:18:45.123Z_99999999999999999",
    ]) {
      expect(parseAuditCursor(text), text).toBeUndefined();
    }
  });
});

describe("audit CSV", () => {
  const entry: AuditEntry = {
    id: 3,
    at: "2026-11-21T16:18:45.123Z",
    actor: {
      id: "u-1",
      name: '=Mallory, "the" admin',
      email: "m@example.com",
      role: "operator",
      via: "oidc",
    },
    operation: "SaveLayout",
    resourceArn: SERVICE,
    accountId: "222233334444",
    region: "us-east-1",
    before: { positions: { a: null } },
    after: { positions: { a: { x: -1, y: 2 } } },
    result: "applied",
  };

  it("has one header field per column", () => {
    expect(auditCsvHeader()).toBe(`${AUDIT_CSV_COLUMNS.join(",")}\r\n`);
  });

  it("writes an entry in column order, quoted and formula-safe, with before and after as JSON", () => {
    expect(auditCsvRecord(entry)).toBe(
      [
        "3",
        "2026-11-21T16:18:45.123Z",
        "u-1",
        '"\'=Mallory, ""the"" admin"',
        "m@example.com",
        "operator",
        "oidc",
        "SaveLayout",
        SERVICE,
        "222233334444",
        "us-east-1",
        "applied",
        "",
        "",
        '"{""positions"":{""a"":null}}"',
        '"{""positions"":{""a"":{""x"":-1,""y"":2}}}"',
        "",
        "",
        "",
      ].join(",") + "\r\n",
    );
  });

  it("ends an outcome's record with the intent it settles, its change and its rollout", () => {
    const outcome = {
      ...entry,
      intentId: 2,
      changeId: "6f1c2a9e-0000-4000-8000-000000000001",
      rolloutId: "6f1c2a9e-0000-4000-8000-000000000002",
    };
    expect(auditCsvRecord(outcome).trimEnd().split(",").slice(-3)).toEqual([
      "2",
      "6f1c2a9e-0000-4000-8000-000000000001",
      "6f1c2a9e-0000-4000-8000-000000000002",
    ]);
  });

  it("names the file after the UTC day", () => {
    expect(auditCsvFilename(new Date("2026-11-21T23:59:59.999Z"))).toBe("trellis-audit-2026-11-21.csv");
  });
});

describe("auditFilterInput", () => {
  it("keeps the known filters given once with a value, trimmed", () => {
    expect(
      auditFilterInput(
        new URLSearchParams("operation=StartCrawl&actor=%20local%20&run=3&result=&region=a&region=b"),
      ),
    ).toEqual({ operation: "StartCrawl", actor: "local" });
    expect(auditFilterInput({ resource: SERVICE, account: ["1", "2"], to: undefined, limit: "5" })).toEqual({
      resource: SERVICE,
    });
  });
});

describe("boundedAuditJson", () => {
  const fakeHash = (text: string) => `hash-of-${text.length}`;

  it("keeps a value whose JSON fits, as toAuditJson stores it", () => {
    const value = { policy: { Statement: [{ Principal: "*" }] }, when: new Date(0), gone: undefined };
    expect(boundedAuditJson(value, fakeHash)).toEqual(toAuditJson(value));
    expect(boundedAuditJson(undefined, fakeHash)).toBeUndefined();
    const exactly = { p: "x".repeat(MAX_AUDIT_JSON_BYTES - 8) };
    expect(JSON.stringify(exactly)).toHaveLength(MAX_AUDIT_JSON_BYTES);
    expect(boundedAuditJson(exactly, fakeHash)).toEqual(exactly);
  });

  it("keeps only the size and hash of a larger one, counting UTF-8 bytes", () => {
    const principals = Array.from({ length: 25_000 }, (_, i) => `arn:aws:iam::${100000000000 + i}:root`);
    const policy = { Statement: [{ Effect: "Allow", Principal: { AWS: principals } }] };
    const text = JSON.stringify(policy);
    expect(boundedAuditJson(policy, fakeHash)).toEqual({
      truncated: true,
      bytes: text.length,
      sha256: `hash-of-${text.length}`,
    });
    const wide = { p: "é".repeat(MAX_AUDIT_JSON_BYTES / 2) };
    expect(boundedAuditJson(wide, fakeHash)).toEqual({
      truncated: true,
      bytes: MAX_AUDIT_JSON_BYTES + 8,
      sha256: expect.any(String),
    });
    expect(boundedAuditJson({ a: "abc" }, fakeHash, 5)).toEqual({
      truncated: true,
      bytes: 11,
      sha256: "hash-of-11",
    });
  });
});
