import "server-only";
import { createHash } from "node:crypto";
import { notFound } from "@/lib/domain/http/api-errors";
import type { TopologyQuery } from "@/lib/domain/http/api-queries";
import { toTopologyResponse, type TopologyResponse } from "@/lib/domain/http/api-responses";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";
import { buildTopology } from "@/lib/domain/topology/topology";
import type { CrawlEnvironment } from "../../config/load-config";
import type { HistoryRepository, RunRef } from "../../db/history";
import { findRun } from "../crawls/find-run";

export interface TopologyDeps {
  history: Pick<HistoryRepository, "estateAt" | "listRuns">;
  crawlEnv: Pick<CrawlEnvironment, "mode">;
}

/** A built topology and its JSON body, serialised at most once per estate state. */
export interface TopologyResult {
  topology: TopologyResponse;
  /** The same run state (and filter) always gives the same ETag. */
  etag: string;
  json(): Uint8Array<ArrayBuffer>;
}

interface CacheEntry {
  result: Promise<TopologyResult>;
  /** Epoch ms; the state at a finished run never changes, so its entries never expire. */
  expiresAt: number;
}

/** The state of a run still recording scopes changes; such an entry is rebuilt after this long at most. */
const UNFINISHED_TTL_MS = 2_000;
const MAX_ENTRIES = 8;
/** How many of the newest (queued or running) runs to look past for the newest finished one. */
const RECENT_RUNS = 25;
/** Bumped when the response format changes, so a client never keeps a body of another format for an ETag. */
const FORMAT = "2";

type Cache = WeakMap<TopologyDeps["history"], Map<string, CacheEntry>>;

// On globalThis so the Next dev server's module reloads and separately bundled routes share one cache.
const holder = globalThis as typeof globalThis & { trellisTopologyCache?: Cache };

/** One cache per history repository, i.e. per database. */
function cacheOf(history: TopologyDeps["history"]): Map<string, CacheEntry> {
  holder.trellisTopologyCache ??= new WeakMap();
  let entries = holder.trellisTopologyCache.get(history);
  if (!entries) {
    entries = new Map();
    holder.trellisTopologyCache.set(history, entries);
  }
  return entries;
}

/** Which state to show, and what identifies it. */
export interface Target {
  ref: RunRef;
  /** The run id, and for an unfinished run its counters, which move with every scope it records. */
  stamp: string;
  finished: boolean;
}

function stampOf(run: CrawlRunSummary): string {
  if (run.finishedAt !== null) return String(run.id);
  return [run.id, run.status, run.calls, run.errorCount, run.progress.done].join(":");
}

/**
 * "Latest" is the estate as of the newest finished run, so a crawl in progress neither shows half-recorded data
 * nor forces a rebuild per scope it records. Until the first run finishes it is whatever has been recorded.
 */
export async function resolve(history: TopologyDeps["history"], ref: RunRef): Promise<Target> {
  if (ref !== "latest") {
    const run = await findRun(history, ref);
    if (!run) throw notFound(`Crawl run ${ref} does not exist`);
    return { ref, stamp: stampOf(run), finished: run.finishedAt !== null };
  }
  const recent = await history.listRuns({ limit: RECENT_RUNS });
  const finished = recent.find((run) => run.finishedAt !== null);
  if (finished) return { ref: finished.id, stamp: stampOf(finished), finished: true };
  const started = recent.find((run) => run.status !== "queued");
  return { ref: "latest", stamp: started ? stampOf(started) : "none", finished: false };
}

function cacheKey(deps: TopologyDeps, query: TopologyQuery, target: Target): string {
  return [
    FORMAT,
    deps.crawlEnv.mode,
    query.account ?? "*",
    query.region ?? "*",
    target.ref,
    target.stamp,
  ].join("|");
}

async function build(deps: TopologyDeps, query: TopologyQuery, target: Target, key: string) {
  const estate = await deps.history.estateAt(target.ref, {
    ...(query.account ? { accountId: query.account } : {}),
    ...(query.region ? { region: query.region } : {}),
  });
  if (!estate) throw notFound(`Crawl run ${target.ref} does not exist`);
  const topology = toTopologyResponse({
    run: estate.run,
    demo: deps.crawlEnv.mode === "demo",
    scopes: estate.scopes,
    topology: buildTopology(estate.resources, estate.relations, estate.scopes, estate.incomplete),
  });
  let json: Uint8Array<ArrayBuffer> | undefined;
  return {
    topology,
    etag: `W/"topology-${createHash("sha256").update(key).digest("base64url").slice(0, 22)}"`,
    json: () => (json ??= Buffer.from(JSON.stringify(topology))),
  } satisfies TopologyResult;
}

/**
 * The topology at a run (by default the newest finished one), optionally limited to one account and/or region.
 * Built from the stored estate once per run state and then served from memory: a request costs one read of the
 * newest runs until a newer run finishes.
 */
export async function getTopology(deps: TopologyDeps, query: TopologyQuery): Promise<TopologyResult> {
  const target = await resolve(deps.history, query.run);
  const key = cacheKey(deps, query, target);
  const entries = cacheOf(deps.history);
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expiresAt > now) {
    entries.delete(key);
    entries.set(key, hit);
    return hit.result;
  }

  const entry: CacheEntry = {
    result: build(deps, query, target, key),
    expiresAt: target.finished ? Number.POSITIVE_INFINITY : now + UNFINISHED_TTL_MS,
  };
  entries.set(key, entry);
  entry.result.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  for (const oldest of entries.keys()) {
    if (entries.size <= MAX_ENTRIES) break;
    entries.delete(oldest);
  }
  return entry.result;
}
