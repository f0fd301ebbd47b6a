import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import { UpdateListenerCommand } from "@aws-sdk/client-vpc-lattice";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../server";
import { latticeClient } from "../testing";

const run = promisify(execFile);
const ORDERING_KEY = "AKIATRELLISDEMOORD01";
const ORDER = "svc-0order00000000001";
const STABLE = "tg-0orderstable00001";
const CANARY = "tg-0ordercanary00001";
const LISTENER = "listener-0orderhttps000001";

function cloudwatch(emu: Emulator, accessKeyId = ORDERING_KEY): CloudWatchClient {
  return new CloudWatchClient({
    region: "us-east-1",
    endpoint: emu.url,
    credentials: { accessKeyId, secretAccessKey: "x" },
    maxAttempts: 1,
  });
}

function query(id: string, dimension: string, value: string, metric: string, stat = "Sum", period = 60) {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: "AWS/VpcLattice",
        MetricName: metric,
        Dimensions: [{ Name: dimension, Value: value }],
      },
      Period: period,
      Stat: stat,
    },
  } satisfies MetricDataQuery;
}

async function sums(emu: Emulator, queries: MetricDataQuery[], fromMs: number, toMs: number) {
  const out = await cloudwatch(emu).send(
    new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date(fromMs),
      EndTime: new Date(toMs),
    }),
  );
  return Object.fromEntries(
    (out.MetricDataResults ?? []).map((r) => [r.Id!, (r.Values ?? []).reduce((a, v) => a + v, 0)]),
  );
}

async function aws(emu: Emulator, args: string[]) {
  try {
    const { stdout } = await run("aws", ["--endpoint-url", emu.url, "--output", "json", ...args], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        AWS_ACCESS_KEY_ID: ORDERING_KEY,
        AWS_SECRET_ACCESS_KEY: "x",
        AWS_DEFAULT_REGION: "us-east-1",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_MAX_ATTEMPTS: "1",
        AWS_PAGER: "",
      },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr: "" };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("CloudWatch metrics of the demo's traffic", () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: { name: "demo" } });
  });

  afterAll(async () => {
    await emu.close();
  });

  it("lists what each account publishes, in its own region only", async () => {
    const out = await cloudwatch(emu).send(new ListMetricsCommand({ Namespace: "AWS/VpcLattice" }));
    const names = (out.Metrics ?? []).map(
      (m) => `${m.MetricName} ${m.Dimensions?.[0]?.Name}=${m.Dimensions?.[0]?.Value}`,
    );
    expect(names).toContain(`TotalRequestCount Service=${ORDER}`);
    expect(names).toContain(`HTTPCode_VpcLattice_403_Count Service=${ORDER}`);
    expect(names).toContain(`RequestTime TargetGroup=${CANARY}`);
    expect(names.some((n) => n.includes("svc-0payment000000001"))).toBe(false);
    const filtered = await cloudwatch(emu).send(
      new ListMetricsCommand({
        Namespace: "AWS/VpcLattice",
        Dimensions: [{ Name: "TargetGroup", Value: STABLE }],
      }),
    );
    expect(filtered.Metrics?.every((m) => m.Dimensions?.[0]?.Value === STABLE)).toBe(true);
    expect(filtered.Metrics?.length).toBe(6);
  });

  it("splits the order service's requests 90/10 by the live weights, then 50/50 once they change", async () => {
    const now = emu.traffic.now();
    const before = await sums(
      emu,
      [
        query("stable", "TargetGroup", STABLE, "TotalRequestCount"),
        query("canary", "TargetGroup", CANARY, "TotalRequestCount"),
      ],
      now - 30 * 60_000,
      now - 120_000,
    );
    const share = before.canary! / (before.canary! + before.stable!);
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.115);

    await latticeClient(emu, ORDERING_KEY).send(
      new UpdateListenerCommand({
        serviceIdentifier: ORDER,
        listenerIdentifier: LISTENER,
        defaultAction: {
          forward: {
            targetGroups: [
              { targetGroupIdentifier: STABLE, weight: 50 },
              { targetGroupIdentifier: CANARY, weight: 50 },
            ],
          },
        },
      }),
    );
    const applied = emu.traffic.now();
    const tooSoon = await sums(
      emu,
      [query("canary", "TargetGroup", CANARY, "TotalRequestCount")],
      applied,
      applied + 5 * 60_000,
    );
    expect(tooSoon.canary).toBe(0);
    // Five minutes pass at once: the change is that much older; datapoints start on whole minutes.
    emu.traffic.advance(300);
    const from = Math.ceil((applied - 300_000) / 60_000) * 60_000;
    const after = await sums(
      emu,
      [
        query("stable", "TargetGroup", STABLE, "TotalRequestCount"),
        query("canary", "TargetGroup", CANARY, "TotalRequestCount"),
      ],
      from,
      from + 120_000,
    );
    const moved = after.canary! / (after.canary! + after.stable!);
    expect(moved).toBeGreaterThan(0.46);
    expect(moved).toBeLessThan(0.54);
  });

  it("makes the canary fail when the scenario's switch is on", async () => {
    const switchedAt = emu.traffic.now();
    const switched = await fetch(`${emu.url}/_emulator/traffic`, {
      method: "PUT",
      body: JSON.stringify({ switches: ["canary-fails"] }),
    });
    expect(((await switched.json()) as { active: string[] }).active).toEqual(["canary-fails"]);
    await fetch(`${emu.url}/_emulator/clock`, {
      method: "POST",
      body: JSON.stringify({ advanceSeconds: 300 }),
    });
    const from = Math.ceil((switchedAt - 300_000) / 60_000) * 60_000;
    const out = await sums(
      emu,
      [
        query("all", "TargetGroup", CANARY, "TotalRequestCount"),
        query("errors", "TargetGroup", CANARY, "HTTPCode_5XX_Count"),
        query("stableall", "TargetGroup", STABLE, "TotalRequestCount"),
        query("stableerrors", "TargetGroup", STABLE, "HTTPCode_5XX_Count"),
      ],
      from,
      from + 120_000,
    );
    expect(out.errors! / out.all!).toBeGreaterThan(0.1);
    expect(out.stableerrors! / out.stableall!).toBeLessThan(0.01);
    const p99 = await cloudwatch(emu).send(
      new GetMetricDataCommand({
        MetricDataQueries: [query("p", "TargetGroup", CANARY, "RequestTime", "p99", 120)],
        StartTime: new Date(from),
        EndTime: new Date(from + 120_000),
      }),
    );
    expect(p99.MetricDataResults?.[0]?.Values?.[0]).toBeGreaterThan(500);
    await fetch(`${emu.url}/_emulator/traffic`, { method: "PUT", body: JSON.stringify({ switches: [] }) });
  });

  it("answers AWS's validation errors, in the query-compatible JSON protocol", async () => {
    const client = cloudwatch(emu);
    const now = Date.now();
    const error = async (input: ConstructorParameters<typeof GetMetricDataCommand>[0]) => {
      try {
        await client.send(new GetMetricDataCommand(input));
      } catch (e) {
        return e as { name: string; message: string; $metadata: { httpStatusCode?: number } };
      }
      throw new Error("expected an error");
    };
    const q = query("m1", "Service", ORDER, "TotalRequestCount");
    const reversed = await error({
      MetricDataQueries: [q],
      StartTime: new Date(now),
      EndTime: new Date(now - 1000),
    });
    // The SDK names the error by its shape and keeps the query error code beside it, as with AWS.
    expect(reversed.name).toBe("InvalidParameterValueException");
    expect((reversed as unknown as { Code: string }).Code).toBe("InvalidParameterValue");
    expect(reversed.message).toBe("The parameter StartTime must be less than the parameter EndTime.");
    expect(reversed.$metadata.httpStatusCode).toBe(400);
    const tooMany = await error({
      MetricDataQueries: Array.from({ length: 501 }, (_, i) => ({ ...q, Id: `m${i}` })),
      StartTime: new Date(now - 60_000),
      EndTime: new Date(now),
    });
    expect(tooMany.name).toBe("InvalidParameterValueException");
    const badId = await error({
      MetricDataQueries: [{ ...q, Id: "M1" }],
      StartTime: new Date(now - 60_000),
      EndTime: new Date(now),
    });
    expect(badId.message).toMatch(/Id is not matching the expected pattern/);
    const duplicate = await error({
      MetricDataQueries: [q, q],
      StartTime: new Date(now - 60_000),
      EndTime: new Date(now),
    });
    expect(duplicate.message).toMatch(/duplicated/);
    const badPeriod = await error({
      MetricDataQueries: [{ ...q, MetricStat: { ...q.MetricStat, Period: 45 } }],
      StartTime: new Date(now - 60_000),
      EndTime: new Date(now),
    });
    expect(badPeriod.message).toMatch(/Period must be a multiple of 60/);
  });

  it("answers AccessDenied when the role may not read metrics", async () => {
    emu.faults.set({ accessDenied: [{ accountId: "222233334444", operation: "cloudwatch:GetMetricData" }] });
    try {
      await cloudwatch(emu).send(
        new GetMetricDataCommand({
          MetricDataQueries: [query("m1", "Service", ORDER, "TotalRequestCount")],
          StartTime: new Date(Date.now() - 600_000),
          EndTime: new Date(),
        }),
      );
      throw new Error("expected AccessDenied");
    } catch (e) {
      const err = e as { name: string; $metadata: { httpStatusCode?: number } };
      expect(err.name).toBe("AccessDenied");
      expect(err.$metadata.httpStatusCode).toBe(403);
    } finally {
      emu.faults.set({});
    }
  });

  it("answers the aws CLI (a second client) the same", async () => {
    const listed = await aws(emu, [
      "cloudwatch",
      "list-metrics",
      "--namespace",
      "AWS/VpcLattice",
      "--dimensions",
      `Name=Service,Value=${ORDER}`,
    ]);
    expect(listed.code).toBe(0);
    const metrics = (JSON.parse(listed.stdout) as { Metrics: { MetricName: string }[] }).Metrics;
    expect(metrics.map((m) => m.MetricName)).toContain("HTTPCode_5XX_Count");
    const end = new Date(Math.floor((emu.traffic.now() - 120_000) / 300_000) * 300_000);
    const start = new Date(end.getTime() - 600_000);
    const data = await aws(emu, [
      "cloudwatch",
      "get-metric-data",
      "--metric-data-queries",
      JSON.stringify([query("requests", "Service", ORDER, "TotalRequestCount", "Sum", 300)]),
      "--start-time",
      start.toISOString(),
      "--end-time",
      end.toISOString(),
    ]);
    expect(data.code).toBe(0);
    const result = (
      JSON.parse(data.stdout) as {
        MetricDataResults: { Id: string; Values: number[]; Timestamps: number[]; StatusCode: string }[];
      }
    ).MetricDataResults[0]!;
    expect(result.StatusCode).toBe("Complete");
    expect(result.Values.length).toBe(2);
    expect(result.Values[0]).toBeGreaterThan(40 * 300 * 0.9);
    // CLI v1 prints timestamps as the wire carries them: epoch seconds, newest first by default.
    expect(Number(result.Timestamps[0])).toBeGreaterThan(Number(result.Timestamps[1]));
    expect((Number(result.Timestamps[0]) * 1000) % 300_000).toBe(0);
    const invalid = await aws(emu, [
      "cloudwatch",
      "get-metric-data",
      "--metric-data-queries",
      JSON.stringify([query("requests", "Service", ORDER, "TotalRequestCount", "Bogus")]),
      "--start-time",
      start.toISOString(),
      "--end-time",
      end.toISOString(),
    ]);
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toMatch(/InvalidParameterValue/);
  });

  it("answers the query protocol too", async () => {
    const body = new URLSearchParams({
      Action: "ListMetrics",
      Version: "2010-08-01",
      Namespace: "AWS/VpcLattice",
      "Dimensions.member.1.Name": "TargetGroup",
      "Dimensions.member.1.Value": CANARY,
    });
    const res = await fetch(emu.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `AWS4-HMAC-SHA256 Credential=${ORDERING_KEY}/20261208/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body,
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain("<ListMetricsResponse");
    expect(text).toContain(`<Value>${CANARY}</Value>`);
  });
});
