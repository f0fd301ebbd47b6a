import "server-only";
import { env } from "@/lib/env";
import { getLogger } from "./logger";
import { startProbeListener } from "./listener";
import { setProbeSource, type ProbeSource } from "./probes";
import { exitOnSignals, onShutdown, type ShutdownOptions } from "./shutdown";

export function shutdownOptions(component: string): ShutdownOptions {
  const logger = getLogger().child({ component });
  return {
    timeoutMs: env.TRELLIS_SHUTDOWN_TIMEOUT_SECONDS * 1000,
    log: {
      info: (message) => logger.info(message),
      warn: (message) => logger.warn(message),
      error: (message) => logger.error(message),
    },
  };
}

/**
 * What every Trellis process does besides its work: a graceful exit on SIGTERM/SIGINT and, with
 * TRELLIS_METRICS_LISTEN, a listener of its own for /metrics, /healthz and /readyz.
 */
export async function startProcessLifecycle(
  role: "console" | "worker",
  options: { probeSource?: ProbeSource } = {},
): Promise<void> {
  if (options.probeSource) setProbeSource(options.probeSource);
  exitOnSignals(shutdownOptions(role));
  if (!env.TRELLIS_METRICS_LISTEN) return;
  const listener = await startProbeListener(env.TRELLIS_METRICS_LISTEN);
  onShutdown({ name: "metrics listener", phase: "close", stop: () => listener.close() });
  getLogger()
    .child({ component: role })
    .info(`metrics, health and readiness on ${listener.url} (/metrics, /healthz, /readyz)`);
}
