import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/domain/http/api-errors";
import { diffQuerySchema } from "@/lib/domain/http/api-queries";
import {
  CANARY_TARGET,
  createDemoHistory,
  ORDER_CANARY,
  ORDER_LISTENER,
  ORDER_STABLE,
  orderDefaultRule,
  type DemoHistory,
} from "../../testing/demo-history";
import { diffRuns } from "./diff-runs";

describe("diffRuns", () => {
  let demo: DemoHistory;

  beforeAll(async () => {
    demo = await createDemoHistory();
  });

  afterAll(async () => {
    await demo?.close();
  });

  const diff = (from: string, to: string) => diffRuns(demo.history, diffQuerySchema.parse({ from, to }));

  it("lists what changed between two runs, field by field", async () => {
    const result = await diff(String(demo.first.id), String(demo.second.id));
    expect(result).toMatchObject({ fromRun: demo.first.id, toRun: demo.second.id });

    const rule = await orderDefaultRule(demo.history);
    const defaultRule = result.resources.changed.find((change) => change.id === rule);
    expect(defaultRule?.after.parentId).toBe(ORDER_LISTENER);
    expect(defaultRule?.changes).toContainEqual({
      path: "data.action.forward.targetGroups[1].weight",
      kind: "changed",
      before: 10,
      after: 50,
    });
    expect(defaultRule?.before).not.toHaveProperty("raw");

    const forwardToCanary = result.relations.changed.find(
      (change) =>
        change.after.kind === "forward" &&
        change.after.target === ORDER_CANARY &&
        change.after.data.isDefault,
    );
    expect(forwardToCanary?.changes).toContainEqual({
      path: "data.weight",
      kind: "changed",
      before: 10,
      after: 50,
    });
    const forwardToStable = result.relations.changed.find(
      (change) =>
        change.after.kind === "forward" &&
        change.after.target === ORDER_STABLE &&
        change.after.data.isDefault,
    );
    expect(forwardToStable?.changes).toContainEqual({
      path: "data.weight",
      kind: "changed",
      before: 90,
      after: 50,
    });

    expect(result.resources.removed.map((resource) => resource.id)).toContain(CANARY_TARGET);
    expect(result.relations.removed).toContainEqual(
      expect.objectContaining({ kind: "tg-target", source: ORDER_CANARY, target: CANARY_TARGET }),
    );
    expect(result.resources.added).toEqual([]);
  });

  it("reads the other way round as the inverse, and accepts latest", async () => {
    const result = await diff("latest", String(demo.first.id));
    expect(result).toMatchObject({ fromRun: demo.second.id, toRun: demo.first.id });
    expect(result.resources.added.map((resource) => resource.id)).toContain(CANARY_TARGET);
    const rule = await orderDefaultRule(demo.history);
    const defaultRule = result.resources.changed.find((change) => change.id === rule);
    expect(defaultRule?.changes).toContainEqual(expect.objectContaining({ before: 50, after: 10 }));
  });

  it("is empty from a run to itself", async () => {
    const result = await diff(String(demo.second.id), "latest");
    expect(result.resources).toEqual({ added: [], removed: [], changed: [] });
    expect(result.relations).toEqual({ added: [], removed: [], changed: [] });
  });

  it("answers 404 naming the run that does not exist", async () => {
    const error = await diff(String(demo.first.id), "424242").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      code: "not_found",
      message: "Crawl run 424242 does not exist",
    });
  });
});
