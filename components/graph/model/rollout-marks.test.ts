import { describe, expect, it } from "vitest";
import type { TopologyNode } from "@/lib/domain/topology/topology";
import {
  accountRolloutLines,
  badgeText,
  countdown,
  edgeKey,
  rolloutMarks,
  rolloutTopologyOf,
  type RolloutBadge,
  type RolloutLike,
} from "./rollout-marks";

const SERVICE = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";
const LISTENER = `${SERVICE}/listener/listener-0orderhttps000001`;
const DEFAULT_RULE = `${LISTENER}/rule/rule-0orderdefault0001`;
const API_RULE = `${LISTENER}/rule/rule-0orderapiv2000001`;
const OTHER_LISTENER = `${SERVICE}/listener/listener-0ordergrpc0000001`;
const CANARY = "arn:aws:vpc-lattice:us-east-1:222233334444:targetgroup/tg-0ordercanary00001";
const PAY_SERVICE = "arn:aws:vpc-lattice:us-east-1:333344445555:service/svc-0payment000000001";
const PAY_LISTENER = `${PAY_SERVICE}/listener/listener-0paymenthttps0001`;
const PAY_CANARY = "arn:aws:vpc-lattice:us-east-1:333344445555:targetgroup/tg-0paymentcanary001";

function node(id: string, kind: TopologyNode["kind"], name: string, extra: Partial<TopologyNode> = {}) {
  return { id, kind, name, accountId: "", region: "us-east-1", data: {}, ...extra } as TopologyNode;
}

const topology = rolloutTopologyOf([
  node(SERVICE, "service", "order"),
  node(LISTENER, "listener", "https-443", { parentId: SERVICE }),
  node(DEFAULT_RULE, "rule", "default", { parentId: LISTENER, data: { isDefault: true } }),
  node(API_RULE, "rule", "api-v2", { parentId: LISTENER, data: { isDefault: false, priority: 10 } }),
  node(CANARY, "target-group", "order-canary"),
]);

function rollout(overrides: Partial<RolloutLike> = {}): RolloutLike {
  return {
    id: "r1",
    target: LISTENER,
    listener: LISTENER,
    canary: CANARY,
    steps: [10, 25, 50, 100],
    stepsDone: 2,
    status: "running",
    nextStepAt: "2026-11-21T18:04:12.000Z",
    message: null,
    ...overrides,
  };
}

describe("rolloutTopologyOf", () => {
  it("finds each listener's default rule and the target groups' names", () => {
    expect(topology.defaultRules).toEqual(new Map([[LISTENER, DEFAULT_RULE]]));
    expect(topology.targetGroupNames.get(CANARY)).toBe("order-canary");
  });
});

describe("rolloutMarks", () => {
  it("badges the service, the listener and, for a listener's default action, its default rule", () => {
    const marks = rolloutMarks([rollout()], topology);
    expect([...marks.nodes.keys()]).toEqual([SERVICE, LISTENER, DEFAULT_RULE]);
    expect(marks.nodes.get(SERVICE)).toEqual({
      rolloutId: "r1",
      status: "running",
      service: SERVICE,
      canary: "order-canary",
      stepsDone: 2,
      steps: 4,
      percent: 25,
      nextStepAt: "2026-11-21T18:04:12.000Z",
      message: null,
      others: 0,
    });
  });

  it("marks the canary's forward edge from the rule, and from the service for while its rules are hidden", () => {
    const marks = rolloutMarks([rollout()], topology);
    expect([...marks.edges.keys()]).toEqual([edgeKey(DEFAULT_RULE, CANARY), edgeKey(SERVICE, CANARY)]);
    expect(marks.edges.get(edgeKey(DEFAULT_RULE, CANARY))).toEqual({
      rolloutId: "r1",
      status: "running",
      title: "rollout step 2 of 4 → 25 %",
    });
  });

  it("marks a rule-target rollout on that rule", () => {
    const marks = rolloutMarks([rollout({ target: API_RULE })], topology);
    expect(marks.nodes.has(API_RULE)).toBe(true);
    expect(marks.nodes.has(DEFAULT_RULE)).toBe(false);
    expect(marks.edges.has(edgeKey(API_RULE, CANARY))).toBe(true);
  });

  it("still badges the service and listener when the default rule was not crawled", () => {
    const marks = rolloutMarks([rollout()], { defaultRules: new Map(), targetGroupNames: new Map() });
    expect([...marks.nodes.keys()]).toEqual([SERVICE, LISTENER]);
    expect(marks.nodes.get(SERVICE)?.canary).toBe("tg-0ordercanary00001");
    expect([...marks.edges.keys()]).toEqual([edgeKey(SERVICE, CANARY)]);
  });

  it("shows an active rollout over a newer ended one on the same node, and counts the other active ones", () => {
    const marks = rolloutMarks(
      [
        rollout({ id: "ended", status: "aborted", target: API_RULE, message: "Aborted by Olga" }),
        rollout({ id: "grpc", listener: OTHER_LISTENER, target: OTHER_LISTENER, status: "paused" }),
        rollout({ id: "active" }),
      ],
      topology,
    );
    expect(marks.nodes.get(SERVICE)).toMatchObject({ rolloutId: "grpc", others: 1 });
    expect(marks.nodes.get(LISTENER)).toMatchObject({ rolloutId: "active", others: 0 });
    expect(marks.nodes.get(API_RULE)).toMatchObject({ rolloutId: "ended", others: 0 });
    expect(marks.nodes.get(OTHER_LISTENER)).toMatchObject({ rolloutId: "grpc", others: 0 });
    expect(marks.edges.get(edgeKey(API_RULE, CANARY))?.title).toBe(
      "rollout aborted at step 2 of 4: Aborted by Olga",
    );
    expect(marks.edges.get(edgeKey(SERVICE, CANARY))?.rolloutId).toBe("grpc");
  });

  it("counts rollouts per account box by status", () => {
    const marks = rolloutMarks(
      [
        rollout(),
        rollout({
          id: "p",
          status: "paused",
          listener: PAY_LISTENER,
          target: PAY_LISTENER,
          canary: PAY_CANARY,
        }),
        rollout({
          id: "a",
          status: "aborted",
          listener: PAY_LISTENER,
          target: PAY_LISTENER,
          canary: PAY_CANARY,
        }),
      ],
      topology,
    );
    expect(marks.accounts).toEqual(
      new Map([
        ["account:222233334444", { running: 1, paused: 0, completed: 0, aborted: 0, failed: 0 }],
        ["account:333344445555", { running: 0, paused: 1, completed: 0, aborted: 1, failed: 0 }],
      ]),
    );
  });

  it("titles the edge by where the rollout is", () => {
    const title = (r: Partial<RolloutLike>) =>
      rolloutMarks([rollout(r)], topology).edges.get(edgeKey(DEFAULT_RULE, CANARY))?.title;
    expect(title({ stepsDone: 0 })).toBe("rollout step 1 of 4, first → 10 %");
    expect(title({ status: "paused" })).toBe("rollout step 2 of 4 → 25 % (paused)");
    expect(title({ status: "completed", stepsDone: 4 })).toBe("rollout completed → 100 %");
    expect(title({ status: "failed", message: null })).toBe("rollout failed at step 2 of 4");
  });
});

describe("countdown", () => {
  const at = "2026-11-21T18:00:00.000Z";
  const now = Date.parse(at);
  it("reads minutes and seconds, hours when there are any, and stops at zero", () => {
    expect(countdown(at, now - 252_000)).toBe("4:12");
    expect(countdown(at, now - 5_500)).toBe("0:06");
    expect(countdown(at, now - 3_723_000)).toBe("1:02:03");
    expect(countdown(at, now + 10_000)).toBe("0:00");
  });
});

describe("badgeText", () => {
  const next = "2026-11-21T18:04:12.000Z";
  const now = Date.parse(next) - 252_000;
  const badge = (overrides: Partial<RolloutBadge> = {}): RolloutBadge => ({
    rolloutId: "r1",
    status: "running",
    service: SERVICE,
    canary: "order-canary",
    stepsDone: 2,
    steps: 4,
    percent: 25,
    nextStepAt: next,
    message: null,
    others: 0,
    ...overrides,
  });

  it("reads the canary's share and the step, with the time to the next step beside it while running", () => {
    expect(badgeText(badge(), now)).toEqual({
      text: "Canary 25 % · step 2 of 4",
      next: "4:12",
      label: "Rollout running: canary order-canary at 25 %, step 2 of 4; next step in 4:12",
    });
    expect(badgeText(badge(), undefined)).toEqual({
      text: "Canary 25 % · step 2 of 4",
      label: "Rollout running: canary order-canary at 25 %, step 2 of 4",
    });
    expect(badgeText(badge(), Date.parse(next) + 1_000)).toMatchObject({
      next: "due",
      label: "Rollout running: canary order-canary at 25 %, step 2 of 4; next step due",
    });
    expect(badgeText(badge({ stepsDone: 0, percent: undefined }), now).text).toBe(
      "Canary starting · step 1 of 4",
    );
    expect(badgeText(badge({ others: 1 }), undefined).label).toBe(
      "Rollout running (and 1 more): canary order-canary at 25 %, step 2 of 4",
    );
  });

  it("names paused, completed, aborted and failed, with the message in the label", () => {
    expect(badgeText(badge({ status: "paused", nextStepAt: null }), now)).toEqual({
      text: "Canary 25 % · step 2 of 4 · paused",
      label: "Rollout paused: canary order-canary at 25 %, step 2 of 4",
    });
    expect(badgeText(badge({ status: "completed", stepsDone: 4, percent: 100 }), now).text).toBe(
      "Canary 100 % · completed",
    );
    const aborted = badgeText(
      badge({ status: "aborted", nextStepAt: null, message: "Aborted by Olga. Starting weights restored." }),
      now,
    );
    expect(aborted).toEqual({
      text: "Canary aborted · step 2 of 4",
      label:
        "Rollout aborted: canary order-canary at 25 %, step 2 of 4; Aborted by Olga. Starting weights restored.",
    });
    expect(badgeText(badge({ status: "failed", nextStepAt: null }), now).text).toBe(
      "Canary failed · step 2 of 4",
    );
  });

  it("drops the word Canary on the narrower listener and rule nodes", () => {
    expect(badgeText(badge(), now, "compact")).toMatchObject({ text: "25 % · step 2 of 4", next: "4:12" });
    expect(badgeText(badge({ status: "paused" }), now, "compact").text).toBe("25 % · step 2 of 4 · paused");
    expect(badgeText(badge({ status: "aborted" }), now, "compact").text).toBe("aborted · step 2 of 4");
  });

  it("keeps only what reads when zoomed out, without a countdown", () => {
    expect(badgeText(badge(), now, "short")).toEqual({
      text: "25 % · 2 of 4",
      label: "Rollout running: canary order-canary at 25 %, step 2 of 4; next step in 4:12",
    });
    expect(badgeText(badge({ status: "paused" }), now, "short").text).toBe("paused 25 %");
    expect(badgeText(badge({ status: "aborted" }), now, "short").text).toBe("aborted");
  });
});

describe("accountRolloutLines", () => {
  it("lists active statuses first, in words", () => {
    expect(accountRolloutLines({ running: 1, paused: 0, completed: 3, aborted: 1, failed: 0 })).toEqual([
      { status: "running", text: "1 rollout running" },
      { status: "aborted", text: "1 rollout aborted" },
      { status: "completed", text: "3 rollouts completed" },
    ]);
    expect(accountRolloutLines({ running: 0, paused: 0, completed: 0, aborted: 0, failed: 0 })).toEqual([]);
  });
});
