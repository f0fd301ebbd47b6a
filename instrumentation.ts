/** Runs once when the Next.js server starts: tracing (if configured), graceful shutdown, the in-process worker. */
export async function register() {
  // Next replaces this literal at build time, which keeps the worker (AWS SDK, pg) out of the edge build; read
  // through lib/env.ts it would be a run-time value and Turbopack fails bundling the SDK for the edge.
  // eslint-disable-next-line no-restricted-syntax -- a build-time constant, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so that the PostgreSQL driver is traced from its first query; loads no OpenTelemetry SDK when off.
  const { startTracingIfConfigured } = await import("./lib/server/observability/start-tracing");
  await startTracingIfConfigured("console");
  const { startProcessLifecycle } = await import("./lib/server/observability/process-lifecycle");
  await startProcessLifecycle("console");
  const { env } = await import("./lib/env");
  if (env.TRELLIS_WORKER !== "in-process") return;
  const { startInProcessWorker } = await import("./lib/server/crawl/in-process-worker");
  void startInProcessWorker();
}
