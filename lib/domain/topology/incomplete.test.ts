import { describe, expect, it } from "vitest";
import {
  describeUnknownPart,
  expandIncomplete,
  mergeUnreadParts,
  unknownBecause,
  type CoverageRelation,
  type CoverageResource,
  type IncompleteMark,
} from "./incomplete";

const ACCOUNT = "222233334444";
const REGION = "us-east-1";
const SVC = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/svc-0order00000000001`;
const LISTENER = `${SVC}/listener/listener-0https00000001`;
const DEFAULT_RULE = `${LISTENER}/rule/rule-0default000000001`;
const API_RULE = `${LISTENER}/rule/rule-0apiv20000000001`;
const TG = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/tg-0orderstable00001`;
const TARGET = `${TG}/target/10.0.0.1:8080`;
const SN = `arn:aws:vpc-lattice:${REGION}:111122223333:servicenetwork/sn-0retailnetwork001`;
const VPC = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0abc`;
const denied = { message: "not authorized", code: "AccessDeniedException" };

const resource = (id: string, kind: CoverageResource["kind"], parentId?: string): CoverageResource => ({
  id,
  kind,
  accountId: ACCOUNT,
  region: REGION,
  ...(parentId ? { parentId } : {}),
});

const relation = (
  kind: CoverageRelation["kind"],
  source: string,
  target: string,
  data?: Record<string, unknown>,
  accountId = ACCOUNT,
): CoverageRelation => ({
  id: `${kind}|${source}|${target}`,
  kind,
  source,
  accountId,
  region: REGION,
  ...(data ? { data } : {}),
});

const mark = (
  subjectId: string,
  part: IncompleteMark["part"],
  operation: string,
  more: Partial<IncompleteMark> = {},
) =>
  ({
    subjectId,
    subjectType: "resource",
    accountId: ACCOUNT,
    region: REGION,
    part,
    operation,
    ...denied,
    runId: 5,
    keptFromRun: 4,
    ...more,
  }) satisfies IncompleteMark;

const RESOURCES = [
  resource(`account:${ACCOUNT}`, "account"),
  resource(SVC, "service", `account:${ACCOUNT}`),
  resource(LISTENER, "listener", SVC),
  resource(DEFAULT_RULE, "rule", LISTENER),
  resource(API_RULE, "rule", LISTENER),
  resource(TG, "target-group", `account:${ACCOUNT}`),
  resource(TARGET, "target", TG),
];
const RELATIONS = [
  relation("service-listener", SVC, LISTENER),
  relation("listener-rule", LISTENER, DEFAULT_RULE),
  relation("listener-rule", LISTENER, API_RULE),
  relation("forward", DEFAULT_RULE, TG, { weight: 100, isDefault: true, listenerArn: LISTENER }),
  relation("forward", API_RULE, TG, { weight: 100, isDefault: false, listenerArn: LISTENER }),
  relation("tg-target", TG, TARGET),
  relation("sn-vpc", SN, VPC, { vpcId: "vpc-0abc" }),
  relation("sn-vpc", SN, `arn:aws:ec2:${REGION}:111122223333:vpc/vpc-0hub`, {}, "111122223333"),
];

describe("mergeUnreadParts", () => {
  it("keeps the last known value of a part whose read failed, and only of that part", () => {
    const previous = { name: "stable", health: { total: 3 }, tags: { team: "a" } };
    const { data, kept } = mergeUnreadParts(previous, { name: "stable", tags: { team: "b" } }, [
      { part: "targets", operation: "ListTargets", ...denied, keys: ["health"] },
    ]);
    expect(data).toEqual({ name: "stable", health: { total: 3 }, tags: { team: "b" } });
    expect([...kept]).toEqual(["targets"]);
  });

  it("keeps nothing when nothing was known, so a first crawl records only what it read", () => {
    const { data, kept } = mergeUnreadParts(undefined, { name: "stable" }, [
      { part: "targets", operation: "ListTargets", ...denied, keys: ["health"] },
    ]);
    expect(data).toEqual({ name: "stable" });
    expect(kept.size).toBe(0);
  });

  it("prefers what another read returned now over the last known value of a key", () => {
    const { data } = mergeUnreadParts(
      { privateDnsEnabled: false, securityGroupIds: ["sg-1"] },
      { privateDnsEnabled: true },
      [
        {
          part: "detail",
          operation: "GetServiceNetworkVpcAssociation",
          ...denied,
          keys: ["securityGroupIds", "privateDnsEnabled"],
        },
      ],
    );
    expect(data).toEqual({ privateDnsEnabled: true, securityGroupIds: ["sg-1"] });
  });

  it("for a failed detail read keeps the last known detail, fresher listing values, and drops listing-only keys", () => {
    const previous = { arn: TG, status: "ACTIVE", config: { port: 8080 }, tags: {} };
    const listing = {
      arn: TG,
      status: "DELETE_IN_PROGRESS",
      port: 8080,
      vpcIdentifier: "vpc-1",
      tags: { a: "b" },
    };
    const { data, kept } = mergeUnreadParts(previous, listing, [
      {
        part: "detail",
        operation: "GetTargetGroup",
        ...denied,
        fromListing: ["arn", "status", "port", "vpcIdentifier"],
      },
    ]);
    expect(data).toEqual({ arn: TG, status: "DELETE_IN_PROGRESS", config: { port: 8080 }, tags: { a: "b" } });
    expect(kept.has("detail")).toBe(true);
  });
});

describe("expandIncomplete", () => {
  it("puts a mark on its subject, and what its unread listing kept: targets and their relation", () => {
    const { resources, relations } = expandIncomplete(RESOURCES, RELATIONS, [
      mark(TG, "targets", "ListTargets"),
    ]);
    expect(resources.get(TG)).toEqual([
      expect.objectContaining({ part: "targets", operation: "ListTargets" }),
    ]);
    expect(resources.get(TG)?.[0]?.via).toBeUndefined();
    expect(resources.get(TARGET)).toEqual([
      expect.objectContaining({ part: "targets", via: TG, keptFromRun: 4 }),
    ]);
    expect(relations.get(`tg-target|${TG}|${TARGET}`)).toEqual([expect.objectContaining({ via: TG })]);
    expect(resources.has(SVC)).toBe(false);
    expect([...relations.keys()]).toEqual([`tg-target|${TG}|${TARGET}`]);
  });

  it("marks unread rules and their forwards, but not the default forward, which GetListener read", () => {
    const { resources, relations } = expandIncomplete(RESOURCES, RELATIONS, [
      mark(LISTENER, "rules", "ListRules"),
    ]);
    expect(resources.has(API_RULE) && resources.has(DEFAULT_RULE)).toBe(true);
    expect(relations.has(`forward|${API_RULE}|${TG}`)).toBe(true);
    expect(relations.has(`forward|${DEFAULT_RULE}|${TG}`)).toBe(false);
    expect(resources.has(TG)).toBe(false);
  });

  it("marks the default forward when GetListener failed", () => {
    const { relations } = expandIncomplete(RESOURCES, RELATIONS, [mark(LISTENER, "detail", "GetListener")]);
    expect(relations.get(`forward|${DEFAULT_RULE}|${TG}`)).toEqual([
      expect.objectContaining({ via: LISTENER }),
    ]);
    expect(relations.has(`forward|${API_RULE}|${TG}`)).toBe(false);
  });

  it("marks every resource of a kind, and all below it, when the scope's listing of the kind failed", () => {
    const { resources, relations } = expandIncomplete(RESOURCES, RELATIONS, [
      mark(`account:${ACCOUNT}`, "services", "ListServices"),
    ]);
    expect([...resources.keys()].sort()).toEqual(
      [`account:${ACCOUNT}`, API_RULE, DEFAULT_RULE, LISTENER, SVC].sort(),
    );
    expect(relations.has(`forward|${DEFAULT_RULE}|${TG}`)).toBe(true);
    expect(resources.has(TG)).toBe(false);
  });

  it("marks only the associations its own scope records when a network's listing failed", () => {
    const { relations } = expandIncomplete(RESOURCES, RELATIONS, [
      mark(SN, "vpc-associations", "ListServiceNetworkVpcAssociations"),
    ]);
    expect([...relations.keys()]).toEqual([`sn-vpc|${SN}|${VPC}`]);
  });

  it("puts a relation's own mark on it", () => {
    const id = `sn-vpc|${SN}|${VPC}`;
    const { relations } = expandIncomplete(RESOURCES, RELATIONS, [
      mark(id, "detail", "GetServiceNetworkVpcAssociation", { subjectType: "relation" }),
    ]);
    expect(relations.get(id)).toEqual([expect.objectContaining({ part: "detail" })]);
  });
});

describe("describing what is unknown", () => {
  it("names the failed operation and the scope", () => {
    const part = { ...mark(SN, "vpc-associations", "ListServiceNetworkVpcAssociations") };
    expect(unknownBecause([part])).toBe(
      `unknown: ListServiceNetworkVpcAssociations failed in ${ACCOUNT}/${REGION}`,
    );
    expect(unknownBecause([part, part, { ...part, operation: "ListTargets" }])).toBe(
      `unknown: ListServiceNetworkVpcAssociations failed in ${ACCOUNT}/${REGION} and 1 more`,
    );
    expect(unknownBecause([])).toBeUndefined();
  });

  it("says why, and which crawl's value is shown", () => {
    expect(describeUnknownPart(mark(TG, "targets", "ListTargets"))).toBe(
      "Targets and their health unknown. ListTargets failed (AccessDeniedException): not authorized. Shown as last read in crawl 4.",
    );
    expect(describeUnknownPart(mark(TG, "targets", "ListTargets", { keptFromRun: null }))).toMatch(
      /Never read\.$/,
    );
  });
});
