/** The operational endpoints, served without sign-in by the console and by the separate metrics listener. */
export const PROBE_PATHS = {
  health: "/healthz",
  ready: "/readyz",
  metrics: "/metrics",
} as const;

export const OPERATIONAL_PATHS: ReadonlySet<string> = new Set(Object.values(PROBE_PATHS));
