// The package's public entry: everything outside packages/aws-emulator imports from here (lint enforces it).
export { startEmulator, type Emulator, type EmulatorOptions } from "./server";
export { forgetSavedWorld } from "./core/persist";
export { DEMO_SCENARIO_PATH, buildWorld, readScenarioFile } from "./scenario";
export { ScenarioError, type Scenario, type ScenarioInput } from "./scenario/schema";
export { scenarioSourceSchema, type ScenarioSource, type ScenarioSourceInput } from "./scenario/source";
export type { FaultConfig, FaultConfigInput } from "./core/faults";
export type { World } from "./core/world";
export type { RuleAction } from "./core/model";
export type { EventConfig, EventConfigInput, EventStats } from "./events";
export type { BusEvent } from "./events/cloudtrail";
