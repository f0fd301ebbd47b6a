import "server-only";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  processDetector,
  resourceFromAttributes,
} from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from "@opentelemetry/sdk-trace";
import type { SamplerSetting, TracingSettings } from "./tracing-settings";

function createSampler(setting: SamplerSetting): Sampler {
  switch (setting.kind) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(setting.ratio);
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(setting.ratio) });
  }
}

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Exports this process's spans over OTLP/HTTP (endpoint, headers, timeout and compression from the standard
 * OTEL_EXPORTER_OTLP_* variables, read by the exporter): Next's request spans, Trellis's spans for AWS calls and
 * pg-boss jobs, and PostgreSQL queries made inside them. Service name and resource attributes from
 * OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES, else `trellis`.
 */
export function startTracing(settings: Extract<TracingSettings, { enabled: true }>, role: string): Tracing {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  const resource = defaultResource()
    .merge(resourceFromAttributes({ "service.name": "trellis", "trellis.process": role }))
    .merge(detectResources({ detectors: [processDetector, hostDetector, envDetector] }));
  const exporter = settings.protocol === "http/json" ? new OtlpJsonExporter() : new OtlpProtobufExporter();
  const provider = new TracerProvider({
    resource,
    sampler: createSampler(settings.sampler),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  trace.setGlobalTracerProvider(provider);
  // Only queries inside a traced request or job: pg-boss polls every few seconds and would drown the rest.
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new PgInstrumentation({ requireParentSpan: true })],
  });
  return { shutdown: () => provider.shutdown() };
}
