import { readinessAnswer } from "@/lib/server/observability/probe-answers";

export const dynamic = "force-dynamic";

/** Readiness probe: 503 with the reason until the database, migrations and first crawl are there, and on shutdown. */
export async function GET(): Promise<Response> {
  const answer = await readinessAnswer();
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
