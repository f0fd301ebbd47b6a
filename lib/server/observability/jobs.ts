import "server-only";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { withLogContext, type LogContext } from "./logger";
import { getMetrics } from "./metrics";

const tracer = trace.getTracer("trellis.jobs");

/** What pg-boss tells a worker about a job (with `includeMetadata: true`). */
export interface JobTiming {
  id: string;
  createdOn?: Date;
  startAfter?: Date;
  startedOn?: Date;
  retryCount?: number;
}

/**
 * Runs one job's work inside a consumer span and a log context naming what it is about, and records how long it
 * waited once due (`trellis_job_wait_seconds`) and how long it took (`trellis_job_duration_seconds`).
 */
export function observeJob<T>(
  queue: string,
  job: JobTiming,
  fields: LogContext,
  work: () => Promise<T>,
): Promise<T> {
  const metrics = getMetrics();
  if (job.startedOn) {
    const due = Math.max(job.createdOn?.getTime() ?? 0, job.startAfter?.getTime() ?? 0);
    const waited = (job.startedOn.getTime() - due) / 1000;
    if (due > 0 && waited >= 0) metrics.jobWait.labels({ queue }).observe(waited);
  }
  const end = metrics.jobDuration.startTimer({ queue });
  return tracer.startActiveSpan(
    `${queue} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "pg-boss",
        "messaging.operation.type": "process",
        "messaging.destination.name": queue,
        "messaging.message.id": job.id,
        ...(job.retryCount !== undefined ? { "trellis.job.retry_count": job.retryCount } : {}),
        ...Object.fromEntries(Object.entries(fields).map(([key, value]) => [`trellis.${key}`, value])),
      },
    },
    async (span) => {
      try {
        const result = await withLogContext({ job: queue, ...fields }, work);
        end({ outcome: "completed" });
        return result;
      } catch (error) {
        end({ outcome: "failed" });
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : "failed",
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
