import { describe, expect, it } from "vitest";
import { parseBusEvent, type BusEvent } from "./bus-event";
import { causeOf, mapEvent, planRefresh } from "./refresh-plan";
import { describeCause, scopeFreshnessLabel } from "./freshness";

const ACCT = "222233334444";
const SVC = `arn:aws:vpc-lattice:us-east-1:${ACCT}:service/svc-0order00000000001`;
const LISTENER = `${SVC}/listener/listener-0orderhttps000001`;

function event(name: string, request: Record<string, unknown>, extra: Partial<BusEvent> = {}): BusEvent {
  const body = {
    version: "0",
    id: extra.id ?? `${name}-${JSON.stringify(request)}`,
    "detail-type": "AWS API Call via CloudTrail",
    source: extra.source ?? "aws.vpc-lattice",
    account: ACCT,
    time: extra.time ?? "2026-12-08T14:02:00Z",
    region: "us-east-1",
    resources: [],
    detail: {
      eventName: name,
      eventSource: "vpc-lattice.amazonaws.com",
      eventTime: extra.time ?? "2026-12-08T14:02:00Z",
      awsRegion: "us-east-1",
      recipientAccountId: ACCT,
      requestID: "req-1",
      userIdentity: {
        type: "AssumedRole",
        arn: `arn:aws:sts::${ACCT}:assumed-role/Deployer/ci`,
        accountId: ACCT,
        sessionContext: { sessionIssuer: { arn: `arn:aws:iam::${ACCT}:role/Deployer` } },
      },
      requestParameters: request,
      responseElements: extra.responseElements ?? {},
    },
  };
  const parsed = parseBusEvent(JSON.stringify(body));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

describe("parseBusEvent", () => {
  it("keeps who, what, where and when of a CloudTrail event", () => {
    const e = event("UpdateListener", { serviceIdentifier: "svc-0order00000000001" });
    expect(e).toMatchObject({
      eventName: "UpdateListener",
      account: ACCT,
      region: "us-east-1",
      requestId: "req-1",
      actor: {
        type: "AssumedRole",
        arn: `arn:aws:sts::${ACCT}:assumed-role/Deployer/ci`,
        roleArn: `arn:aws:iam::${ACCT}:role/Deployer`,
      },
    });
  });

  it("refuses what is not an EventBridge event", () => {
    expect(parseBusEvent("nope")).toEqual({ ok: false, reason: "the message body is not JSON" });
    expect(parseBusEvent("{}").ok).toBe(false);
  });
});

describe("mapEvent: the smallest re-read", () => {
  it("UpdateListener re-reads that listener's default action; rule changes the listener and its rules", () => {
    const ids = {
      serviceIdentifier: "svc-0order00000000001",
      listenerIdentifier: "listener-0orderhttps000001",
    };
    expect(mapEvent(event("UpdateListener", ids))).toEqual({
      action: "refresh",
      scope: { accountId: ACCT, region: "us-east-1" },
      targets: [{ kind: "listener-default", serviceArn: SVC, listenerArn: LISTENER }],
    });
    expect(mapEvent(event("UpdateRule", ids))).toMatchObject({
      targets: [{ kind: "listener", serviceArn: SVC, listenerArn: LISTENER }],
    });
  });

  it("RegisterTargets re-reads the group; PutAuthPolicy the service or network it names", () => {
    expect(mapEvent(event("RegisterTargets", { targetGroupIdentifier: "tg-1" }))).toMatchObject({
      targets: [
        { kind: "target-group", targetGroupArn: `arn:aws:vpc-lattice:us-east-1:${ACCT}:targetgroup/tg-1` },
      ],
    });
    expect(mapEvent(event("PutAuthPolicy", { resourceIdentifier: "svc-0order00000000001" }))).toMatchObject({
      targets: [{ kind: "service", serviceArn: SVC }],
    });
    expect(mapEvent(event("PutAuthPolicy", { resourceIdentifier: "sn-1" }))).toMatchObject({
      targets: [{ kind: "service-network" }],
    });
  });

  it("a service association in one account re-reads the network's associations, the network and the service", () => {
    const network = `arn:aws:vpc-lattice:us-east-1:${ACCT}:servicenetwork/sn-1`;
    expect(
      mapEvent(
        event("CreateServiceNetworkServiceAssociation", {
          serviceNetworkIdentifier: "sn-1",
          serviceIdentifier: "svc-0order00000000001",
        }),
      ),
    ).toMatchObject({
      targets: [
        { kind: "sn-associations", serviceNetworkArn: network },
        { kind: "service-network", serviceNetworkArn: network },
        { kind: "service", serviceArn: SVC },
      ],
    });
  });

  it("a service association re-reads the network's associations and the network; owner scope from the ARN", () => {
    const network = "arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-1";
    expect(
      mapEvent(
        event("CreateServiceNetworkServiceAssociation", {
          serviceNetworkIdentifier: network,
          serviceIdentifier: "svc-1",
        }),
      ),
    ).toEqual({
      action: "refresh",
      scope: { accountId: "111122223333", region: "us-east-1" },
      targets: [
        { kind: "sn-associations", serviceNetworkArn: network },
        { kind: "service-network", serviceNetworkArn: network },
      ],
    });
  });

  it("RAM changes re-read the owner's shares; unknown writes crawl the scope; reads are ignored", () => {
    const share = `arn:aws:ram:us-east-1:333344445555:resource-share/abc`;
    expect(
      mapEvent(event("AssociateResourceShare", { resourceShareArn: share }, { source: "aws.ram" })),
    ).toEqual({
      action: "refresh",
      scope: { accountId: "333344445555", region: "us-east-1" },
      targets: [{ kind: "ram-shares" }],
    });
    expect(mapEvent(event("CreateService", { name: "x" }))).toMatchObject({ action: "crawl" });
    expect(mapEvent(event("GetListener", {}))).toMatchObject({ action: "ignore" });
  });
});

describe("planRefresh", () => {
  const ids = {
    serviceIdentifier: "svc-0order00000000001",
    listenerIdentifier: "listener-0orderhttps000001",
  };

  it("counts a duplicate once and collapses a burst for one listener into one re-read, in any order", () => {
    const a = event("UpdateListener", ids, { id: "a", time: "2026-12-08T14:02:01Z" });
    const b = event("UpdateListener", ids, { id: "b", time: "2026-12-08T14:02:02Z" });
    const forward = planRefresh([a, b, a], () => true);
    const backward = planRefresh([b, a], () => true);
    expect(forward.scopes).toHaveLength(1);
    expect(forward.scopes[0]!.targets).toEqual(backward.scopes[0]!.targets);
    expect(forward.scopes[0]!.targets).toHaveLength(1);
    expect(causeOf(forward.scopes[0]!, { id: `${LISTENER}/rule/rule-1`, kind: "rule" })?.id).toBe("b");
  });

  it("a listener's full re-read covers its default; a scope crawl replaces every re-read; unknown scopes are ignored", () => {
    const plan = planRefresh(
      [event("UpdateListener", ids, { id: "a" }), event("CreateRule", ids, { id: "b" })],
      () => true,
    );
    expect(plan.scopes[0]!.targets.map((t) => t.kind)).toEqual(["listener"]);
    const crawl = planRefresh(
      [event("UpdateListener", ids, { id: "a" }), event("CreateService", {}, { id: "c" })],
      () => true,
    );
    expect(crawl.scopes[0]).toMatchObject({ crawl: true, targets: [] });
    expect(planRefresh([event("UpdateListener", ids)], () => false).ignored).toHaveLength(1);
  });
});

describe("describing a cause and freshness", () => {
  const cause = {
    runId: 3,
    change: "changed" as const,
    eventName: "UpdateListener",
    eventSource: "vpc-lattice.amazonaws.com",
    eventTime: "2026-12-08T14:02:09Z",
    actorType: "AssumedRole",
    actorArn: `arn:aws:sts::${ACCT}:assumed-role/Deployer/ci`,
    auditId: null,
  };

  it("says who changed it outside Trellis, or names Trellis's audit entry", () => {
    expect(describeCause(cause)).toBe(
      `changed outside Trellis by arn:aws:sts::${ACCT}:assumed-role/Deployer/ci at 14:02 UTC (UpdateListener)`,
    );
    expect(describeCause({ ...cause, auditId: 12 })).toBe(
      "changed by Trellis at 14:02 UTC (UpdateListener, audit entry #12)",
    );
  });

  it("events live · last event 4 s ago, or crawled 3 min ago", () => {
    const now = Date.parse("2026-12-08T14:05:00Z");
    const scope = {
      accountId: ACCT,
      region: "us-east-1",
      lastEventAt: "2026-12-08T14:04:56Z",
      lastEventName: "UpdateListener",
      lastCrawledAt: "2026-12-08T14:02:00Z",
    };
    expect(scopeFreshnessLabel(scope, true, now)).toBe("events live · last event 4 s ago");
    expect(scopeFreshnessLabel(scope, false, now)).toBe("crawled 3 min ago");
  });
});
