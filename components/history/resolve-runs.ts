import type { CrawlRunSummary } from "@/lib/domain/history";

const RUN = /^[1-9]\d{0,15}$/;

/** How many recent runs the pickers offer (the API's largest page). */
export const RUN_CHOICES = 100;

export function runParam(value: string | string[] | null | undefined): number | undefined {
  return typeof value === "string" && RUN.test(value) ? Number(value) : undefined;
}

/** Runs that finished with an estate worth comparing (a failed run read nothing new). */
export function comparableRuns(runs: readonly CrawlRunSummary[]): CrawlRunSummary[] {
  return runs.filter((run) => run.status === "ok" || run.status === "partial");
}

export interface RunPair {
  from: number | undefined;
  to: number | undefined;
}

/**
 * The two runs to compare: `?from=` and `?to=` when given; else `to` is `?run=` or the latest finished run and
 * `from` the finished run before it. Runs are listed newest first.
 */
export function resolveRunPair(
  runs: readonly CrawlRunSummary[],
  params: { from?: number; to?: number; run?: number },
): RunPair {
  const finished = comparableRuns(runs);
  const to = params.to ?? params.run ?? finished[0]?.id;
  const from = params.from ?? (to === undefined ? undefined : finished.find((run) => run.id < to)?.id);
  return { from, to };
}
