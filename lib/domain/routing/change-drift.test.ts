import { describe, expect, it } from "vitest";
import { driftOf } from "./change-drift";
import type { ChangeRequest, ListenerState } from "./change-types";

const L =
  "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001/listener/listener-0orderhttps000001";
const fwd = (w: number) => ({
  forward: { targetGroups: [{ targetGroupIdentifier: "tg-0orderstable00001", weight: w }] },
});
const base: ListenerState = {
  arn: L,
  name: "https",
  serviceArn: L.split("/listener")[0]!,
  serviceName: "order",
  protocol: "HTTPS",
  rules: [
    { arn: `${L}/rule/rule-0default0000000001`, name: "default", isDefault: true, action: fwd(1) },
    { arn: `${L}/rule/rule-0a000000000000001`, name: "a", isDefault: false, priority: 10, action: fwd(2) },
    { arn: `${L}/rule/rule-0b000000000000001`, name: "b", isDefault: false, priority: 20, action: fwd(3) },
  ],
};
const withRule = (index: number, patch: object): ListenerState => ({
  ...base,
  rules: base.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)),
});

describe("driftOf", () => {
  const onListener: ChangeRequest = { kind: "forward", target: L, after: { action: fwd(5) } };

  it("is empty when what the change depends on is as planned, whatever else moved", () => {
    expect(driftOf(onListener, base, withRule(1, { priority: 11 })).rules).toEqual([]);
  });

  it("names the default rule when the listener's action changed since the plan", () => {
    expect(driftOf(onListener, base, withRule(0, { action: fwd(9) })).rules.map((r) => r.name)).toEqual([
      "default",
    ]);
  });

  it("ignores key order, as stored JSON comes back in another", () => {
    const reordered = withRule(1, {
      action: { forward: { targetGroups: [{ weight: 2, targetGroupIdentifier: "tg-0orderstable00001" }] } },
    });
    expect(driftOf({ kind: "delete-rule", target: base.rules[1]!.arn }, base, reordered).rules).toEqual([]);
  });

  it("counts a rule that took the wanted priority after the plan, and a rule that went", () => {
    const move: ChangeRequest = { kind: "rule", target: base.rules[1]!.arn, after: { priority: 30 } };
    expect(driftOf(move, base, withRule(2, { priority: 30 })).rules.map((r) => r.name)).toEqual(["b"]);
    const gone = { ...base, rules: base.rules.filter((_, i) => i !== 1) };
    expect(driftOf(move, base, gone).rules).toMatchObject([{ name: "a", live: null }]);
  });
});
