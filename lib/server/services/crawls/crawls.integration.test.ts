import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/domain/http/api-errors";
import { crawlListQuerySchema } from "@/lib/domain/http/api-queries";
import { createDemoHistory, PAYMENTS, type DemoHistory } from "../../testing/demo-history";
import { getCrawl } from "./get-crawl";
import { listCrawls } from "./list-crawls";

describe("crawl run services", () => {
  let demo: DemoHistory;

  beforeAll(async () => {
    demo = await createDemoHistory();
  });

  afterAll(async () => {
    await demo?.close();
  });

  it("lists recent runs newest first, paging back with nextBefore", async () => {
    const third = await demo.history.startRun({ trigger: "manual", queued: true });
    const all = await listCrawls(demo.history, crawlListQuerySchema.parse({}));
    expect(all.runs.map((run) => run.id)).toEqual([third.id, demo.second.id, demo.first.id]);
    expect(all.nextBefore).toBeNull();
    expect(all.runs[0]).toMatchObject({ status: "queued", trigger: "manual", startedAt: null });
    // How much each run found changed: the first found the whole estate, a run that read nothing changed nothing.
    expect(all.runs.find((run) => run.id === demo.first.id)?.changes).toBeGreaterThan(50);
    expect(all.runs[0]?.changes).toBe(0);

    const page = await listCrawls(demo.history, crawlListQuerySchema.parse({ limit: "2" }));
    expect(page.runs.map((run) => run.id)).toEqual([third.id, demo.second.id]);
    expect(page.nextBefore).toBe(demo.second.id);
    const next = await listCrawls(
      demo.history,
      crawlListQuerySchema.parse({ limit: "2", before: String(page.nextBefore) }),
    );
    expect(next.runs.map((run) => run.id)).toEqual([demo.first.id]);
    expect(next.nextBefore).toBeNull();
  });

  it("details a run: status, progress, counts, calls and the errors of the scope that failed", async () => {
    const run = await getCrawl(demo.history, demo.second.id);
    expect(run).toMatchObject({
      id: demo.second.id,
      status: "partial",
      progress: { done: 0, total: 8 },
      counts: expect.objectContaining({ account: 4, "service-network": 2, listener: 5 }),
    });
    expect(run.startedAt).toEqual(expect.any(String));
    expect(run.finishedAt).toEqual(expect.any(String));
    expect(run.calls).toBeGreaterThan(100);
    expect(run.errors).toContainEqual(
      expect.objectContaining({ accountId: PAYMENTS, region: "us-east-1", code: "AccessDenied" }),
    );
    expect(run.scopes).toContainEqual(
      expect.objectContaining({ accountId: PAYMENTS, region: "us-east-1", status: "failed" }),
    );
  });

  it("answers 404 for an unknown run", async () => {
    const error = await getCrawl(demo.history, 999_999).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      code: "not_found",
      message: "Crawl run 999999 does not exist",
    });
  });
});
