import { describe, expect, it } from "vitest";
import { describeMatch, routingTable } from "./routing-table";
import { buildTopology, type TopologyResourceInput } from "../topology/topology";

const ACCT = "222233334444";
const svc = `arn:aws:vpc-lattice:us-east-1:${ACCT}:service/svc-0order00000000001`;
const https = `${svc}/listener/listener-0orderhttps000001`;
const http = `${svc}/listener/listener-0orderhttp0000001`;
const tg = (id: string) => `arn:aws:vpc-lattice:us-east-1:${ACCT}:targetgroup/${id}`;

function res(
  id: string,
  kind: TopologyResourceInput["kind"],
  name: string,
  data: Record<string, unknown>,
  parentId?: string,
): TopologyResourceInput {
  return { id, kind, accountId: ACCT, region: "us-east-1", name, ...(parentId ? { parentId } : {}), data };
}

const forward = (...groups: [string, number][]) => ({
  forward: { targetGroups: groups.map(([id, weight]) => ({ targetGroupIdentifier: id, weight })) },
});
const targets = (group: string, ...statuses: string[]) =>
  statuses.map((status, i) =>
    res(`${tg(group)}/target/10.0.0.${i}:8080`, "target", `10.0.0.${i}`, { status }, tg(group)),
  );

const topology = buildTopology(
  [
    res(svc, "service", "order", {}),
    res(https, "listener", "https-443", { protocol: "HTTPS", port: 443 }, svc),
    // Rules listed in no particular order: the table sorts them.
    res(
      `${https}/rule/rule-0ordercanary00001`,
      "rule",
      "canary-header",
      {
        isDefault: false,
        priority: 20,
        match: { httpMatch: { headerMatches: [{ name: "x-canary", match: { exact: "true" } }] } },
        action: forward(["tg-0ordercanary00001", 100]),
      },
      https,
    ),
    res(
      `${https}/rule/rule-default0000001`,
      "rule",
      "default",
      { isDefault: true, action: forward(["tg-0orderstable00001", 90], ["tg-0ordercanary00001", 10]) },
      https,
    ),
    res(
      `${https}/rule/rule-0orderapiv2000001`,
      "rule",
      "api-v2",
      {
        isDefault: false,
        priority: 10,
        match: { httpMatch: { method: "GET", pathMatch: { match: { prefix: "/api/v2" } } } },
        action: forward([tg("tg-0orderv2000000001"), 100]),
      },
      https,
    ),
    // No rules crawled for this listener: its default action still shows.
    res(
      http,
      "listener",
      "http-80",
      { protocol: "HTTP", defaultAction: { fixedResponse: { statusCode: 404 } } },
      svc,
    ),
    res(tg("tg-0orderstable00001"), "target-group", "order-stable", { health: { total: 2 } }),
    res(tg("tg-0ordercanary00001"), "target-group", "order-canary", { health: { total: 2 } }),
    res(tg("tg-0orderv2000000001"), "target-group", "order-v2", { health: { total: 1 } }),
    ...targets("tg-0orderstable00001", "HEALTHY", "HEALTHY"),
    ...targets("tg-0ordercanary00001", "HEALTHY", "UNHEALTHY"),
    ...targets("tg-0orderv2000000001", "INITIAL"),
  ],
  [],
);

describe("routingTable", () => {
  const rows = routingTable(topology, svc);

  it("lists listeners by port and rules by priority, the default rule last", () => {
    expect(rows.map((r) => [r.listenerName, r.port, r.ruleName, r.priority, r.isDefault])).toEqual([
      ["http-80", 80, "default", null, true],
      ["https-443", 443, "api-v2", 10, false],
      ["https-443", 443, "canary-header", 20, false],
      ["https-443", 443, "default", null, true],
    ]);
  });

  it("describes matches and actions in words", () => {
    expect(rows.map((r) => [r.matchText, r.actionText])).toEqual([
      ["any other request", "fixed response 404"],
      ["GET /api/v2* (prefix)", "forward to order-v2"],
      ["header x-canary = true", "forward to order-canary"],
      ["any other request", "forward to order-stable 90 % · order-canary 10 %"],
    ]);
    expect(rows[0]?.ruleId).toBeNull();
  });

  it("gives each target its weight, share and effective share", () => {
    const split = rows[3]?.targets.map((t) => [t.name, t.weight, t.sharePercent, t.effectivePercent]);
    expect(split).toEqual([
      ["order-stable", 90, 90, 90],
      ["order-canary", 10, 10, 10],
    ]);
    expect(rows[3]?.targets[1]?.targetGroupId).toBe(tg("tg-0ordercanary00001"));
    expect(rows[3]?.targets[1]?.health).toMatchObject({ total: 2, serving: 1 });
  });

  it("flags a rule whose only target group has no healthy target", () => {
    expect(rows[1]).toMatchObject({ failing: true });
    expect(rows[1]?.targets[0]).toMatchObject({
      sharePercent: 100,
      effectivePercent: 0,
      noHealthyTarget: true,
    });
    expect(rows[3]?.failing).toBe(false);
  });

  it("is empty for a service without listeners", () => {
    expect(routingTable(topology, "arn:aws:vpc-lattice:us-east-1:1:service/svc-none")).toEqual([]);
  });
});

describe("describeMatch", () => {
  it("joins method, path and headers", () => {
    expect(
      describeMatch({
        httpMatch: {
          method: "POST",
          pathMatch: { match: { exact: "/refunds" }, caseSensitive: false },
          headerMatches: [
            { name: "x-env", match: { exact: "canary" }, caseSensitive: true },
            { name: "x-team", match: { prefix: "pay" } },
            { name: "user-agent", match: { contains: "bot" } },
          ],
        },
      }),
    ).toBe(
      "POST /refunds (exact) (case-insensitive) · header x-env = canary (case-sensitive) · header x-team starts with pay · header user-agent contains bot",
    );
    expect(describeMatch(undefined)).toBe("any request");
  });
});

describe("routingTable when the last crawl could not read everything", () => {
  const mark = (subjectId: string, part: "rules" | "detail" | "listeners", operation: string) => ({
    subjectId,
    subjectType: "resource" as const,
    accountId: ACCT,
    region: "us-east-1",
    part,
    operation,
    message: "not authorized",
    runId: 2,
    keptFromRun: null,
  });
  const listenerOnly = [
    res(svc, "service", "order", {}),
    res(https, "listener", "https-443", { protocol: "HTTPS", port: 443 }, svc),
    res(tg("tg-0orderstable00001"), "target-group", "order-stable", {}),
    res(tg("tg-0ordercanary00001"), "target-group", "order-canary", {}),
  ];
  const fromListener = (target: string, weight: number) => ({
    id: `forward|${https}|${tg(target)}`,
    kind: "forward" as const,
    source: https,
    target: tg(target),
    data: { weight, isDefault: true, listenerArn: https },
  });

  it("shows the default action GetListener returned, and says the rules are unknown", () => {
    const first = buildTopology(
      listenerOnly,
      [fromListener("tg-0orderstable00001", 90), fromListener("tg-0ordercanary00001", 10)],
      [],
      [mark(https, "rules", "ListRules")],
    );
    const rows = routingTable(first, svc);
    expect(rows.map((r) => [r.ruleName, r.isDefault, r.actionText, r.unknown])).toEqual([
      [
        "rules",
        false,
        `unknown: ListRules failed in ${ACCT}/us-east-1`,
        `unknown: ListRules failed in ${ACCT}/us-east-1`,
      ],
      ["default", true, "forward to order-stable 90 % · order-canary 10 %", undefined],
    ]);
  });

  it("says a rule whose detail could not be read is unknown, instead of calling it failing", () => {
    const rule = `${https}/rule/rule-0orderapiv2000001`;
    const partial = buildTopology(
      [...listenerOnly, res(rule, "rule", "api-v2", { isDefault: false, priority: 10 }, https)],
      [],
      [],
      [mark(rule, "detail", "GetRule")],
    );
    const [row] = routingTable(partial, svc);
    expect(row).toMatchObject({
      ruleName: "api-v2",
      matchText: "unknown",
      actionText: "unknown",
      failing: false,
      unknown: `unknown: GetRule failed in ${ACCT}/us-east-1`,
    });
  });

  it("keeps the default action, read from GetListener, known when only the rules listing failed", () => {
    const rule = `${https}/rule/rule-0orderapiv2000001`;
    const defaultRule = `${https}/rule/rule-default0000001`;
    const kept = buildTopology(
      [
        ...listenerOnly,
        res(
          rule,
          "rule",
          "api-v2",
          { isDefault: false, priority: 10, action: forward(["tg-0ordercanary00001", 1]) },
          https,
        ),
        res(
          defaultRule,
          "rule",
          "default",
          { isDefault: true, action: forward(["tg-0orderstable00001", 1]) },
          https,
        ),
      ],
      [],
      [],
      [mark(https, "rules", "ListRules")],
    );
    const rows = routingTable(kept, svc);
    expect(rows.map((r) => [r.ruleName, r.unknown])).toEqual([
      ["api-v2", `unknown: ListRules failed in ${ACCT}/us-east-1`],
      ["rules", `unknown: ListRules failed in ${ACCT}/us-east-1`],
      ["default", undefined],
    ]);
  });
});
