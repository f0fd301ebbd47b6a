import "server-only";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzipSync, gzip as gzipCallback } from "node:zlib";
import type pg from "pg";
import { hubScores, mergeNodes, stubOf, summarizeAccountPart } from "@/components/graph/model/estate-summary";
import { toTopologyResponse, type TopologyResponse } from "@/lib/domain/http/api-responses";
import type { EstateAccountSummary, TopologySummaryResponse } from "@/lib/domain/http/topology-summary";
import { buildSearchIndex, type SearchEntry, type SearchIndex } from "@/lib/domain/topology/search";
import type { TopologyEdge, TopologyNode } from "@/lib/domain/topology/topology";
import { buildTopology } from "@/lib/domain/topology/topology";
import type { RunRef } from "../../db/history";
import { resolve, type Target, type TopologyDeps } from "./get-topology";
import { gzipWhole, type Fragments } from "./stream-topology";

const gzip = promisify(gzipCallback);

/** A JSON answer prepared once: its ETag and its bytes, plain and gzipped. */
export interface PreparedBody {
  etag: string;
  json(): Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
}

/** Keeps the plain bytes too (the summary, read on every page load); else only the gzipped ones. */
type Keep = "both" | "gzip";

/**
 * The estate at one run, as the map of a large estate reads it: the summary, each account's own topology, and a
 * search index over every node, all built in one pass over the store, an account at a time (each an indexed read
 * of that account's versions). Only the gzipped bodies and slim search entries stay in memory.
 */
export interface EstateView {
  stamp: string;
  summary: PreparedBody;
  /** Each account's topology (its resources and the relations its crawl recorded). */
  accounts: ReadonlyMap<string, PreparedBody>;
  search: SearchIndex;
  nodes: number;
  /**
   * The whole estate in /api/topology's format (each node and edge once), gzipped once per run from the
   * accounts' fragments: a client that takes gzip gets these bytes, any other the JSON unzipped as it is sent.
   */
  whole: Uint8Array<ArrayBuffer>;
}

export interface EstateViewDeps extends TopologyDeps {
  pool: Pick<pg.Pool, "query">;
}

const UNFINISHED_TTL_MS = 2_000;
const MAX_VIEWS = 2;
const FORMAT = "1";

interface Entry {
  view: Promise<EstateView>;
  expiresAt: number;
}

const holder = globalThis as typeof globalThis & { trellisEstateViews?: WeakMap<object, Map<string, Entry>> };

function cacheOf(history: object): Map<string, Entry> {
  holder.trellisEstateViews ??= new WeakMap();
  let entries = holder.trellisEstateViews.get(history);
  if (!entries) {
    entries = new Map();
    holder.trellisEstateViews.set(history, entries);
  }
  return entries;
}

function etagOf(kind: string, key: string): string {
  return `W/"${kind}-${createHash("sha256").update(key).digest("base64url").slice(0, 22)}"`;
}

async function prepare(kind: string, key: string, body: unknown, keep: Keep = "gzip"): Promise<PreparedBody> {
  const bytes = new Uint8Array(Buffer.from(JSON.stringify(body)));
  const zipped = new Uint8Array(await gzip(bytes, { level: 6 }));
  return {
    etag: etagOf(kind, key),
    gzip: zipped,
    json: keep === "both" ? () => bytes : () => new Uint8Array(gunzipSync(zipped)),
  };
}

/** The accounts the store knows at a run: those with a crawled scope by then. */
async function accountsAt(pool: EstateViewDeps["pool"], target: Target): Promise<string[]> {
  const { rows } =
    target.ref === "latest"
      ? await pool.query<{ account_id: string }>(
          "SELECT DISTINCT account_id FROM scope_status ORDER BY account_id",
        )
      : await pool.query<{ account_id: string }>(
          "SELECT DISTINCT account_id FROM crawl_run_scope WHERE run_id <= $1 ORDER BY account_id",
          [target.ref],
        );
  return rows.map((row) => row.account_id);
}

/** Search entries keep what a hit shows, not the node's data. */
function slim(entries: readonly SearchEntry[]): SearchEntry[] {
  return entries.map((entry) => ({ ...entry, node: stubOf(entry.node) }));
}

async function build(deps: EstateViewDeps, target: Target, key: string): Promise<EstateView> {
  const ref: RunRef = target.ref;
  const demo = deps.crawlEnv.mode === "demo";
  const accountIds = await accountsAt(deps.pool, target);
  const accounts = new Map<string, PreparedBody>();
  const summaries = new Map<string, EstateAccountSummary>();
  const skeleton = new Map<string, TopologyNode>();
  const networkEdges = new Map<string, TopologyEdge>();
  const regions = new Set<string>();
  const tagKeys = new Set<string>();
  const searchEntries: SearchEntry[] = [];
  const externals = new Map<string, TopologyNode>();
  const seenEdges = new Set<string>();
  const incomplete: unknown[] = [];
  const fragments: Fragments = { nodes: [], edges: [] };
  let run: TopologySummaryResponse["run"] = null;
  let scopes: TopologySummaryResponse["scopes"] = [];
  let nodes = 0;
  let edges = 0;
  for (const accountId of accountIds) {
    const estate = await deps.history.estateAt(ref, { accountId });
    if (!estate) continue;
    const topology: TopologyResponse = toTopologyResponse({
      run: estate.run,
      demo,
      scopes: estate.scopes,
      topology: buildTopology(estate.resources, estate.relations, estate.scopes, estate.incomplete),
    });
    run = topology.run;
    scopes = scopes.concat(topology.scopes);
    nodes += topology.nodes.filter((n) => n.accountId === accountId && !n.external).length;
    edges += topology.edges.length;
    accounts.set(accountId, await prepare("account", `${key}|${accountId}`, topology));
    const ownNodes: string[] = [];
    for (const node of topology.nodes) {
      if (node.external) externals.set(node.id, node);
      else ownNodes.push(JSON.stringify(node));
    }
    const newEdges: string[] = [];
    for (const edge of topology.edges) {
      if (seenEdges.has(edge.id)) continue;
      seenEdges.add(edge.id);
      newEdges.push(JSON.stringify(edge));
    }
    if (ownNodes.length > 0) fragments.nodes.push(new Uint8Array(await gzip(ownNodes.join(","))));
    if (newEdges.length > 0) fragments.edges.push(new Uint8Array(await gzip(newEdges.join(","))));
    if (topology.incomplete) incomplete.push(...topology.incomplete);
    const part = summarizeAccountPart(topology, accountId);
    for (const summary of part.accounts) summaries.set(summary.id, summary);
    mergeNodes(skeleton, part.skeleton);
    for (const edge of part.networkEdges) networkEdges.set(edge.id, edge);
    for (const region of part.regions) regions.add(region);
    for (const tag of part.tagKeys) tagKeys.add(tag);
    const own = {
      nodes: topology.nodes.filter((n) => n.accountId === accountId && !n.external),
      edges: topology.edges,
    };
    searchEntries.push(...slim(buildSearchIndex(own).entries));
  }
  // Accounts that only appear as the other end of something (not crawled): counted as placeholders.
  for (const node of skeleton.values()) {
    if (node.kind !== "account" || summaries.has(node.id)) continue;
    summaries.set(node.id, {
      id: node.id,
      accountId: node.accountId,
      name: node.name,
      external: true,
      counts: {},
      countsByRegion: {},
      regions: [],
      staleScopes: [],
      partialScopes: [],
      issues: 0,
      issuesByRegion: {},
      health: { healthy: 0, degraded: 0, noHealthy: 0, failing: 0, unknown: 0 },
      tags: [],
      nodes: 0,
    });
  }
  const skeletonNodes = [...skeleton.values()];
  const skeletonEdges = [...networkEdges.values()];
  const summary: TopologySummaryResponse = {
    run,
    demo,
    scopes,
    totals: { nodes, edges },
    accounts: [...summaries.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    nodes: skeletonNodes,
    edges: skeletonEdges,
    hubScore: hubScores({ run, demo, scopes, nodes: skeletonNodes, edges: skeletonEdges }),
    regions: [...regions].sort(),
    tagKeys: [...tagKeys].sort(),
  };
  const byId = new Map(searchEntries.map((entry) => [entry.node.id, entry]));
  // Placeholders of what no crawled account holds: once each.
  const placeholders = [...externals.values()].filter((node) => !byId.has(node.id));
  if (placeholders.length > 0) {
    fragments.nodes.push(new Uint8Array(await gzip(placeholders.map((n) => JSON.stringify(n)).join(","))));
  }
  if (incomplete.length > 0) fragments.incomplete = new Uint8Array(await gzip(JSON.stringify(incomplete)));
  return {
    stamp: target.stamp,
    summary: await prepare("summary", key, summary, "both"),
    accounts,
    search: { entries: [...byId.values()], byId },
    whole: await gzipWhole({ run, demo, scopes }, fragments),
    nodes,
  };
}

/** The estate view at a run (by default the newest finished one), built once per run state. */
export async function getEstateView(deps: EstateViewDeps, run: RunRef): Promise<EstateView> {
  const target = await resolve(deps.history, run);
  const key = [FORMAT, deps.crawlEnv.mode, target.ref, target.stamp].join("|");
  const entries = cacheOf(deps.history);
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expiresAt > now) return hit.view;
  const entry: Entry = {
    view: build(deps, target, key),
    expiresAt: target.finished ? Number.POSITIVE_INFINITY : now + UNFINISHED_TTL_MS,
  };
  entries.set(key, entry);
  entry.view.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  for (const oldest of entries.keys()) {
    if (entries.size <= MAX_VIEWS) break;
    entries.delete(oldest);
  }
  return entry.view;
}
