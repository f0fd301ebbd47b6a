import "server-only";
import { gunzipSync } from "node:zlib";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import type { EstateView } from "./estate-view";

const encoder = new TextEncoder();

/**
 * The whole estate in /api/topology's format, written an account at a time from the estate view's gzipped parts:
 * the server never holds more than one account's topology, however large the estate. A node appears once: an
 * account's placeholder of another account's resource only when no account crawled it.
 */
export function streamTopology(view: EstateView): ReadableStream<Uint8Array> {
  const accounts = [...view.accounts.keys()];
  const part = (accountId: string) =>
    JSON.parse(gunzipSync(view.accounts.get(accountId)!.gzip).toString("utf8")) as TopologyResponse;
  const header = JSON.parse(new TextDecoder().decode(view.summary.json())) as Pick<
    TopologyResponse,
    "run" | "demo" | "scopes"
  >;
  const emitted = new Set<string>();
  const incomplete: unknown[] = [];
  let phase: "nodes" | "edges" = "nodes";
  let at = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const head = { run: header.run, demo: header.demo, scopes: header.scopes };
      controller.enqueue(encoder.encode(`${JSON.stringify(head).slice(0, -1)},"nodes":[`));
    },
    pull(controller) {
      if (at >= accounts.length) {
        if (phase === "nodes") {
          phase = "edges";
          at = 0;
          first = true;
          emitted.clear();
          controller.enqueue(encoder.encode(`],"edges":[`));
          return;
        }
        const tail = incomplete.length > 0 ? `],"incomplete":${JSON.stringify(incomplete)}}` : "]}";
        controller.enqueue(encoder.encode(tail));
        controller.close();
        return;
      }
      const topology = part(accounts[at++]!);
      const items: string[] = [];
      if (phase === "nodes") {
        for (const node of topology.nodes) {
          if (emitted.has(node.id)) continue;
          if (node.external && view.search.byId.has(node.id)) continue;
          emitted.add(node.id);
          items.push(JSON.stringify(node));
        }
        if (topology.incomplete) incomplete.push(...topology.incomplete);
      } else {
        for (const edge of topology.edges) {
          if (emitted.has(edge.id)) continue;
          emitted.add(edge.id);
          items.push(JSON.stringify(edge));
        }
      }
      if (items.length === 0) return;
      controller.enqueue(encoder.encode(`${first ? "" : ","}${items.join(",")}`));
      first = false;
    },
  });
}
