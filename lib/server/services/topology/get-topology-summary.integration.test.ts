import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTopologyIndex } from "@/components/graph/model/topology-index";
import { topologyQuerySchema } from "@/lib/domain/http/api-queries";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import { topologySearchQuerySchema, type TopologySummaryResponse } from "@/lib/domain/http/topology-summary";
import {
  createDemoHistory,
  HUB,
  ORDER_SERVICE,
  ORDERING,
  PAYMENTS,
  RETAIL_NETWORK,
  type DemoHistory,
} from "../../testing/demo-history";
import { getTopology } from "./get-topology";
import { getEstateView } from "./estate-view";
import { getTopologyAccount, getTopologySummary, searchTopology } from "./get-topology-summary";
import { streamTopology } from "./stream-topology";

const parse = <T>(body: { gzip: Uint8Array; json(): Uint8Array }): T => {
  const plain = new TextDecoder().decode(body.json());
  expect(new TextDecoder().decode(gunzipSync(body.gzip))).toBe(plain);
  return JSON.parse(plain) as T;
};

describe("the summary-first answers (summary, one account, search)", () => {
  let demo: DemoHistory;
  let runtime: Parameters<typeof getTopologySummary>[0];
  let whole: TopologyResponse;

  beforeAll(async () => {
    demo = await createDemoHistory();
    runtime = { history: demo.history, crawlEnv: demo.env, db: demo.db };
    whole = (await getTopology({ history: demo.history, crawlEnv: demo.env }, topologyQuerySchema.parse({})))
      .topology;
  });

  afterAll(async () => {
    await demo?.close();
  });

  it("counts every account box as the whole topology does, without its resources", async () => {
    const summary = parse<TopologySummaryResponse>(await getTopologySummary(runtime, { run: "latest" }));
    const index = buildTopologyIndex(whole);
    for (const account of summary.accounts) {
      const expected = index.accounts.get(account.id)!;
      expect(account.counts, account.id).toEqual(expected.counts);
      expect(account.issues, account.id).toBe(expected.issues);
      expect(account.regions, account.id).toEqual(expected.regions);
    }
    expect(summary.accounts.map((a) => a.accountId)).toEqual(
      [...index.accounts.values()].map((a) => a.accountId).sort(),
    );
    expect(summary.hubScore).toEqual(Object.fromEntries(index.hubScore));
    expect(summary.regions).toEqual(index.regions);
    expect(summary.totals.nodes).toBe(whole.nodes.filter((n) => !n.external).length);
    // The networks whole, their associations, and stubs of what they reach; no listener, rule or target.
    expect(summary.nodes.find((n) => n.id === RETAIL_NETWORK)?.data).toEqual(
      whole.nodes.find((n) => n.id === RETAIL_NETWORK)?.data,
    );
    expect(summary.nodes.find((n) => n.id === ORDER_SERVICE)).toMatchObject({ kind: "service", data: {} });
    expect(summary.nodes.some((n) => n.kind === "rule" || n.kind === "target")).toBe(false);
    expect(summary.edges.filter((e) => e.kind === "sn-service").length).toBe(
      whole.edges.filter((e) => e.kind === "sn-service").length,
    );
    const ordering = summary.accounts.find((a) => a.accountId === ORDERING)!;
    expect(ordering.health.healthy + ordering.health.degraded + ordering.health.noHealthy).toBeGreaterThan(0);
    expect(ordering.tags.length).toBeGreaterThan(0);
  });

  it("serves one account's resources and relations, and 404 for an account it does not know", async () => {
    const ordering = parse<TopologyResponse>(
      await getTopologyAccount(runtime, { run: "latest", account: ORDERING }),
    );
    const own = (t: TopologyResponse) =>
      t.nodes
        .filter((n) => n.accountId === ORDERING && !n.external)
        .map((n) => n.id)
        .sort();
    expect(own(ordering)).toEqual(own(whole));
    expect(ordering.nodes.some((n) => n.accountId === PAYMENTS && !n.external)).toBe(false);
    await expect(getTopologyAccount(runtime, { run: "latest", account: "999999999999" })).rejects.toThrow(
      /no crawled data/,
    );
  });

  it("searches the whole estate on the server", async () => {
    const found = await searchTopology(runtime, topologySearchQuerySchema.parse({ q: "order" }));
    expect(found.searched).toBe(whole.nodes.filter((n) => !n.external).length);
    expect(found.hits.map((h) => h.nodeId)).toContain(ORDER_SERVICE);
    const network = await searchTopology(runtime, topologySearchQuerySchema.parse({ q: "retail" }));
    expect(network.hits[0]).toMatchObject({ nodeId: RETAIL_NETWORK, accountId: HUB });
  });

  it("answers the same version with the same ETag until a newer crawl finishes", async () => {
    const a = await getTopologySummary(runtime, { run: "latest" });
    const b = await getTopologySummary(runtime, { run: "latest" });
    expect(a.etag).toBe(b.etag);
    const older = await getTopologySummary(runtime, { run: demo.first.id });
    expect(older.etag).not.toBe(a.etag);
  });

  it("streams the whole estate an account at a time, each node and edge once, as /api/topology builds it", async () => {
    const view = await getEstateView({ ...runtime, pool: demo.db.pool }, "latest");
    const streamed = JSON.parse(await new Response(streamTopology(view)).text()) as TopologyResponse;
    expect(streamed.run).toEqual(whole.run);
    expect(streamed.scopes).toEqual(whole.scopes);
    const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();
    expect(ids(streamed.nodes)).toEqual(ids(whole.nodes));
    expect(ids(streamed.edges)).toEqual(ids(whole.edges));
    const byId = new Map(whole.nodes.map((n) => [n.id, n]));
    for (const node of streamed.nodes)
      expect(node.external ?? false, node.id).toBe(byId.get(node.id)!.external ?? false);
    expect((streamed.incomplete ?? []).length).toBe((whole.incomplete ?? []).length);
    // The gzip a client that takes it gets is the same answer.
    expect(JSON.parse(gunzipSync(view.whole).toString())).toEqual(streamed);
  });
});
