import { describe, expect, it } from "vitest";
import type { DiffResponse, RelationView, ResourceView } from "@/lib/domain/http/api-responses";
import type { TopologyNode } from "@/lib/domain/topology/topology";
import { buildChangeGraph, changeGraphLayoutRequest } from "./change-graph-model";
import { buildDiffModel, fieldLabel, humanize, isEmptyDiff } from "./diff-model";

const ORDERING = "222233334444";
const PAYMENTS = "333344445555";
const arn = (account: string, resource: string) => `arn:aws:vpc-lattice:us-east-1:${account}:${resource}`;
const SERVICE = arn(ORDERING, "service/svc-0order00000000001");
const LISTENER = `${SERVICE}/listener/listener-0orderhttps000001`;
const RULE = `${LISTENER}/rule/rule-default0000000001`;
const STABLE = arn(ORDERING, "targetgroup/tg-0orderstable00001");
const CANARY = arn(ORDERING, "targetgroup/tg-0ordercanary00001");
const PAYMENT = arn(PAYMENTS, "service/svc-0payment0000000001");

function resource(
  id: string,
  kind: ResourceView["kind"],
  name: string,
  extra: Partial<ResourceView> = {},
): ResourceView {
  return { id, kind, name, accountId: ORDERING, region: "us-east-1", parentId: null, data: {}, ...extra };
}

function node(id: string, kind: TopologyNode["kind"], name: string, parentId?: string): TopologyNode {
  const accountId = id.startsWith("account:") ? id.slice(8) : (id.split(":")[4] ?? ORDERING);
  return { id, kind, name, accountId, region: "us-east-1", data: {}, ...(parentId ? { parentId } : {}) };
}

function forward(target: string, weight: number): RelationView {
  return {
    id: `forward|${RULE}|${target}`,
    kind: "forward",
    source: RULE,
    target,
    accountId: ORDERING,
    region: "us-east-1",
    data: { weight },
  };
}

const ruleData = (stable: number, canary: number) => ({
  action: {
    forward: {
      targetGroups: [
        { targetGroupIdentifier: "tg-0orderstable00001", weight: stable },
        { targetGroupIdentifier: "tg-0ordercanary00001", weight: canary },
      ],
    },
  },
});

const TOPOLOGY: TopologyNode[] = [
  node(`account:${ORDERING}`, "account", "ordering"),
  node(`account:${PAYMENTS}`, "account", "payments"),
  node(SERVICE, "service", "order", `account:${ORDERING}`),
  node(LISTENER, "listener", "https-443", SERVICE),
  node(RULE, "rule", "default", LISTENER),
  node(STABLE, "target-group", "order-stable", `account:${ORDERING}`),
  node(CANARY, "target-group", "order-canary", `account:${ORDERING}`),
];

const WEIGHT_CHANGE: DiffResponse = {
  fromRun: 4,
  toRun: 5,
  resources: {
    added: [],
    removed: [],
    changed: [
      {
        id: RULE,
        before: resource(RULE, "rule", "default", { parentId: LISTENER, data: ruleData(90, 10) }),
        after: resource(RULE, "rule", "default", { parentId: LISTENER, data: ruleData(50, 50) }),
        changes: [
          { path: "data.action.forward.targetGroups[0].weight", kind: "changed", before: 90, after: 50 },
          { path: "data.action.forward.targetGroups[1].weight", kind: "changed", before: 10, after: 50 },
          { path: "data.lastUpdatedAt", kind: "changed", before: "2026-01-05", after: "2026-01-06" },
        ],
      },
    ],
  },
  relations: {
    added: [],
    removed: [],
    changed: [
      {
        id: forward(STABLE, 50).id,
        before: forward(STABLE, 90),
        after: forward(STABLE, 50),
        changes: [{ path: "data.weight", kind: "changed", before: 90, after: 50 }],
      },
    ],
  },
};

describe("buildDiffModel", () => {
  it("groups a weight change under its account and kind, with the rule's parents and target group names", () => {
    const model = buildDiffModel(WEIGHT_CHANGE, TOPOLOGY);
    expect(model.accounts.map((a) => [a.accountId, a.name])).toEqual([[ORDERING, "ordering"]]);
    const [rules] = model.accounts[0]?.kinds ?? [];
    expect(rules?.kind).toBe("rule");
    const entry = rules?.entries[0];
    expect(entry).toMatchObject({ state: "changed", context: ["order", "https-443"], mapRun: 5 });
    expect(entry?.changes.map((c) => [c.label, c.path, c.before, c.after])).toEqual([
      ["Weight for order-stable", "data.action.forward.targetGroups[0].weight", 90, 50],
      ["Weight for order-canary", "data.action.forward.targetGroups[1].weight", 10, 50],
      ["Last updated at", "data.lastUpdatedAt", "2026-01-05", "2026-01-06"],
    ]);
    expect(entry?.relations).toEqual([
      expect.objectContaining({
        state: "changed",
        label: "Forwards to order-stable",
        changes: [expect.objectContaining({ label: "Weight", before: 90, after: 50 })],
      }),
    ]);
    expect(model.highlight).toEqual({ [RULE]: "changed" });
    expect(model.totals.resources).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(model.totals.relations).toEqual({ added: 0, removed: 0, changed: 1 });
  });

  it("carries who caused a change an event re-read recorded: the resource's cause, else one of its relations'", () => {
    const cause = {
      runId: 5,
      change: "changed" as const,
      eventName: "UpdateListener",
      eventSource: "vpc-lattice.amazonaws.com",
      eventTime: "2026-12-08T14:02:00Z",
      actorType: "AssumedRole",
      actorArn: `arn:aws:sts::${ORDERING}:assumed-role/Deployer/ci`,
      auditId: null,
    };
    const own = buildDiffModel({ ...WEIGHT_CHANGE, causes: { [RULE]: cause } }, TOPOLOGY);
    expect(own.accounts[0]?.kinds[0]?.entries[0]?.cause).toEqual(cause);
    const viaEdge = buildDiffModel(
      { ...WEIGHT_CHANGE, causes: { [forward(STABLE, 50).id]: cause } },
      TOPOLOGY,
    );
    expect(viaEdge.accounts[0]?.kinds[0]?.entries[0]?.cause).toEqual(cause);
    expect(buildDiffModel(WEIGHT_CHANGE, TOPOLOGY).accounts[0]?.kinds[0]?.entries[0]?.cause).toBeUndefined();
  });

  it("links a removed resource to the map at the earlier run and a relation-only change to its source", () => {
    const diff: DiffResponse = {
      fromRun: 7,
      toRun: 9,
      resources: {
        added: [resource(PAYMENT, "service", "payment", { accountId: PAYMENTS })],
        removed: [resource(CANARY, "target-group", "order-canary")],
        changed: [],
      },
      relations: { added: [forward(STABLE, 100)], removed: [forward(CANARY, 10)], changed: [] },
    };
    const model = buildDiffModel(
      diff,
      TOPOLOGY.filter((n) => n.id !== CANARY),
    );
    expect(model.accounts.map((a) => a.name)).toEqual(["ordering", "payments"]);
    const ordering = model.accounts[0]?.kinds ?? [];
    expect(ordering.map((g) => g.kind)).toEqual(["rule", "target-group"]);
    const rule = ordering[0]?.entries[0];
    expect(rule).toMatchObject({ state: "connections", mapRun: 9 });
    expect(rule?.relations.map((r) => [r.state, r.label])).toEqual([
      ["added", "Forwards to order-stable"],
      ["removed", "Forwards to order-canary"],
    ]);
    expect(ordering[1]?.entries[0]).toMatchObject({ state: "removed", mapRun: 7 });
    expect(model.highlight).toEqual({ [PAYMENT]: "added", [CANARY]: "removed", [RULE]: "changed" });
  });

  it("knows an empty diff", () => {
    const empty: DiffResponse = {
      fromRun: 1,
      toRun: 2,
      resources: { added: [], removed: [], changed: [] },
      relations: { added: [], removed: [], changed: [] },
    };
    expect(isEmptyDiff(empty)).toBe(true);
    expect(isEmptyDiff(WEIGHT_CHANGE)).toBe(false);
  });
});

describe("fieldLabel", () => {
  const lookup = {
    nameOf: (id: string) => (id.endsWith("tg-0orderstable00001") ? "order-stable" : undefined),
  };

  it("names tags, target group weights and plain fields", () => {
    expect(fieldLabel('data.tags["app.io/team"]', {}, {}, lookup)).toBe("Tag app.io/team");
    expect(fieldLabel("data.tags.team", {}, {}, lookup)).toBe("Tag team");
    const data = { data: ruleData(90, 10) };
    expect(fieldLabel("data.action.forward.targetGroups[0].weight", data, data, lookup)).toBe(
      "Weight for order-stable",
    );
    // An identifier the estate doesn't know is shown as written.
    expect(fieldLabel("data.action.forward.targetGroups[1].weight", data, data, lookup)).toBe(
      "Weight for tg-0ordercanary00001",
    );
    expect(fieldLabel("data.healthCheck.healthyThresholdCount", {}, {}, lookup)).toBe(
      "Healthy threshold count",
    );
    expect(fieldLabel("name", {}, {}, lookup)).toBe("Name");
  });

  it("humanizes camelCase and acronyms", () => {
    expect(humanize("lastUpdatedAt")).toBe("Last updated at");
    expect(humanize("dnsEntry")).toBe("Dns entry");
    expect(humanize("authType")).toBe("Auth type");
    expect(humanize("ARNType")).toBe("Arn type");
  });
});

describe("buildChangeGraph", () => {
  it("draws the changed rule with its service and listener and the target groups it forwards to", () => {
    const model = buildDiffModel(WEIGHT_CHANGE, TOPOLOGY);
    const edges = [
      {
        id: `service-listener|${SERVICE}|${LISTENER}`,
        kind: "service-listener" as const,
        source: SERVICE,
        target: LISTENER,
      },
      {
        id: `listener-rule|${LISTENER}|${RULE}`,
        kind: "listener-rule" as const,
        source: LISTENER,
        target: RULE,
      },
      { id: forward(STABLE, 50).id, kind: "forward" as const, source: RULE, target: STABLE, weight: 50 },
      { id: forward(CANARY, 50).id, kind: "forward" as const, source: RULE, target: CANARY, weight: 50 },
    ];
    const graph = buildChangeGraph(model, edges);
    expect(graph.nodes.map((n) => [n.resource.name, n.state])).toEqual([
      ["order", undefined],
      ["https-443", undefined],
      ["default", "changed"],
      ["order-stable", undefined],
    ]);
    expect(graph.boxes).toEqual([{ id: `box:${ORDERING}`, accountId: ORDERING, name: "ordering" }]);
    // The canary is not a changed relation's end here, so its edge has nowhere to go.
    expect(graph.edges.map((e) => [e.kind, e.state, e.label])).toEqual([
      ["service-listener", undefined, undefined],
      ["listener-rule", undefined, undefined],
      ["forward", "changed", "weight 90 → 50"],
    ]);
    const request = changeGraphLayoutRequest(graph);
    expect(request.boxes[0]?.children.map((c) => c.column)).toEqual([3, 4, 5, 6]);
    expect(request.boxes[0]?.edges).toHaveLength(3);
  });

  it("leaves out changes beyond the limit and says how many", () => {
    const many: DiffResponse = {
      ...WEIGHT_CHANGE,
      resources: {
        added: Array.from({ length: 12 }, (_, i) =>
          resource(arn(ORDERING, `targetgroup/tg-${String(i).padStart(17, "0")}`), "target-group", `tg-${i}`),
        ),
        removed: [],
        changed: [],
      },
      relations: { added: [], removed: [], changed: [] },
    };
    const graph = buildChangeGraph(buildDiffModel(many, TOPOLOGY), [], 5);
    expect(graph.nodes).toHaveLength(5);
    expect(graph.omitted).toBe(7);
  });
});
