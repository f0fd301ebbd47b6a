import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { getMetrics } from "./metrics";
import { collectDatabaseMetrics, processReadiness } from "./probes";
import { readinessText } from "./readiness";

/** An answer of the operational endpoints, for Next's routes and the separate listener alike. */
export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const TEXT = {
  "content-type": "text/plain; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

/** Liveness: the process serves requests. Stays 200 while shutting down, so a draining process is not killed. */
export function healthAnswer(): PlainAnswer {
  return { status: 200, headers: TEXT, body: "ok\n" };
}

export async function readinessAnswer(): Promise<PlainAnswer> {
  const readiness = await processReadiness();
  return { status: readiness.ready ? 200 : 503, headers: TEXT, body: readinessText(readiness) };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Compares digests, so neither the token's content nor its length shows in the time taken. */
export function bearerMatches(authorization: string | null | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

export type MetricsAccess = "allow" | "unauthorized" | "off";

/**
 * With TRELLIS_METRICS_TOKEN set, only `Authorization: Bearer <token>` is let through. Without one, /metrics is
 * served where the network is the protection: the separate listener, or a console with sign-in off (which
 * answers only on loopback).
 */
export function metricsAccess(input: {
  authorization: string | null | undefined;
  token: string | undefined;
  openWithoutToken: boolean;
}): MetricsAccess {
  if (input.token) return bearerMatches(input.authorization, input.token) ? "allow" : "unauthorized";
  return input.openWithoutToken ? "allow" : "off";
}

export async function metricsAnswer(input: {
  authorization: string | null | undefined;
  openWithoutToken: boolean;
}): Promise<PlainAnswer> {
  const access = metricsAccess({ ...input, token: env.TRELLIS_METRICS_TOKEN });
  if (access === "unauthorized") {
    return {
      status: 401,
      headers: { ...TEXT, "www-authenticate": 'Bearer realm="trellis-metrics"' },
      body: "unauthorized\n",
    };
  }
  if (access === "off") {
    return {
      status: 404,
      headers: TEXT,
      body: "Metrics are not served here: set TRELLIS_METRICS_TOKEN, or TRELLIS_METRICS_LISTEN for a listener of their own.\n",
    };
  }
  await collectDatabaseMetrics();
  const { registry } = getMetrics();
  return {
    status: 200,
    headers: { ...TEXT, "content-type": registry.contentType },
    body: await registry.metrics(),
  };
}
