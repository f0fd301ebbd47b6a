import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const alias = {
  "@": fileURLToPath(new URL(".", import.meta.url)),
  "server-only": fileURLToPath(new URL("./lib/server/testing/server-only-stub.ts", import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    // A project with no tests yet (early in the project, or a filter that matches none) is not a failure.
    passWithNoTests: true,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          // Both cores: the policy review's property test takes one while the other files run beside it.
          maxWorkers: 2,
          include: ["{lib,components,app}/**/*.test.{ts,tsx}", "packages/*/src/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          // These tests mostly wait on PostgreSQL, the emulator and child processes: three files at a time keep the
          // tier at a quarter of its one-at-a-time wall time on a 2-core machine. Each file has its own databases,
          // emulators and ports.
          maxWorkers: 3,
          include: ["{lib,app}/**/*.integration.test.ts", "packages/*/src/**/*.integration.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
