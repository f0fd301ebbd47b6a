import "server-only";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PROBE_PATHS } from "@/lib/domain/http/probe-paths";
import { healthAnswer, metricsAnswer, readinessAnswer, type PlainAnswer } from "./probe-answers";

export interface ProbeListener {
  url: string;
  close(): Promise<void>;
}

/** Splits `host:port` (IPv6 in brackets). */
export function parseListenAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(address);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65_535)
    throw new Error(`Not a host:port address: ${address}`);
  return { host: match[1] ?? match[2] ?? "", port };
}

/**
 * A listener of its own for /metrics, /healthz and /readyz (TRELLIS_METRICS_LISTEN): a worker has no other port,
 * and a console can keep its metrics off the port its users reach.
 */
export async function startProbeListener(address: string): Promise<ProbeListener> {
  const { host, port } = parseListenAddress(address);
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const answer: Promise<PlainAnswer> =
      request.method !== "GET" && request.method !== "HEAD"
        ? Promise.resolve({ status: 405, headers: { allow: "GET, HEAD" }, body: "" })
        : path === PROBE_PATHS.health
          ? Promise.resolve(healthAnswer())
          : path === PROBE_PATHS.ready
            ? readinessAnswer()
            : path === PROBE_PATHS.metrics
              ? metricsAnswer({ authorization: request.headers.authorization, openWithoutToken: true })
              : Promise.resolve({ status: 404, headers: {}, body: "not found\n" });
    answer
      .catch(() => ({ status: 500, headers: {}, body: "internal error\n" }))
      .then((a) => {
        response.writeHead(a.status, a.headers);
        response.end(request.method === "HEAD" ? undefined : a.body);
      });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    url: `http://${bound.family === "IPv6" ? `[${bound.address}]` : bound.address}:${bound.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
