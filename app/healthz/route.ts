import { healthAnswer } from "@/lib/server/observability/probe-answers";

export const dynamic = "force-dynamic";

/** Liveness probe: no sign-in, no database, nothing about the configuration. */
export function GET(): Response {
  const answer = healthAnswer();
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
