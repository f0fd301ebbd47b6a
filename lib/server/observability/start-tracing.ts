import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { env } from "@/lib/env";
import { getLogger } from "./logger";
import { onShutdown } from "./shutdown";
import { tracingSettings } from "./tracing-settings";

/**
 * Starts OpenTelemetry tracing when the OTEL_* variables ask for it, before anything loads the PostgreSQL
 * driver (whose queries it traces); does nothing, and loads no OpenTelemetry SDK module, otherwise.
 */
export async function startTracingIfConfigured(role: "console" | "worker"): Promise<boolean> {
  const settings = tracingSettings(env);
  const log = getLogger().child({ component: "tracing" });
  if (!settings.enabled) {
    if (settings.reason !== "no OTLP endpoint set") log.warn(`tracing is off: ${settings.reason}`);
    return false;
  }
  const { startTracing } = await import("./tracing");
  const tracing = startTracing(settings, role);
  onShutdown({ name: "trace exporter", phase: "close", stop: () => tracing.shutdown() });
  // Loaded through require, which the instrumentation hooks; later imports of the driver share this instance.
  createRequire(path.join(process.cwd(), "package.json"))("pg");
  log.info(`tracing: exporting spans over OTLP (${settings.protocol})`);
  return true;
}
