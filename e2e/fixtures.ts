import { test as base, expect, type APIRequestContext } from "@playwright/test";
import { z } from "zod";
import { E2E_EMULATOR_URL } from "./servers";

const scenarioSchema = z.object({
  scenario: z.string(),
  regions: z.array(z.string()),
  accounts: z.array(z.object({ id: z.string(), name: z.string() })),
});

export type EmulatorScenario = z.infer<typeof scenarioSchema>;

/** The emulator's control endpoint, for arranging state the way a test needs it. */
export interface EmulatorControl {
  url: string;
  scenario(): Promise<EmulatorScenario>;
  /** Rebuilds the loaded scenario from scratch, undoing what earlier tests changed. */
  reset(): Promise<void>;
}

interface Fixtures {
  emulator: EmulatorControl;
  /** Saves a full-page screenshot under test-results/ and attaches it to the report; returns the file path. */
  saveScreenshot: (name: string) => Promise<string>;
}

function emulatorControl(request: APIRequestContext): EmulatorControl {
  return {
    url: E2E_EMULATOR_URL,
    async scenario() {
      const response = await request.get(`${E2E_EMULATOR_URL}/_emulator/scenario`);
      expect(response.ok(), "emulator control endpoint answers").toBe(true);
      return scenarioSchema.parse(await response.json());
    },
    async reset() {
      const response = await request.post(`${E2E_EMULATOR_URL}/_emulator/reset`);
      expect(response.ok(), "emulator reset succeeds").toBe(true);
    },
  };
}

export const test = base.extend<Fixtures>({
  emulator: async ({ request }, use) => {
    await use(emulatorControl(request));
  },
  saveScreenshot: async ({ page }, use, testInfo) => {
    await use(async (name) => {
      const path = testInfo.outputPath(`${name}.png`);
      await page.screenshot({ path, fullPage: true });
      await testInfo.attach(name, { path, contentType: "image/png" });
      return path;
    });
  },
});

export { expect };
