import "server-only";
import { gunzipSync } from "node:zlib";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import type { EstateView } from "./estate-view";

const encoder = new TextEncoder();

/**
 * The whole estate in /api/topology's format, written a fragment at a time from the estate view's gzipped JSON
 * fragments (an account's nodes, its new edges): the server unzips one fragment at a time and never builds the
 * whole answer, however large the estate.
 */
export function streamTopology(view: EstateView): ReadableStream<Uint8Array> {
  const header = JSON.parse(new TextDecoder().decode(view.summary.json())) as Pick<
    TopologyResponse,
    "run" | "demo" | "scopes"
  >;
  const head = JSON.stringify({ run: header.run, demo: header.demo, scopes: header.scopes });
  const parts: (Uint8Array | { zipped: Uint8Array; comma: boolean })[] = [
    encoder.encode(`${head.slice(0, -1)},"nodes":[`),
    ...view.fragments.nodes.map((zipped, i) => ({ zipped, comma: i > 0 })),
    encoder.encode(`],"edges":[`),
    ...view.fragments.edges.map((zipped, i) => ({ zipped, comma: i > 0 })),
    encoder.encode("]"),
    ...(view.fragments.incomplete
      ? [encoder.encode(`,"incomplete":`), { zipped: view.fragments.incomplete, comma: false }]
      : []),
    encoder.encode("}"),
  ];
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[at++];
      if (!part) {
        controller.close();
        return;
      }
      if (part instanceof Uint8Array) {
        controller.enqueue(part);
        return;
      }
      if (part.comma) controller.enqueue(encoder.encode(","));
      controller.enqueue(new Uint8Array(gunzipSync(part.zipped)));
    },
  });
}
