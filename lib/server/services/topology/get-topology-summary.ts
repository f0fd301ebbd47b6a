import "server-only";
import { notFound } from "@/lib/domain/http/api-errors";
import type {
  TopologyAccountQuery,
  TopologySearchResponse,
  TopologySearchQuery,
  TopologySummaryQuery,
} from "@/lib/domain/http/topology-summary";
import { search } from "@/lib/domain/topology/search";
import type { Runtime } from "../../runtime";
import { env } from "@/lib/env";
import type { TopologyQuery } from "@/lib/domain/http/api-queries";
import { getEstateView, type PreparedBody } from "./estate-view";
import { streamTopology } from "./stream-topology";

type Deps = Pick<Runtime, "history" | "crawlEnv"> & { db: Pick<Runtime["db"], "pool"> };

function viewDeps(runtime: Deps) {
  return { history: runtime.history, crawlEnv: runtime.crawlEnv, pool: runtime.db.pool };
}

/** The map's first picture of the estate at a run: accounts counted, service networks and their associations. */
export async function getTopologySummary(runtime: Deps, query: TopologySummaryQuery): Promise<PreparedBody> {
  return (await getEstateView(viewDeps(runtime), query.run)).summary;
}

/** One account's topology at a run, as the map loads it when the account is opened. */
export async function getTopologyAccount(runtime: Deps, query: TopologyAccountQuery): Promise<PreparedBody> {
  const view = await getEstateView(viewDeps(runtime), query.run);
  const body = view.accounts.get(query.account);
  if (!body) throw notFound(`Account ${query.account} has no crawled data at this run`);
  return body;
}

/** Search across the whole estate at a run: names, ids, ARNs, DNS names, addresses, tags, kinds. */
export async function searchTopology(
  runtime: Deps,
  query: TopologySearchQuery,
): Promise<TopologySearchResponse> {
  const view = await getEstateView(viewDeps(runtime), query.run);
  return { hits: search(view.search, query.q, query.limit), searched: view.search.entries.length };
}

/**
 * The whole estate of a large one (over TRELLIS_MAP_SUMMARY_THRESHOLD resources), gzipped once per run and
 * unzipped as it is sent rather than built in memory per request; undefined for a filtered query or a smaller estate, which getTopology answers.
 */
export async function streamedTopology(
  runtime: Deps,
  query: TopologyQuery,
): Promise<
  { etag: string; gzip: Uint8Array<ArrayBuffer>; stream(): ReadableStream<Uint8Array> } | undefined
> {
  if (query.account || query.region) return undefined;
  const view = await getEstateView(viewDeps(runtime), query.run);
  if (view.nodes <= env.TRELLIS_MAP_SUMMARY_THRESHOLD) return undefined;
  return {
    etag: view.summary.etag.replace('W/"summary-', 'W/"topology-all-'),
    gzip: view.whole,
    stream: () => streamTopology(view),
  };
}
