import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Interface the console (and in demo mode the emulator) binds to. */
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: port.default(3000),
  /** Port of the built-in emulator that `npm start` runs; 0 picks a free one. */
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4566),
  /** Where the console reaches the emulator's control endpoint in demo mode. */
  EMULATOR_URL: z.url().default("http://127.0.0.1:4566"),
  DATABASE_URL: z.url().optional(),
  TRELLIS_CONFIG: z.string().min(1).optional(),
  /** `in-process`: the web server also runs a crawl worker and the scheduler; `off`: separate `npm run worker`s do. */
  TRELLIS_WORKER: z.enum(["in-process", "off"]).default("in-process"),
  /** Account × region scopes one worker process crawls at the same time. */
  TRELLIS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Above this many resources the map opens on the estate's summary and loads accounts as they are opened. */
  TRELLIS_MAP_SUMMARY_THRESHOLD: z.coerce.number().int().min(0).max(10_000_000).default(2_000),
  /** Longest a database statement of a request may run (PostgreSQL statement_timeout); reads fail, not hang. */
  TRELLIS_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Longest wait for a database connection (new or from the pool) before answering 503. */
  TRELLIS_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /** Connections in the request pool of each process. */
  TRELLIS_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  /** Folder of the embedded database (relative to the working directory). */
  TRELLIS_DATA_DIR: z.string().min(1).default(".data"),
  /** Encrypts session cookies (auth.mode oidc); at least 32 characters. */
  TRELLIS_SESSION_SECRET: z.string().optional(),
  /** The OpenID Connect client secret (auth.mode oidc); a public client with PKCE only when unset. */
  TRELLIS_OIDC_CLIENT_SECRET: z.string().optional(),
  /** What the auth proxy sends in its secret header (auth.mode trusted-header, source proxy). */
  TRELLIS_PROXY_SECRET: z.string().optional(),
  /** Log level: fatal, error, warn, info, debug, trace or silent. */
  TRELLIS_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `json`: one JSON object a line; `pretty`: for people; `auto`: pretty on a terminal, JSON otherwise. */
  TRELLIS_LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  /** Bearer token that /metrics requires; at least 16 characters. */
  TRELLIS_METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /** `host:port` of a second listener serving /metrics, /healthz and /readyz (e.g. `0.0.0.0:9464`). */
  TRELLIS_METRICS_LISTEN: z
    .string()
    .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, "host:port, e.g. 0.0.0.0:9464")
    .optional(),
  /** After SIGTERM: how long running crawls, rollout steps and requests (applies) may take to finish. */
  TRELLIS_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(3_600).default(20),
  /** OpenTelemetry (read here only to decide whether tracing starts; the exporter reads the rest itself). */
  OTEL_SDK_DISABLED: z.string().optional(),
  OTEL_TRACES_EXPORTER: z.string().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_TRACES_SAMPLER: z.string().optional(),
  OTEL_TRACES_SAMPLER_ARG: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Validates a raw environment; empty strings count as unset so `PORT=` falls back to the default. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
