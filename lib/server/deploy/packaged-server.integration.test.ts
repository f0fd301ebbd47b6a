import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing";

const root = path.resolve(import.meta.dirname, "../../..");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every file of a folder with its size and modification time: what a read-only root filesystem would keep. */
async function listing(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file).catch(() => undefined);
    if (info) files.set(path.relative(dir, file), `${info.size}:${info.mtimeMs}`);
  }
  return files;
}

/** Exactly these variables (Next's types declare NODE_ENV always set; the launcher sets it itself). */
function exactly(vars: Record<string, string>): NodeJS.ProcessEnv {
  return vars as NodeJS.ProcessEnv;
}

interface Started {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** `<package>/trellis` from a clean directory, with DATABASE_URL (and ports free on this machine) only. */
async function startPackaged(pkg: string, cwd: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(path.join(pkg, "trellis"), [], {
    cwd,
    env: exactly({
      PATH: "/usr/bin:/bin",
      PORT: String(port),
      EMULATOR_PORT: String(await freePort()),
      ...env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

async function until<T>(what: string, started: Started, probe: () => Promise<T | undefined>, ms = 120_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen. The server said:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** An OTLP/HTTP collector that keeps what it is sent. */
async function startCollector(): Promise<{ server: Server; url: string; bodies: Buffer[] }> {
  const bodies: Buffer[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/v1/traces") bodies.push(Buffer.concat(chunks));
      response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

/**
 * `npm run package`, then the folder it makes started from an empty directory with only DATABASE_URL set: it
 * migrates an external PostgreSQL, serves the demo estate, becomes ready, writes nothing into its own folder
 * (the image runs it on a read-only root filesystem), logs JSON lines, exports traces only when OTEL_* ask for
 * it, and stops on SIGTERM.
 */
describe("the packaged folder", () => {
  let pkg: string;
  let work: string;
  let database: TestDatabase;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "trellis-package-"));
    pkg = path.join(work, "trellis");
    const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/package.ts", "--out", pkg], {
      cwd: root,
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`npm run package failed:\n${build.stdout}\n${build.stderr}`);
    database = await createTestDatabase("trellis_package");
  }, 600_000);

  afterAll(async () => {
    for (const child of running) child.kill("SIGKILL");
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  it("holds Node, the server, the migrations and the launcher, and no sources or build tools", async () => {
    const files = await listing(pkg);
    for (const file of [
      "trellis",
      "node/bin/node",
      "server/server.js",
      "server/launch.mjs",
      "scenarios/demo.yaml",
    ]) {
      expect(files.has(file), file).toBe(true);
    }
    expect([...files.keys()].some((f) => /^server\/prisma\/migrations\/.+\/migration\.sql$/.test(f))).toBe(
      true,
    );
    const unwanted = [...files.keys()].filter((f) =>
      /^server\/(app|components|lib|e2e|bench|scripts)\/|\/(typescript|esbuild|tsx|vitest|@playwright|eslint)\/package\.json$|\.env$/.test(
        f,
      ),
    );
    expect(unwanted).toEqual([]);
  });

  it("serves the demo estate from an external PostgreSQL, started from a clean directory, and stops on SIGTERM", async () => {
    const clean = await mkdtemp(path.join(work, "clean-"));
    const before = await listing(pkg);
    const started = await startPackaged(pkg, clean, { DATABASE_URL: database.url });
    running.push(started.child);

    const early = await until("an answer from /readyz", started, async () => {
      const r = await fetch(`${started.url}/readyz`);
      return { status: r.status, text: await r.text() };
    });
    const ready = await until("readiness", started, async () => {
      const r = await fetch(`${started.url}/readyz`);
      return r.status === 200 ? r.text() : undefined;
    });
    expect(ready).toContain("ready\n");
    if (early.status === 503) expect(early.text).toMatch(/\[-\] (database|migrations|crawl): /);

    const topology = (await (await fetch(`${started.url}/api/topology`)).json()) as {
      nodes: { kind: string; label?: string; name?: string }[];
    };
    const services = topology.nodes.filter((n) => n.kind === "service");
    expect(services.length).toBeGreaterThanOrEqual(5);
    expect((await fetch(`${started.url}/`)).status).toBe(200);
    expect((await fetch(`${started.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${started.url}/metrics`)).text();
    expect(metrics).toMatch(
      /^trellis_aws_requests_total\{service="vpc-lattice",operation="ListServices",.*\} [1-9]/m,
    );
    expect(metrics).toMatch(/^trellis_crawl_scope_age_seconds\{/m);

    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
    const lines = started
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines)
      expect(line).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        message: expect.any(String),
      });
    expect(
      lines.some((l) => typeof l.crawlRunId === "number" && /crawled \d+ /.test(String(l.message))),
    ).toBe(true);
    expect(lines.some((l) => /SIGTERM: not ready any more/.test(String(l.message)))).toBe(true);
    expect(started.output()).not.toMatch(/tracing/i);

    expect(await listing(pkg)).toEqual(before);
    expect(await readdir(clean)).toEqual([]);
  }, 240_000);

  it("exports traces over OTLP when the OTEL_* variables are set: AWS calls, jobs and database queries", async () => {
    const collector = await startCollector();
    const clean = await mkdtemp(path.join(work, "clean-"));
    const started = await startPackaged(pkg, clean, {
      DATABASE_URL: database.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: "trellis-under-test",
      OTEL_BSP_SCHEDULE_DELAY: "200",
    });
    running.push(started.child);
    await until("readiness", started, async () =>
      (await fetch(`${started.url}/readyz`)).status === 200 ? true : undefined,
    );
    await fetch(`${started.url}/api/crawls`, { method: "POST" });
    const spans = await until("spans of a crawl", started, async () => {
      const all = Buffer.concat(collector.bodies);
      return ["vpc-lattice.ListServices", "crawl-scope process", "trellis-under-test"].every((s) =>
        all.includes(s),
      )
        ? all
        : undefined;
    });
    expect(spans.includes("pg.query") || spans.includes("SELECT")).toBe(true);
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
    await new Promise((resolve) => collector.server.close(resolve));
  }, 240_000);
});
