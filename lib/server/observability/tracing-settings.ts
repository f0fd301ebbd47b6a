import "server-only";
import type { Env } from "@/lib/env";

export type SamplerSetting =
  | { kind: "always_on" | "always_off" | "parentbased_always_on" | "parentbased_always_off" }
  | { kind: "traceidratio" | "parentbased_traceidratio"; ratio: number };

export type TracingSettings =
  | { enabled: false; reason: string }
  | { enabled: true; protocol: "http/protobuf" | "http/json"; sampler: SamplerSetting };

type OtelEnv = Pick<
  Env,
  | "OTEL_SDK_DISABLED"
  | "OTEL_TRACES_EXPORTER"
  | "OTEL_EXPORTER_OTLP_ENDPOINT"
  | "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
  | "OTEL_EXPORTER_OTLP_PROTOCOL"
  | "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
  | "OTEL_TRACES_SAMPLER"
  | "OTEL_TRACES_SAMPLER_ARG"
>;

function sampler(env: OtelEnv): SamplerSetting | string {
  const kind = (env.OTEL_TRACES_SAMPLER ?? "parentbased_always_on").trim().toLowerCase();
  if (
    kind === "always_on" ||
    kind === "always_off" ||
    kind === "parentbased_always_on" ||
    kind === "parentbased_always_off"
  ) {
    return { kind };
  }
  if (kind === "traceidratio" || kind === "parentbased_traceidratio") {
    const ratio = env.OTEL_TRACES_SAMPLER_ARG === undefined ? 1 : Number(env.OTEL_TRACES_SAMPLER_ARG);
    if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
      return `OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, not ${env.OTEL_TRACES_SAMPLER_ARG}`;
    }
    return { kind, ratio };
  }
  return `OTEL_TRACES_SAMPLER ${kind} is not supported (always_on, always_off, traceidratio and their parentbased_ forms are)`;
}

/**
 * Whether to export traces, from the standard OpenTelemetry variables only: on when an OTLP endpoint (or
 * OTEL_TRACES_EXPORTER=otlp) is set, unless OTEL_SDK_DISABLED=true or another exporter is named. When off,
 * no OpenTelemetry SDK module is even loaded.
 */
export function tracingSettings(env: OtelEnv): TracingSettings {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") {
    return { enabled: false, reason: "OTEL_SDK_DISABLED=true" };
  }
  const exporters = (env.OTEL_TRACES_EXPORTER ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== "");
  if (exporters.length > 0 && !exporters.includes("otlp")) {
    return { enabled: false, reason: `OTEL_TRACES_EXPORTER=${exporters.join(",")}` };
  }
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint && !exporters.includes("otlp")) return { enabled: false, reason: "no OTLP endpoint set" };
  const protocol = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ??
    env.OTEL_EXPORTER_OTLP_PROTOCOL ??
    "http/protobuf"
  )
    .trim()
    .toLowerCase();
  if (protocol !== "http/protobuf" && protocol !== "http/json") {
    return {
      enabled: false,
      reason: `OTLP protocol ${protocol} is not supported: use http/protobuf or http/json (the collector's port 4318)`,
    };
  }
  const chosen = sampler(env);
  if (typeof chosen === "string") return { enabled: false, reason: chosen };
  return { enabled: true, protocol, sampler: chosen };
}
