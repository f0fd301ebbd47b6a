import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ListListenersCommand,
  ListServiceNetworksCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListServicesCommand,
  ListTargetGroupsCommand,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { topologyQuerySchema } from "@/lib/domain/http/api-queries";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import type { CrawlRunDetail, Estate, StoredRelation, StoredResource } from "@/lib/domain/topology/history";
import { expandIncomplete } from "@/lib/domain/topology/incomplete";
import type { Runtime } from "../runtime";
import { getTopology } from "../services/topology/get-topology";
import { crawlAndWait, createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "./testing";
import { startCrawlWorker, type CrawlWorker } from "./worker";

const HUB_KEYS = { accessKeyId: "AKIATRELLISDEMOHUB01", secretAccessKey: "trellis-demo-secret-hub" };
const ORDERING = "222233334444";
const DENIED = ["ListTargets", "GetServiceNetworkVpcAssociation", "ListRules"] as const;

/** What ListTargetGroups, ListListeners and ListServiceNetworkVpcAssociations return to ordering's crawler. */
interface Listed {
  targetGroups: string[];
  listeners: string[];
  /** VPC associations of the networks ordering owns, as `network|vpc node id`. */
  vpcAssociations: string[];
}

async function listedAsOrdering(emu: Emulator, region: string): Promise<Listed> {
  const sts = new STSClient({ region, endpoint: emu.url, credentials: HUB_KEYS });
  const role = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${ORDERING}:role/TrellisCrawler`,
      RoleSessionName: "test",
    }),
  );
  const lattice = new VPCLatticeClient({
    region,
    endpoint: emu.url,
    credentials: {
      accessKeyId: role.Credentials?.AccessKeyId ?? "",
      secretAccessKey: role.Credentials?.SecretAccessKey ?? "",
      sessionToken: role.Credentials?.SessionToken ?? "",
    },
  });
  const own = (arn: string | undefined): arn is string => !!arn && arn.split(":")[4] === ORDERING;
  const groups = await lattice.send(new ListTargetGroupsCommand({}));
  const services = await lattice.send(new ListServicesCommand({}));
  const listeners: string[] = [];
  for (const service of services.items ?? []) {
    if (!own(service.arn)) continue;
    const out = await lattice.send(new ListListenersCommand({ serviceIdentifier: service.arn }));
    listeners.push(...(out.items ?? []).flatMap((l) => (l.arn ? [l.arn] : [])));
  }
  const networks = await lattice.send(new ListServiceNetworksCommand({}));
  const vpcAssociations: string[] = [];
  for (const network of networks.items ?? []) {
    if (!own(network.arn)) continue;
    const out = await lattice.send(
      new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: network.arn }),
    );
    for (const a of out.items ?? []) {
      vpcAssociations.push(`${network.arn}|arn:aws:ec2:${region}:${a.createdBy}:vpc/${a.vpcId}`);
    }
  }
  sts.destroy();
  lattice.destroy();
  return {
    targetGroups: (groups.items ?? []).flatMap((g) => (own(g.arn) ? [g.arn] : [])).sort(),
    listeners: listeners.sort(),
    vpcAssociations: vpcAssociations.sort(),
  };
}

function content(items: (StoredResource | StoredRelation)[]) {
  return items
    .map(({ versionId: _v, validFromRun: _f, validToRun: _t, ...rest }) => rest)
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function estate(runtime: Runtime): Promise<Estate> {
  const latest = await runtime.history.estateAt("latest");
  if (!latest) throw new Error("no estate");
  return latest;
}

async function topology(runtime: Runtime): Promise<TopologyResponse> {
  return (await getTopology(runtime, topologyQuerySchema.parse({}))).topology;
}

function versionsWritten(run: CrawlRunDetail) {
  return run.scopes.reduce((sum, s) => sum + s.versionsAdded + s.versionsClosed, 0);
}

describe("a first crawl whose role may not call ListTargets, GetServiceNetworkVpcAssociation or ListRules", () => {
  let emu: Emulator;
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let worker: CrawlWorker;
  let listed: Record<string, Listed>;
  let partial: CrawlRunDetail;
  let partialEstate: Estate;
  let partialTopology: TopologyResponse;

  const denyOrdering = () =>
    emu.faults.set({
      accessDenied: DENIED.map((operation) => ({
        accountId: ORDERING,
        operation: `vpc-lattice:${operation}`,
      })),
    });

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    runtimes = await createTestRuntimes();
    runtime = await runtimes.add(await testCrawlEnvironment(emu.url, { maxAttempts: 2 }));
    worker = await startCrawlWorker(runtime, { concurrency: 4, pollingIntervalSeconds: 0.5 });
    listed = {
      "us-east-1": await listedAsOrdering(emu, "us-east-1"),
      "eu-west-1": await listedAsOrdering(emu, "eu-west-1"),
    };
    denyOrdering();
    partial = await crawlAndWait(runtime);
    partialEstate = await estate(runtime);
    partialTopology = await topology(runtime);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await runtimes?.stop();
    await emu?.close();
  });

  it("ends partial, with exactly one error per failed read, all of them ordering's denied calls", () => {
    expect(partial.status).toBe("partial");
    const ordering = partial.scopes.filter((s) => s.accountId === ORDERING);
    expect(ordering.map((s) => s.status)).toEqual(["partial", "partial"]);
    expect(partial.scopes.filter((s) => s.accountId !== ORDERING).every((s) => s.status === "ok")).toBe(true);
    const all = Object.values(listed);
    const expected = {
      ListTargets: all.flatMap((l) => l.targetGroups).sort(),
      ListRules: all.flatMap((l) => l.listeners).sort(),
      GetServiceNetworkVpcAssociation: all.flatMap((l) => l.vpcAssociations).length,
    };
    expect(expected.ListTargets.length).toBeGreaterThan(4);
    expect(expected.ListRules.length).toBeGreaterThan(2);
    expect(expected.GetServiceNetworkVpcAssociation).toBeGreaterThan(0);
    const errors = partial.errors;
    expect(errors.every((e) => e.accountId === ORDERING && e.code === "AccessDeniedException")).toBe(true);
    const of = (operation: string) => errors.filter((e) => e.operation === operation);
    expect(
      of("ListTargets")
        .map((e) => e.resource)
        .sort(),
    ).toEqual(expected.ListTargets);
    expect(
      of("ListRules")
        .map((e) => e.resource)
        .sort(),
    ).toEqual(expected.ListRules);
    expect(of("GetServiceNetworkVpcAssociation")).toHaveLength(expected.GetServiceNetworkVpcAssociation);
    expect(errors).toHaveLength(
      expected.ListTargets.length + expected.ListRules.length + expected.GetServiceNetworkVpcAssociation,
    );
  });

  it("stores every listed target group with what was read, and marks its targets unknown", () => {
    const byId = new Map(partialEstate.resources.map((r) => [r.id, r]));
    for (const arn of Object.values(listed).flatMap((l) => l.targetGroups)) {
      const group = byId.get(arn);
      expect(group, arn).toMatchObject({ kind: "target-group", accountId: ORDERING });
      expect(group?.data).toMatchObject({ arn, config: expect.any(Object), tags: expect.any(Object) });
      expect(group?.data.health).toBeUndefined();
      const marks = partialEstate.incomplete?.filter((m) => m.subjectId === arn);
      expect(marks).toEqual([
        expect.objectContaining({
          part: "targets",
          operation: "ListTargets",
          keptFromRun: null,
          runId: partial.id,
        }),
      ]);
    }
    expect(partialEstate.resources.filter((r) => r.kind === "target" && r.accountId === ORDERING)).toEqual(
      [],
    );
  });

  it("serves them on /api/topology with their known fields and what is unknown", () => {
    const nodes = new Map(partialTopology.nodes.map((n) => [n.id, n]));
    for (const arn of Object.values(listed).flatMap((l) => l.targetGroups)) {
      expect(nodes.get(arn)).toMatchObject({
        kind: "target-group",
        data: { arn },
        incomplete: [
          expect.objectContaining({
            part: "targets",
            operation: "ListTargets",
            accountId: ORDERING,
            code: "AccessDeniedException",
          }),
        ],
      });
    }
    for (const arn of Object.values(listed).flatMap((l) => l.listeners)) {
      expect(nodes.get(arn)).toMatchObject({
        kind: "listener",
        data: { arn, protocol: expect.any(String) },
        incomplete: [expect.objectContaining({ part: "rules", operation: "ListRules" })],
      });
    }
    for (const key of Object.values(listed).flatMap((l) => l.vpcAssociations)) {
      const [network, vpc] = key.split("|");
      const edge = partialTopology.edges.find(
        (e) => e.kind === "sn-vpc" && e.source === network && e.target === vpc,
      );
      expect(edge, key).toMatchObject({
        data: { status: "ACTIVE", vpcId: expect.stringMatching(/^vpc-/) },
        incomplete: [
          expect.objectContaining({ part: "detail", operation: "GetServiceNetworkVpcAssociation" }),
        ],
      });
      expect(edge?.data?.securityGroupIds).toBeUndefined();
    }
    const scopes = partialTopology.scopes.filter((s) => s.accountId === ORDERING);
    expect(scopes.every((s) => s.status === "partial" && !s.stale)).toBe(true);
  });

  it("draws the default actions' forward edges and weights from GetListener", () => {
    const listeners = Object.values(listed).flatMap((l) => l.listeners);
    for (const listener of listeners) {
      const forwards = partialTopology.edges.filter((e) => e.kind === "forward" && e.source === listener);
      expect(forwards.length, listener).toBeGreaterThan(0);
      for (const edge of forwards) {
        expect(edge).toMatchObject({ data: { isDefault: true, listenerArn: listener } });
        expect(edge.weight).toEqual(expect.any(Number));
        expect(edge.incomplete).toBeUndefined();
      }
    }
    const order = listeners.find((l) => l.includes("svc-0order00000000001"));
    const weights = partialTopology.edges
      .filter((e) => e.kind === "forward" && e.source === order)
      .map((e) => [e.target.split("/").at(-1), e.weight]);
    expect(Object.fromEntries(weights)).toEqual({ "tg-0orderstable00001": 90, "tg-0ordercanary00001": 10 });
    const service = partialTopology.nodes.find((n) => n.id.endsWith(":service/svc-0order00000000001"));
    expect(service?.health).toBeUndefined();
  });

  describe("then", () => {
    let clean: CrawlRunDetail;
    let cleanEstate: Estate;
    let cleanTopology: TopologyResponse;
    let again: CrawlRunDetail;
    let deniedAgain: CrawlRunDetail;

    beforeAll(async () => {
      emu.faults.set({});
      clean = await crawlAndWait(runtime);
      cleanEstate = await estate(runtime);
      cleanTopology = await topology(runtime);
      again = await crawlAndWait(runtime);
      denyOrdering();
      deniedAgain = await crawlAndWait(runtime);
      emu.faults.set({});
    }, 120_000);

    it("a clean crawl clears the marks and writes only what the failed reads had left unknown", async () => {
      expect(clean.status).toBe("ok");
      expect(cleanEstate.incomplete).toEqual([]);
      expect(cleanTopology.nodes.filter((n) => n.incomplete)).toEqual([]);
      expect(cleanTopology.edges.filter((e) => e.incomplete)).toEqual([]);
      expect(clean.scopes.filter((s) => s.accountId !== ORDERING).every((s) => s.versionsAdded === 0)).toBe(
        true,
      );

      const diff = await runtime.history.diff(partial.id, clean.id);
      if (!diff) throw new Error("no diff");
      const unknown = expandIncomplete(
        partialEstate.resources,
        partialEstate.relations,
        partialEstate.incomplete ?? [],
      );
      const marked = new Set([...unknown.resources.keys(), ...unknown.relations.keys()]);
      const listeners = new Set(Object.values(listed).flatMap((l) => l.listeners));
      // What the clean crawl read for the first time hangs below a marked target group or listener.
      const explained = (item: { id: string }, parent: string | null | undefined) =>
        marked.has(item.id) || (!!parent && (marked.has(parent) || listeners.has(parent)));
      const byId = new Map(cleanEstate.resources.map((r) => [r.id, r]));
      for (const r of diff.resources.added) {
        const parent = r.parentId ? byId.get(r.parentId)?.parentId : undefined;
        expect(explained(r, r.parentId) || explained(r, parent), r.id).toBe(true);
      }
      for (const { after } of diff.resources.changed) expect(marked.has(after.id), after.id).toBe(true);
      expect(diff.resources.removed).toEqual([]);
      for (const rel of diff.relations.added) {
        expect(explained(rel, rel.source) || explained(rel, byId.get(rel.source)?.parentId), rel.id).toBe(
          true,
        );
      }
      for (const { after } of diff.relations.changed) expect(marked.has(after.id), after.id).toBe(true);
      // The only relations gone are the default forwards that started at a listener: now at its default rule.
      for (const rel of diff.relations.removed) {
        expect(rel).toMatchObject({ kind: "forward", data: { isDefault: true, listenerArn: rel.source } });
        const moved = cleanEstate.relations.find(
          (r) =>
            r.kind === "forward" &&
            r.target === rel.target &&
            r.data.listenerArn === rel.source &&
            r.data.isDefault,
        );
        expect(moved?.data.weight).toBe(rel.data.weight);
        expect(byId.get(moved?.source ?? "")).toMatchObject({ kind: "rule", parentId: rel.source });
      }
      expect(diff.resources.changed.map((c) => c.after.kind).sort()).toContain("target-group");
      expect(diff.relations.changed.map((c) => c.after.kind)).toContain("sn-vpc");
    });

    it("an unchanged re-crawl writes 0 versions", () => {
      expect(again.status).toBe("ok");
      expect(versionsWritten(again)).toBe(0);
    });

    it("a later crawl whose reads fail again keeps the last known values, marked with the crawl that read them", async () => {
      expect(deniedAgain.status).toBe("partial");
      expect(versionsWritten(deniedAgain)).toBe(0);
      const after = await estate(runtime);
      expect(content(after.resources)).toEqual(content(cleanEstate.resources));
      expect(content(after.relations)).toEqual(content(cleanEstate.relations));
      const marks = after.incomplete ?? [];
      expect(marks.length).toBeGreaterThan(0);
      expect(marks.every((m) => m.runId === deniedAgain.id && m.keptFromRun === again.id)).toBe(true);

      const served = await topology(runtime);
      const canary = served.nodes.find((n) => n.id.endsWith(":targetgroup/tg-0ordercanary00001"));
      expect(canary).toMatchObject({
        health: { total: expect.any(Number) },
        incomplete: [expect.objectContaining({ part: "targets", keptFromRun: again.id })],
      });
      const target = served.nodes.find((n) => n.kind === "target" && n.parentId === canary?.id);
      expect(target?.incomplete).toEqual([
        expect.objectContaining({ part: "targets", operation: "ListTargets", via: canary?.id }),
      ]);
      const rule = served.nodes.find((n) => n.kind === "rule" && n.name === "api-v2");
      expect(rule?.incomplete).toEqual([expect.objectContaining({ part: "rules", via: rule?.parentId })]);
      const defaultForwards = served.edges.filter((e) => e.kind === "forward" && e.data?.isDefault === true);
      expect(defaultForwards.every((e) => !e.incomplete)).toBe(true);
      const sources = new Set(defaultForwards.map((e) => served.nodes.find((n) => n.id === e.source)?.kind));
      expect([...sources]).toEqual(["rule"]);
    });
  });

  describe("against endpoints that answer differently from AWS", () => {
    let before: Estate;

    beforeAll(async () => {
      emu.faults.set({});
      await crawlAndWait(runtime);
      before = await estate(runtime);
    }, 60_000);

    it("places a service association listed without serviceArn by its id", async () => {
      emu.faults.set({
        omitFields: [{ operation: "ListServiceNetworkServiceAssociations", fields: ["serviceArn"] }],
      });
      emu.calls.reset();
      const run = await crawlAndWait(runtime);
      const calls = emu.calls.snapshot().byOperation;
      emu.faults.set({});
      expect(run).toMatchObject({ status: "ok", errors: [] });
      expect(versionsWritten(run)).toBe(0);
      expect(calls["vpc-lattice:GetServiceNetworkServiceAssociation"]).toBeGreaterThan(0);
    });

    it("records why an association it cannot place was left out, and keeps it", async () => {
      emu.faults.set({
        omitFields: [
          { operation: "ListServiceNetworkServiceAssociations", fields: ["serviceArn"] },
          { operation: "GetServiceNetworkServiceAssociation", fields: ["serviceArn"] },
        ],
      });
      const run = await crawlAndWait(runtime);
      emu.faults.set({});
      expect(run.status).toBe("partial");
      expect(versionsWritten(run)).toBe(0);
      expect(run.errors.length).toBeGreaterThan(0);
      for (const error of run.errors) {
        expect(error).toMatchObject({
          operation: "ListServiceNetworkServiceAssociations",
          code: "IncompleteAnswer",
          message: expect.stringMatching(
            /returned association snsa-\w+ with service svc-\w+ but no service ARN/,
          ),
        });
      }
      const after = await estate(runtime);
      expect(content(after.relations)).toEqual(content(before.relations));
      const networks = new Set(run.errors.map((e) => e.resource));
      expect(
        (after.incomplete ?? [])
          .filter((m) => m.part === "service-associations")
          .map((m) => m.subjectId)
          .sort(),
      ).toEqual([...networks].sort());
    });

    it("says which endpoint answered an HTML page, with its status, instead of a JSON parse error", async () => {
      emu.faults.set({ unimplemented: [{ accountId: ORDERING, operation: "ListTargets" }] });
      const run = await crawlAndWait(runtime);
      emu.faults.set({});
      expect(run.status).toBe("partial");
      const errors = run.errors.filter((e) => e.operation === "ListTargets");
      expect(errors.length).toBe(Object.values(listed).flatMap((l) => l.targetGroups).length);
      for (const error of errors) {
        expect(error.code).toBe("HTTP 500");
        // Own resources are named by id in the path, as AWS advises.
        expect(error.message).toMatch(
          /^HTTP 500 text\/html from http:\/\/127\.0\.0\.1:\d+\/targetgroups\/tg-[0-9a-z]{17}\/listtargets: the endpoint may not implement ListTargets$/,
        );
      }
      expect(versionsWritten(run)).toBe(0);
    });
  });
});
