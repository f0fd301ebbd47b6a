import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { pino, type Logger, type LoggerOptions } from "pino";
import { build as prettyStream } from "pino-pretty";
import { env } from "@/lib/env";

/** Ids a log line is about; set around a job or request with withLogContext and added to every line inside. */
export interface LogContext {
  crawlRunId?: number;
  changeId?: string;
  rolloutId?: string;
  accountId?: string;
  region?: string;
  job?: string;
  route?: string;
}

// On globalThis: Next bundles instrumentation and routes apart, and both must write through one logger.
const holder = globalThis as typeof globalThis & {
  trellisLogger?: Logger;
  trellisLogContext?: AsyncLocalStorage<LogContext>;
};
const context = (holder.trellisLogContext ??= new AsyncLocalStorage<LogContext>());

/** Secrets never reach a log line, whatever object is logged. */
const REDACT = [
  "password",
  "secret",
  "token",
  "authorization",
  "cookie",
  "*.password",
  "*.secret",
  "*.token",
  "*.authorization",
  "*.cookie",
  "*.secretAccessKey",
  "*.sessionToken",
];

export function loggerOptions(): LoggerOptions<never, boolean> {
  return {
    level: env.TRELLIS_LOG_LEVEL,
    messageKey: "message",
    base: { service: "trellis" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ ...context.getStore() }),
    redact: { paths: REDACT, censor: "[redacted]" },
  };
}

function createLogger(): Logger {
  const pretty =
    env.TRELLIS_LOG_FORMAT === "pretty" ||
    (env.TRELLIS_LOG_FORMAT === "auto" && process.stdout.isTTY === true);
  if (!pretty) return pino(loggerOptions());
  // In-process and synchronous: a transport would start a worker thread, which Next's bundles cannot locate.
  const stream = prettyStream({
    sync: true,
    colorize: true,
    messageKey: "message",
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname,service",
  });
  return pino(loggerOptions(), stream);
}

/** The process's logger: JSON lines (level, time, message, ids), or readable lines on a terminal. */
export function getLogger(): Logger {
  holder.trellisLogger ??= createLogger();
  return holder.trellisLogger;
}

/** A `(line) => void` for the modules that take a log function, logging at info under `component`. */
export function lineLogger(component: string, level: "info" | "warn" | "error" = "info") {
  const logger = getLogger().child({ component });
  return (line: string) => logger[level](line);
}

/** Runs `work` with `fields` added to every line logged inside it (nested contexts add to the outer one). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, work);
}

export function currentLogContext(): LogContext {
  return { ...context.getStore() };
}
