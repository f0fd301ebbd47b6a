import "server-only";

/**
 * `work`: stops taking jobs and lets the running ones finish (all at once, within the shutdown bound);
 * `close`: then releases what the work needed (the job queue, the database, the trace exporter), in reverse
 * order of registration, each within a few seconds. `interrupted` says the work did not finish in time.
 */
export interface ShutdownStep {
  name: string;
  phase: "work" | "close";
  stop(context: { interrupted: boolean }): Promise<void>;
}

interface ShutdownState {
  stopping: boolean;
  steps: ShutdownStep[];
  requests: number;
  requestsIdle: Set<() => void>;
  done?: Promise<void>;
  signalsInstalled: boolean;
}

// On globalThis: the readiness route and the in-process worker live in different Next bundles.
const holder = globalThis as typeof globalThis & { trellisShutdown?: ShutdownState };
const state = (holder.trellisShutdown ??= {
  stopping: false,
  steps: [],
  requests: 0,
  requestsIdle: new Set(),
  signalsInstalled: false,
});

const CLOSE_STEP_TIMEOUT_MS = 5_000;

export function isShuttingDown(): boolean {
  return state.stopping;
}

/** Registers a step to run on shutdown; returns a function that unregisters it. */
export function onShutdown(step: ShutdownStep): () => void {
  state.steps.push(step);
  return () => {
    const index = state.steps.indexOf(step);
    if (index >= 0) state.steps.splice(index, 1);
  };
}

/** Counts a request as running until it answers, so that shutdown lets it (an apply, say) finish. */
export async function trackRequest<T>(work: () => Promise<T>): Promise<T> {
  state.requests++;
  try {
    return await work();
  } finally {
    state.requests--;
    if (state.requests === 0) for (const resolve of state.requestsIdle) resolve();
  }
}

function requestsFinished(): Promise<void> {
  if (state.requests === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      state.requestsIdle.delete(done);
      resolve();
    };
    state.requestsIdle.add(done);
  });
}

function within<T>(promise: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ done: false }), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ done: true, value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export interface ShutdownOptions {
  /** How long the work phase may take. */
  timeoutMs: number;
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

/**
 * Stops the process's work in order: readiness fails at once; jobs stop being taken and the running ones
 * (crawls, rollout steps) and requests (applies) get `timeoutMs` to finish; then the queue and the database are
 * closed. A job still running at the bound is failed back to the queue (another worker retries it; a crawl
 * records a scope in one transaction, so nothing half-written stays). Resolves once everything is closed.
 */
export function shutdown(reason: string, options: ShutdownOptions): Promise<void> {
  state.done ??= (async () => {
    state.stopping = true;
    const { log } = options;
    const work = state.steps.filter((step) => step.phase === "work");
    const seconds = Math.round(options.timeoutMs / 1000);
    log.info(`${reason}: not ready any more; finishing the work in progress (at most ${seconds} s)`);
    const pending = new Set<string>(work.map((step) => step.name));
    if (state.requests > 0) pending.add("requests");
    const all = Promise.all([
      ...work.map((step) =>
        step
          .stop({ interrupted: false })
          .catch((error: unknown) => log.error(`${step.name}: ${errorText(error)}`))
          .finally(() => pending.delete(step.name)),
      ),
      requestsFinished().finally(() => pending.delete("requests")),
    ]);
    const finished = await within(all, options.timeoutMs);
    const interrupted = !finished.done && pending.size > 0;
    if (interrupted) {
      log.warn(
        `still running after ${seconds} s: ${[...pending].join(", ")}; stopping anyway (jobs in progress ` +
          `go back to the queue for another worker; an interrupted apply is settled by the reconciler)`,
      );
    }
    const close = state.steps.filter((step) => step.phase === "close").reverse();
    for (const step of close) {
      const closed = await within(
        step.stop({ interrupted }).catch((error: unknown) => log.error(`${step.name}: ${errorText(error)}`)),
        CLOSE_STEP_TIMEOUT_MS,
      );
      if (!closed.done) log.warn(`${step.name} did not close within ${CLOSE_STEP_TIMEOUT_MS / 1000} s`);
    }
    log.info("stopped");
  })();
  return state.done;
}

/**
 * On SIGTERM or SIGINT: shutdown, then exit. Installed once per process; a second signal exits at once (an
 * operator pressing Ctrl-C twice).
 */
export function exitOnSignals(options: ShutdownOptions & { exit?: (code: number) => void }): void {
  if (state.signalsInstalled) return;
  state.signalsInstalled = true;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (state.done) {
        options.log.warn(`${signal} again: exiting now`);
        exit(1);
        return;
      }
      void shutdown(signal, options).then(() => exit(0));
    });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
