import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, YAMLError } from "yaml";
import type { World } from "../core/world";
import { generateScenario } from "./generate";
import { loadParsedScenario, loadScenario } from "./load";
import { ScenarioError } from "./schema";
import type { ScenarioSource } from "./source";

export const DEMO_SCENARIO_PATH = fileURLToPath(new URL("../scenarios/demo.yaml", import.meta.url));

/** Reads a scenario file: JSON for `.json`, YAML otherwise. */
export function readScenarioFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ScenarioError([
      { path: "", message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` },
    ]);
  }
  try {
    return extname(path) === ".json" ? JSON.parse(text) : parse(text);
  } catch (error) {
    if (error instanceof YAMLError || error instanceof SyntaxError) {
      throw new ScenarioError([{ path: "", message: `${path}: ${error.message}` }]);
    }
    throw error;
  }
}

function loadFile(path: string): World {
  const data = readScenarioFile(path);
  try {
    return loadScenario(data);
  } catch (error) {
    if (error instanceof ScenarioError) {
      throw new ScenarioError(
        error.issues.map((i) => ({ ...i, path: i.path ? `${path}: ${i.path}` : path })),
      );
    }
    throw error;
  }
}

/** Builds a fresh world from a scenario source. */
export function buildWorld(source: ScenarioSource): World {
  switch (source.name) {
    case "demo":
      return loadFile(DEMO_SCENARIO_PATH);
    case "generate":
      return loadParsedScenario(generateScenario(source));
    case "file":
      return loadFile(resolve(process.cwd(), source.path));
    case "inline":
      return loadScenario(source.data);
  }
}
