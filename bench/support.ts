import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

/** What a benchmark started: its child processes, and cleanups run in reverse order on the way out. */
export const children: ChildProcess[] = [];
export const cleanups: (() => Promise<void>)[] = [];

export async function shutdown(code: number): Promise<never> {
  for (const child of children) child.kill("SIGTERM");
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(130));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Waits until the URL answers anything below 500. */
export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);

/**
 * The emulator in its own process, as AWS would be, playing a generated estate of `accounts` × `services`, so the
 * crawler's CPU time isn't shared with it. Stopped with the benchmark's other children.
 */
export async function startGeneratedEmulator(accounts: number, servicesPerAccount: number): Promise<string> {
  const port = await freePort();
  const child = spawn(
    bin("node"),
    [
      "--import",
      "tsx",
      bin("trellis-aws-emulator"),
      "--scenario",
      "generate",
      "--accounts",
      String(accounts),
      "--services",
      String(servicesPerAccount),
      "--port",
      String(port),
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/_emulator/health`, 60_000);
  return url;
}

/** A call to the emulator's control endpoint (`/_emulator/<route>`), its JSON answer. */
export async function emulatorControl(url: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${url}/_emulator${route}`, {
    method,
    ...(body ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
  });
  return response.json() as Promise<Record<string, unknown>>;
}
