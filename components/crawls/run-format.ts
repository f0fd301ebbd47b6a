import type { CrawlRunSummary } from "@/lib/domain/topology/history";

/** A run that may still change: its list row and detail are polled until it has finished. */
export function isActive(run: Pick<CrawlRunSummary, "status">): boolean {
  return run.status === "queued" || run.status === "running";
}

/** `2026-01-05 09:23:41`, always in UTC, so the server and every browser render the same text. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/** The finish time, without its date when the run finished on the day it started. */
export function formatFinish(startedAt: string | null, finishedAt: string | null): string {
  const finished = formatDateTime(finishedAt);
  const started = formatDateTime(startedAt);
  return finishedAt && started.slice(0, 10) === finished.slice(0, 10) ? finished.slice(11) : finished;
}

/** `850 ms`, `4.2 s`, `3 min 05 s`, `2 h 14 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** How long the run took; for a run still going, how long it has been going at `now` (undefined: unknown). */
export function runDuration(
  run: Pick<CrawlRunSummary, "startedAt" | "finishedAt">,
  now?: number,
): number | undefined {
  if (!run.startedAt) return undefined;
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  if (end === undefined || Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return Math.max(0, end - start);
}

/** Resources in the estate at the run; counts are filled in when the run finishes. */
export function resourceTotal(run: Pick<CrawlRunSummary, "counts">): number | undefined {
  const values = Object.values(run.counts);
  return values.length === 0 ? undefined : values.reduce((sum, count) => sum + count, 0);
}

export function progressPercent(progress: { done: number; total: number }): number {
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}

export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}
