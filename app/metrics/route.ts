import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { addressedToLoopback } from "@/lib/server/auth/authorize-request";
import { getAuthSettings } from "@/lib/server/auth/settings";
import { metricsAnswer } from "@/lib/server/observability/probe-answers";

export const dynamic = "force-dynamic";

/** Prometheus metrics: a bearer token, or open only where sign-in is off and the request is to loopback. */
export async function GET(request: NextRequest): Promise<Response> {
  const openWithoutToken =
    !env.TRELLIS_METRICS_LISTEN && getAuthSettings().mode === "none" && addressedToLoopback(request);
  const answer = await metricsAnswer({
    authorization: request.headers.get("authorization"),
    openWithoutToken,
  });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
