import { describe, expect, it } from "vitest";
import { isShuttingDown, onShutdown, shutdown, trackRequest } from "./shutdown";

describe("shutdown", () => {
  it("fails readiness first, lets work and requests finish, then closes in reverse order; bounded", async () => {
    const events: string[] = [];
    const warnings: string[] = [];
    const log = {
      info: () => undefined,
      warn: (m: string) => warnings.push(m),
      error: (m: string) => events.push(`error ${m}`),
    };
    let finishRequest: () => void = () => undefined;
    const request = trackRequest(
      () => new Promise<string>((resolve) => (finishRequest = () => resolve("applied"))),
    );
    onShutdown({
      name: "queue",
      phase: "close",
      stop: async ({ interrupted }) => void events.push(`close queue ${interrupted}`),
    });
    onShutdown({ name: "exporter", phase: "close", stop: async () => void events.push("close exporter") });
    onShutdown({
      name: "crawl worker",
      phase: "work",
      stop: async () => {
        events.push(`work starts, shutting down: ${isShuttingDown()}`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        events.push("crawl finished");
      },
    });
    onShutdown({ name: "stuck rollout step", phase: "work", stop: () => new Promise(() => undefined) });

    expect(isShuttingDown()).toBe(false);
    const done = shutdown("SIGTERM", { timeoutMs: 300, log });
    expect(isShuttingDown()).toBe(true);
    setTimeout(() => finishRequest(), 60);
    await done;
    expect(await request).toBe("applied");
    expect(events).toEqual([
      "work starts, shutting down: true",
      "crawl finished",
      "close exporter",
      "close queue true",
    ]);
    expect(warnings).toEqual([expect.stringMatching(/still running after 0 s: stuck rollout step;/)]);
    expect(shutdown("again", { timeoutMs: 1, log })).toBe(done);
  });
});
