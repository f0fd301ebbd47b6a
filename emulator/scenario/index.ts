import { World } from "../core/world";
import type { ScenarioSource } from "./source";

/** Builds a fresh world from a scenario source. */
export function buildWorld(source: ScenarioSource): World {
  void source;
  return new World();
}
