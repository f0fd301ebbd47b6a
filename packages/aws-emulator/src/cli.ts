#!/usr/bin/env tsx
import { parseArgs } from "node:util";
import { startEmulator } from "./server";
import type { ScenarioSourceInput } from "./scenario/source";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "demo" },
    port: { type: "string", default: "4566" },
    host: { type: "string", default: "127.0.0.1" },
    accounts: { type: "string" },
    services: { type: "string" },
    seed: { type: "string" },
    file: { type: "string" },
    verbose: { type: "boolean", default: false },
    "events-queue": { type: "string" },
    "events-delay-ms": { type: "string" },
  },
});

function scenarioFromArgs(): ScenarioSourceInput {
  switch (values.scenario) {
    case "demo":
      return { name: "demo" };
    case "generate":
      return {
        name: "generate",
        ...(values.accounts ? { accounts: Number(values.accounts) } : {}),
        ...(values.services ? { services: Number(values.services) } : {}),
        ...(values.seed ? { seed: Number(values.seed) } : {}),
      };
    default:
      return { name: "file", path: values.file ?? values.scenario ?? "" };
  }
}

const emulator = await startEmulator({
  scenario: scenarioFromArgs(),
  port: Number(values.port),
  host: values.host,
  ...(values["events-queue"]
    ? {
        events: {
          queueArn: values["events-queue"],
          ...(values["events-delay-ms"] ? { delayMs: Number(values["events-delay-ms"]) } : {}),
        },
      }
    : {}),
  log: values.verbose
    ? (line) => console.log(line)
    : (line) => line.startsWith("emulator:") && console.error(line),
});
const world = emulator.world;
console.log(
  `Trellis AWS emulator (${emulator.scenario.name}) listening on ${emulator.url} — ${world.accounts.size} accounts, regions ${[...world.regions.keys()].join(", ")}`,
);
console.log(`Control endpoint: ${emulator.url}/_emulator/scenario`);
const stop = () => {
  void emulator.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
