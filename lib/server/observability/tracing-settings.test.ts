import { describe, expect, it } from "vitest";
import { tracingSettings } from "./tracing-settings";

describe("tracingSettings", () => {
  it("is off with no OTEL_* variable, so no OpenTelemetry SDK module is loaded", () => {
    expect(tracingSettings({})).toEqual({ enabled: false, reason: "no OTLP endpoint set" });
    expect(tracingSettings({ OTEL_TRACES_SAMPLER: "always_on" })).toMatchObject({ enabled: false });
  });

  it("is on with an OTLP endpoint, over http/protobuf unless http/json is asked for", () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toEqual({
      enabled: true,
      protocol: "http/protobuf",
      sampler: { kind: "parentbased_always_on" },
    });
    expect(
      tracingSettings({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      }),
    ).toMatchObject({ enabled: true, protocol: "http/json" });
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: "otlp" })).toMatchObject({ enabled: true });
  });

  it("honours OTEL_SDK_DISABLED and an exporter other than otlp", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: "true" })).toMatchObject({ enabled: false });
    expect(tracingSettings({ ...endpoint, OTEL_TRACES_EXPORTER: "none" })).toMatchObject({ enabled: false });
    expect(tracingSettings({ ...endpoint, OTEL_SDK_DISABLED: "false" })).toMatchObject({ enabled: true });
  });

  it("reads the standard samplers and refuses what it cannot do rather than exporting elsewhere", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(
      tracingSettings({
        ...endpoint,
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.25",
      }),
    ).toMatchObject({ enabled: true, sampler: { kind: "parentbased_traceidratio", ratio: 0.25 } });
    expect(
      tracingSettings({ ...endpoint, OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "2" }),
    ).toMatchObject({
      enabled: false,
      reason: expect.stringMatching(/from 0 to 1/),
    });
    expect(tracingSettings({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toMatchObject({
      enabled: false,
      reason: expect.stringMatching(/grpc is not supported/),
    });
  });
});
