import { GetListenerCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Principal } from "@/lib/domain/auth/auth";
import type { MetricGate } from "@/lib/domain/metrics/gate";
import { cloudwatchFor } from "../../aws/cloudwatch";
import { MetricsStore } from "../metrics/metrics-store";
import { readTraffic } from "../metrics/read-traffic";
import { ORDER_CANARY, ORDER_LISTENER, ORDER_SERVICE } from "../../testing/demo-history";
import type { Emulator } from "@trellis/aws-emulator";
import { demoLattice, startDemoStack, type DemoStack } from "../../testing/demo-stack";
import { testServiceDeps } from "../../testing/test-deps";
import type { ServicesContext } from "../context";
import { runRolloutStep } from "./rollout-step";
import { startRollout } from "./start-rollout";

const operator: Principal = { id: "op-1", name: "Olga Operator", role: "operator", via: "oidc" };

describe("rollouts gated on the canary's metrics (the demo emulator's traffic)", () => {
  let stack: DemoStack;
  let emulator: Emulator;
  let deps: ServicesContext;
  let lattice: VPCLatticeClient;
  let trail: DemoStack["trail"];

  beforeAll(async () => {
    stack = await startDemoStack("trellis_metric_gate");
    ({ emulator, trail } = stack);
    const env = stack.env;
    const metrics = {
      settings: env.config.metrics,
      cloudwatch: (accountId: string, region: string) => cloudwatchFor(env, accountId, region),
      topology: async () => ({ nodes: [], edges: [] }),
      runTimes: async () => undefined,
      // The emulator's traffic clock, which the tests move ahead instead of waiting.
      now: () => emulator.traffic.now(),
      store: new MetricsStore(),
    };
    deps = {
      ...testServiceDeps(stack.db, env),
      traffic: (arns, seconds) => readTraffic(metrics, arns, seconds),
    };
    lattice = demoLattice(emulator.url, "ordering");
  });

  afterAll(async () => {
    lattice?.destroy();
    await stack?.stop();
  });

  beforeEach(() => stack.reset());

  async function weights() {
    const listener = await lattice.send(
      new GetListenerCommand({ serviceIdentifier: ORDER_SERVICE, listenerIdentifier: ORDER_LISTENER }),
    );
    return listener.defaultAction?.forward?.targetGroups?.map((g) => g.weight);
  }

  async function firstStep(metricGate: Partial<MetricGate>) {
    const started = await startRollout(deps, operator, {
      target: ORDER_LISTENER,
      canary: ORDER_CANARY,
      steps: [20, 50, 100],
      waitSeconds: 0,
      maxUnhealthy: 1,
      metricGate: {
        analysisSeconds: 120,
        maxErrorPercent: 5,
        maxErrorPointsOverStable: 2,
        minRequests: 50,
        ...metricGate,
      },
    });
    if (started.status !== "started") throw new Error(JSON.stringify(started));
    await runRolloutStep(deps, started.rollout.id);
    expect(await weights()).toEqual([80, 20]);
    return started.rollout.id;
  }

  /** Moves the emulator's traffic clock past the analysis window and the metric delay. */
  async function letMetricsCome(seconds = 240) {
    const response = await fetch(`${emulator.url}/_emulator/clock`, {
      method: "POST",
      body: JSON.stringify({ advanceSeconds: seconds }),
    });
    expect(response.status).toBe(200);
  }

  it("aborts to the starting weights when the canary starts failing between steps, with the measured rate", async () => {
    const id = await firstStep({});
    const switched = await fetch(`${emulator.url}/_emulator/traffic`, {
      method: "PUT",
      body: JSON.stringify({ switches: ["canary-fails"] }),
    });
    expect(switched.status).toBe(200);
    await letMetricsCome();
    await runRolloutStep(deps, id);
    const rollout = await deps.rollouts.get(id);
    expect(rollout?.status).toBe("aborted");
    expect(rollout?.message).toMatch(
      /^Metric gate failed before step 2: canary 5xx (1[0-4]|9\.\d) % over \d+ requests in the last 2 min \(stable 0\.\d %\): above the 5 % limit\. Starting weights restored\.$/,
    );
    expect(await weights()).toEqual([90, 10]);
    const abort = (await trail.outcomes()).find((e) => e.operation === "AbortRollout");
    expect(abort).toMatchObject({ actor: { id: "trellis:metric-gate" }, result: "applied" });
    expect(abort?.message).toBe(rollout?.message);
  });

  it("waits instead of passing while the canary has served too few requests, and says so", async () => {
    const id = await firstStep({ minRequests: 1_000_000 });
    await letMetricsCome();
    await runRolloutStep(deps, id);
    const rollout = await deps.rollouts.get(id);
    expect(rollout).toMatchObject({ status: "running", stepsDone: 1 });
    expect(rollout?.message).toMatch(
      /^Waiting before step 2: canary served \d+ requests in the last 2 min \(the gate needs 1000000\)$/,
    );
    expect(await weights()).toEqual([80, 20]);
    // Out of the way of the next test: one rollout per action.
    await deps.rollouts.update(id, ["running"], { status: "aborted", nextStepAt: null });
  });

  it("takes the step when the canary's errors and latency are within the gate", async () => {
    const id = await firstStep({ maxP99Ms: 400 });
    await letMetricsCome();
    await runRolloutStep(deps, id);
    const rollout = await deps.rollouts.get(id);
    expect(rollout).toMatchObject({ status: "running", stepsDone: 2 });
    expect(await weights()).toEqual([50, 50]);
    expect(rollout?.events.at(-1)?.message).toMatch(
      /^Step 2: 50 % to the canary \(metric gate passed: canary 5xx 1\.\d %/,
    );
  });
});
