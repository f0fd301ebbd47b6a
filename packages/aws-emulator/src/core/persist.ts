import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ScenarioSource } from "../scenario/source";
import { World } from "./world";

/** Bumped when the saved shape changes: an older file is then ignored and the scenario built afresh. */
const FORMAT = 1;

interface SavedWorld {
  format: number;
  scenario: ScenarioSource;
  savedAt: string;
  world: {
    accounts: unknown;
    organization: unknown;
    identities: unknown;
    roles: unknown;
    regions: unknown;
    defaultAccountId: string;
    healthChanges: unknown;
    revision: number;
    loadedAtMs: number;
  };
}

const MAP = "$map";

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? { [MAP]: [...value.entries()] } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value) && MAP in value) {
    const entries = (value as Record<string, unknown>)[MAP];
    if (Array.isArray(entries)) return new Map(entries as [unknown, unknown][]);
  }
  return value;
}

/** The world as JSON, without session credentials that have expired (every crawl makes new ones). */
export function serializeWorld(world: World, scenario: ScenarioSource, now = Date.now()): string {
  const identities = new Map(
    [...world.identities].filter(
      ([, identity]) => !identity.expiration || Date.parse(identity.expiration) > now,
    ),
  );
  const saved: SavedWorld = {
    format: FORMAT,
    scenario,
    savedAt: new Date(now).toISOString(),
    world: {
      accounts: world.accounts,
      organization: world.organization ?? null,
      identities,
      roles: world.roles,
      regions: world.regions,
      defaultAccountId: world.defaultAccountId,
      healthChanges: world.healthChanges,
      revision: world.revision,
      loadedAtMs: world.loadedAtMs,
    },
  };
  return JSON.stringify(saved, replacer);
}

/**
 * A world saved by serializeWorld, when it was saved for this scenario in this format; undefined otherwise. Ids
 * made after the restore come from a fresh seed: the saved world's generator state is not kept, and 17 random
 * characters do not collide.
 */
export function deserializeWorld(text: string, scenario: ScenarioSource): World | undefined {
  // Written by serializeWorld from a World's own fields: read back, each field has the type it was saved with.
  const saved = JSON.parse(text, reviver) as SavedWorld;
  if (saved.format !== FORMAT || JSON.stringify(saved.scenario) !== JSON.stringify(scenario))
    return undefined;
  const data = saved.world;
  const world = new World({
    seed: (Date.now() ^ data.revision) >>> 0,
    defaultAccountId: data.defaultAccountId,
    nowMs: data.loadedAtMs,
  });
  world.accounts = data.accounts as World["accounts"];
  world.organization = (data.organization ?? undefined) as World["organization"];
  world.identities = data.identities as World["identities"];
  world.roles = data.roles as World["roles"];
  world.regions = data.regions as World["regions"];
  world.healthChanges = data.healthChanges as World["healthChanges"];
  world.revision = data.revision;
  return world;
}

/** Reads a saved world; undefined when there is none, or it is for another scenario, format, or unreadable. */
export function loadSavedWorld(path: string, scenario: ScenarioSource): World | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    return deserializeWorld(text, scenario);
  } catch {
    return undefined;
  }
}

/** Writes the world next to its final place first, so a crash mid-write never leaves half a file. */
export function saveWorld(path: string, world: World, scenario: ScenarioSource): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, serializeWorld(world, scenario));
  renameSync(temporary, path);
}

export function forgetSavedWorld(path: string): void {
  rmSync(path, { force: true });
}
