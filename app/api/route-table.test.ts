import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { API_ROUTES } from "@/lib/domain/http/api-routes";
import { isUnsafeMethod } from "@/lib/domain/http/origin-check";

const API_DIR = fileURLToPath(new URL(".", import.meta.url));
const README = fileURLToPath(new URL("../../README.md", import.meta.url));
/** Every method a Next route handler can export. */
const HANDLER_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** route.ts files under app/api with the URL pattern Next serves them at (route groups and private folders aside). */
function routeFiles(dir = API_DIR): { file: string; pattern: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("_") ? [] : routeFiles(full);
    if (entry.name !== "route.ts" && entry.name !== "route.tsx") return [];
    const segments = path
      .relative(API_DIR, dir)
      .split(path.sep)
      .filter((segment) => segment && !/^\(.*\)$/.test(segment));
    return [{ file: full, pattern: ["/api", ...segments].join("/") }];
  });
}

async function handlers(): Promise<string[]> {
  const found: string[] = [];
  for (const { file, pattern } of routeFiles()) {
    const routeModule = (await import(file)) as Record<string, unknown>;
    for (const method of HANDLER_METHODS) {
      if (typeof routeModule[method] === "function") found.push(`${method} ${pattern}`);
    }
  }
  return found.sort();
}

describe("the API route table", () => {
  it("has a rule for every handler exported under app/api, and no rule without a handler", async () => {
    const onDisk = await handlers();
    expect(onDisk.length, "route handlers were found").toBeGreaterThan(5);
    const inTable = API_ROUTES.map((route) => `${route.method} ${route.pattern}`).sort();
    expect(onDisk).toEqual(inTable);
  }, 60_000);
});

/** Rows of the README's "Write route" table as `METHOD /path/{param} role`. */
function readmeWriteRoutes(): string[] {
  const lines = readFileSync(README, "utf8").split("\n");
  const header = lines.findIndex((line) => /^\|\s*Write route\s*\|\s*Role\s*\|/.test(line));
  expect(header, "README has a table headed | Write route | Role | What |").toBeGreaterThan(-1);
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const [route, role] = line
      .split("|")
      .slice(1, 3)
      .map((cell) => cell.trim());
    rows.push(`${route?.replace(/^`|`$/g, "")} ${role}`);
  }
  return rows;
}

describe("the README's list of write routes", () => {
  it("names every route that changes something, with the least role the route table lets call it", () => {
    const writes = API_ROUTES.filter(
      (route) =>
        isUnsafeMethod(route.method) && route.access !== "viewer" && route.pattern !== "/api/[...path]",
    ).map((route) => {
      const path = route.pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, "{$1}");
      return `${route.method} ${path} ${route.access === "public" ? "anyone" : route.access}`;
    });
    expect(writes.length).toBeGreaterThanOrEqual(9);
    expect(readmeWriteRoutes().sort()).toEqual(writes.sort());
  });
});
