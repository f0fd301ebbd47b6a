import "server-only";
import { once } from "node:events";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { createGunzip, createGzip, gunzip as gunzipCallback } from "node:zlib";
import type { TopologyResponse } from "@/lib/domain/http/api-responses";
import type { EstateView } from "./estate-view";

const gunzip = promisify(gunzipCallback);

/** An account's nodes and new edges as gzipped JSON fragments (comma-separated items), as the view's build keeps them. */
export interface Fragments {
  nodes: Uint8Array[];
  edges: Uint8Array[];
  incomplete?: Uint8Array;
}

/**
 * The whole estate in /api/topology's format, gzipped once per run: written through one gzip stream a fragment
 * at a time (each unzipped only while it is written), so the plain answer is never whole in memory.
 */
export async function gzipWhole(
  head: Pick<TopologyResponse, "run" | "demo" | "scopes">,
  fragments: Fragments,
): Promise<Uint8Array<ArrayBuffer>> {
  const zip = createGzip({ level: 6, chunkSize: 1 << 18 });
  const out: Buffer[] = [];
  zip.on("data", (chunk: Buffer) => out.push(chunk));
  const ended = once(zip, "end");
  const write = async (bytes: Uint8Array | string) => {
    if (!zip.write(bytes)) await once(zip, "drain");
  };
  const list = async (items: Uint8Array[]) => {
    for (const [i, zipped] of items.entries()) {
      if (i > 0) await write(",");
      await write(await gunzip(zipped));
    }
  };
  const start = JSON.stringify({ run: head.run, demo: head.demo, scopes: head.scopes });
  await write(`${start.slice(0, -1)},"nodes":[`);
  await list(fragments.nodes);
  await write(`],"edges":[`);
  await list(fragments.edges);
  await write("]");
  if (fragments.incomplete) {
    await write(`,"incomplete":`);
    await write(await gunzip(fragments.incomplete));
  }
  zip.end("}");
  await ended;
  return new Uint8Array(Buffer.concat(out));
}

/**
 * The whole estate as JSON, unzipped from the view's gzipped answer as it is read: the server never holds the
 * plain answer whole, however large the estate, and does no JSON work per request.
 */
export function streamTopology(view: EstateView): ReadableStream<Uint8Array> {
  const unzip = createGunzip({ chunkSize: 1 << 18 });
  unzip.end(view.whole);
  return Readable.toWeb(unzip) as ReadableStream<Uint8Array>;
}
