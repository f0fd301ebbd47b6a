import { trafficConfigSchema, trafficOf, type TrafficConfig } from "../cloudwatch/traffic-config";
import { DEMO_SCENARIO_PATH, readScenarioFile } from "./index";
import type { ScenarioSource } from "./source";
import { resolve } from "node:path";

/** The traffic a scenario source describes (a generated estate: the defaults). */
export function trafficForSource(source: ScenarioSource): TrafficConfig {
  switch (source.name) {
    case "demo":
      return trafficOf(readScenarioFile(DEMO_SCENARIO_PATH));
    case "file":
      return trafficOf(readScenarioFile(resolve(process.cwd(), source.path)));
    case "inline":
      return trafficOf(source.data);
    case "generate":
      return trafficConfigSchema.parse({});
  }
}
