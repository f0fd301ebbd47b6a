import type { CrawlRunSummary } from "@/lib/domain/topology/history";

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
 * The two runs to compare: `?from=` and `?to=` when given; else `to` is `?run=`, or the latest finished run that
 * changed something (a later run that found nothing new would only say so), and `from` the finished run before
 * it. Runs are listed newest first.
 */
export function resolveRunPair(
  runs: readonly CrawlRunSummary[],
  params: { from?: number; to?: number; run?: number },
): RunPair {
  const finished = comparableRuns(runs);
  const changed = finished.find(
    (run, i) => run.changes !== undefined && run.changes > 0 && i < finished.length - 1,
  );
  const to = params.to ?? params.run ?? changed?.id ?? finished[0]?.id;
  const from = params.from ?? (to === undefined ? undefined : finished.find((run) => run.id < to)?.id);
  return { from, to };
}

/** Finished runs after `to` that changed nothing: the History page says why it did not open on them. */
export function quietRunsAfter(runs: readonly CrawlRunSummary[], to: number | undefined): CrawlRunSummary[] {
  if (to === undefined) return [];
  return comparableRuns(runs).filter((run) => run.id > to && run.changes === 0);
}
