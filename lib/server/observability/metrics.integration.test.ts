import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { crawlScopes } from "@/lib/domain/config/config";
import type { CrawlRunDetail } from "@/lib/domain/topology/history";
import { GET as metricsRoute } from "@/app/metrics/route";
import { crawlAndWait, createTestRuntimes, testCrawlEnvironment, type TestRuntimes } from "../crawl/testing";
import { startCrawlWorker, type CrawlWorker } from "../crawl/worker";
import { replaceRuntime, type Runtime } from "../runtime";
import { getMetrics } from "./metrics";
import { parsePrometheusText, sumBy, type Sample } from "./testing";

const HUB = "111122223333";
const PAYMENTS = "333344445555";

async function scrape(host = "127.0.0.1:3000"): Promise<Response> {
  return metricsRoute(new NextRequest(`http://${host}/metrics`, { headers: { host } }));
}

/**
 * A crawl under throttling, server errors and one account denying access: what /metrics says Trellis sent must be
 * what the emulator received, call for call and error for error.
 */
describe("/metrics counts a crawl's AWS calls and errors as the emulator counted them", () => {
  let emu: Emulator;
  let runtimes: TestRuntimes;
  let runtime: Runtime;
  let worker: CrawlWorker;
  let run: CrawlRunDetail;
  let counted: ReturnType<Emulator["calls"]["snapshot"]>;
  let samples: Sample[];
  let body: string;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    runtimes = await createTestRuntimes();
    runtime = await runtimes.add(await testCrawlEnvironment(emu.url, { maxAttempts: 12 }));
    replaceRuntime(runtime);
    worker = await startCrawlWorker(runtime, { concurrency: 4, pollingIntervalSeconds: 0.5 });
    getMetrics().registry.resetMetrics();
    emu.calls.reset();
    emu.faults.set({
      throttleRate: 0.15,
      serverErrorRate: 0.05,
      accessDenied: [{ accountId: PAYMENTS }],
      seed: 11,
    });
    run = await crawlAndWait(runtime, 150_000);
    emu.faults.set({});
    counted = emu.calls.snapshot();
    const answer = await scrape();
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    body = await answer.text();
    samples = parsePrometheusText(body);
  }, 200_000);

  afterAll(async () => {
    replaceRuntime(undefined);
    await worker?.stop();
    await runtimes?.stop();
    await emu?.close();
  });

  it("counts every request, retries included, per operation, and in total as the run does", () => {
    expect(run.status).toBe("partial");
    const byOperation = sumBy(samples, "trellis_aws_requests_total", (l) => `${l.service}:${l.operation}`);
    expect(byOperation).toEqual(counted.byOperation);
    const total = Object.values(byOperation).reduce((a, b) => a + b, 0);
    expect(total).toBe(counted.total);
    expect(total).toBe(run.calls);
  });

  it("labels calls with the account acted for (AssumeRole is sent by the hub's own identity)", () => {
    const byAccount = sumBy(samples, "trellis_aws_requests_total", (l) =>
      l.operation === "AssumeRole" ? HUB : (l.account ?? ""),
    );
    expect(byAccount).toEqual(counted.byAccount);
  });

  it("counts every error answer by operation and code, and the throttles among them", () => {
    const errors = sumBy(samples, "trellis_aws_errors_total", (l) => `${l.service}:${l.operation} ${l.code}`);
    const expected: Record<string, number> = {};
    for (const [operation, codes] of Object.entries(counted.errors)) {
      for (const [code, n] of Object.entries(codes)) expected[`${operation} ${code}`] = n;
    }
    expect(Object.keys(expected).some((k) => k.endsWith("ThrottlingException"))).toBe(true);
    expect(Object.keys(expected).some((k) => k.includes("sts:GetCallerIdentity AccessDenied"))).toBe(true);
    expect(errors).toEqual(expected);
    const throttles = Object.values(sumBy(samples, "trellis_aws_throttles_total", () => "all"))[0];
    const expectedThrottles = Object.entries(expected)
      .filter(([k]) => /(ThrottlingException|Throttling|RequestLimitExceeded)$/.test(k))
      .reduce((n, [, v]) => n + v, 0);
    expect(throttles).toBe(expectedThrottles);
  });

  it("times every scope, counts the history rows written, and reads ages and queues from the database", () => {
    const scopes = crawlScopes(runtime.crawlEnv.config);
    const durations = sumBy(samples, "trellis_crawl_scope_duration_seconds_count", (l) => l.status ?? "");
    expect(Object.values(durations).reduce((a, b) => a + b, 0)).toBe(scopes.length);
    expect(durations.failed).toBe(2);
    const written = sumBy(samples, "trellis_store_rows_written_total", (l) => `${l.table}/${l.write}`);
    expect(written["resource_version/inserted"]).toBeGreaterThan(10);
    const ages = samples.filter((s) => s.name === "trellis_crawl_scope_age_seconds");
    expect(ages).toHaveLength(scopes.length);
    for (const age of ages) {
      if (age.labels.account === PAYMENTS) expect(age.value).toBe(Infinity);
      else expect(age.value).toBeLessThan(300);
    }
    expect(samples.find((s) => s.name === "trellis_database_up")?.value).toBe(1);
    expect(samples.some((s) => s.name === "trellis_queue_jobs" && s.labels.queue === "crawl-scope")).toBe(
      true,
    );
    const waits = sumBy(samples, "trellis_job_wait_seconds_count", (l) => l.queue ?? "");
    expect(waits["crawl-scope"]).toBe(scopes.length);
    expect(sumBy(samples, "trellis_crawl_runs_total", (l) => l.status ?? "")).toEqual({ partial: 1 });
  });

  it("documents every metric and leaks no secret of the configuration", () => {
    for (const name of [
      "trellis_event_lag_seconds",
      "trellis_apply_outcomes_total",
      "trellis_rollout_decisions_total",
    ]) {
      expect(body).toContain(`# HELP ${name} `);
    }
    expect(body).not.toMatch(/trellis-demo-secret|AKIA|postgres:\/\//);
  });

  it("is not served to a request addressed to another host name when sign-in is off", async () => {
    const answer = await scrape("attacker.example:3000");
    expect(answer.status).toBe(404);
  });
});
