import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/domain/http/api-errors";
import { resourceParamsSchema } from "@/lib/domain/http/api-queries";
import {
  CANARY_TARGET,
  createDemoHistory,
  ORDER_LISTENER,
  ORDER_SERVICE,
  ORDERING,
  orderDefaultRule,
  type DemoHistory,
} from "../../testing/demo-history";
import { getResource } from "./get-resource";

describe("getResource", () => {
  let demo: DemoHistory;

  beforeAll(async () => {
    demo = await createDemoHistory();
  });

  afterAll(async () => {
    await demo?.close();
  });

  it("returns the current detail, the AWS payloads and every version with its field changes", async () => {
    const rule = await orderDefaultRule(demo.history);
    const detail = await getResource(demo.history, rule);
    expect(detail.deleted).toBe(false);
    expect(detail.resource).toMatchObject({
      id: rule,
      kind: "rule",
      name: "default",
      parentId: ORDER_LISTENER,
      accountId: ORDERING,
      region: "us-east-1",
    });
    expect(detail.resource.data).toMatchObject({ isDefault: true });

    expect(detail.history.map((version) => [version.from.runId, version.to?.runId ?? null])).toEqual([
      [demo.first.id, demo.second.id],
      [demo.second.id, null],
    ]);
    expect(detail.history[0]?.changes).toEqual([]);
    expect(detail.history[1]?.changes).toEqual(
      expect.arrayContaining([
        {
          path: "data.action.forward.targetGroups[0].weight",
          kind: "changed",
          before: 90,
          after: 50,
        },
        {
          path: "data.action.forward.targetGroups[1].weight",
          kind: "changed",
          before: 10,
          after: 50,
        },
      ]),
    );
  });

  it("includes the raw AWS payloads of the current version", async () => {
    const detail = await getResource(demo.history, ORDER_SERVICE);
    expect(detail.resource).toMatchObject({ kind: "service", name: "order" });
    expect(detail.raw).toEqual({
      GetService: expect.objectContaining({ arn: ORDER_SERVICE, name: "order" }),
    });
  });

  it("finds ids that contain slashes (as the router hands over several path segments)", async () => {
    const { id } = resourceParamsSchema.parse({ id: CANARY_TARGET.split("/") });
    const detail = await getResource(demo.history, id);
    expect(detail.resource).toMatchObject({ id: CANARY_TARGET, kind: "target" });
    expect(detail.history[0]?.from.runId).toBe(demo.first.id);
  });

  it("reports a resource gone since a later run as deleted, with its last known state", async () => {
    const detail = await getResource(demo.history, CANARY_TARGET);
    expect(detail.deleted).toBe(true);
    expect(detail.history.at(-1)?.to?.runId).toBe(demo.second.id);
  });

  it("finds synthetic account ids", async () => {
    const detail = await getResource(demo.history, `account:${ORDERING}`);
    expect(detail.resource).toMatchObject({ kind: "account", name: "ordering", region: "global" });
  });

  it("answers 404 for an id no crawl has seen", async () => {
    const error = await getResource(
      demo.history,
      "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0none",
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: "not_found" });
  });
});
