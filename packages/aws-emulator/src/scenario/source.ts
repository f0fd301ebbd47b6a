import { z } from "zod";

/** What to load into the emulator: a bundled scenario, a generated estate, a YAML/JSON file, or inline data. */
export const scenarioSourceSchema = z.union([
  z.object({ name: z.literal("demo") }).strict(),
  z
    .object({
      name: z.literal("generate"),
      accounts: z.number().int().min(1).max(500).default(3),
      services: z.number().int().min(1).max(20_000).default(10),
      regions: z.array(z.string().min(1)).min(1).max(8).optional(),
      seed: z.number().int().default(1),
    })
    .strict(),
  z.object({ name: z.literal("file"), path: z.string().min(1) }).strict(),
  z.object({ name: z.literal("inline"), data: z.unknown() }).strict(),
]);

export type ScenarioSource = z.infer<typeof scenarioSourceSchema>;
export type ScenarioSourceInput = z.input<typeof scenarioSourceSchema>;
