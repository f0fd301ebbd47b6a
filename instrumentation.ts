/** Runs once when the Next.js server starts: in single-machine mode it starts the crawl worker in-process. */
export async function register() {
  // Next replaces this literal at build time, which keeps the worker (AWS SDK, pg) out of the edge build; read
  // through lib/env.ts it would be a run-time value and Turbopack fails bundling the SDK for the edge.
  // eslint-disable-next-line no-restricted-syntax -- a build-time constant, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/env");
  if (env.TRELLIS_WORKER !== "in-process") return;
  const { startInProcessWorker } = await import("./lib/server/crawl/in-process-worker");
  void startInProcessWorker();
}
