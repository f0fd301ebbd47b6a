import { builtinModules } from "node:module";
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import nextPlugin from "@next/eslint-plugin-next";
import globals from "globals";
import tseslint from "typescript-eslint";

const TS_FILES = ["**/*.{ts,tsx,mts,cts}"];

/** Imports each layer may not make (STYLE.md, "Boundaries are enforced by lint"). */
const forbidden = {
  prisma: {
    paths: [],
    patterns: [
      { group: ["@prisma/*"], message: "Database access belongs in lib/server/db." },
      {
        regex: "(^@/|(^|/))lib/generated(/|$)",
        message: "The generated Prisma client belongs to lib/server/db.",
      },
    ],
  },
  aws: {
    paths: [],
    patterns: [
      { group: ["@aws-sdk/*", "@smithy/*"], message: "AWS calls belong in lib/server/aws adapters." },
    ],
  },
  server: {
    paths: [{ name: "server-only", message: "Only lib/server is server-only." }],
    patterns: [
      {
        regex: "^@/lib/server(/|$)",
        message: "lib/server is reachable only from app/ (routes) and lib/server.",
      },
      {
        regex: "^(\\.\\./)+(lib/)?server(/|$)",
        message: "lib/server is reachable only from app/ (routes) and lib/server.",
      },
    ],
  },
  framework: {
    paths: ["react", "react-dom", "next"].map((name) => ({
      name,
      message: "lib/domain and view models (components/**/model) are plain TypeScript: no UI framework.",
    })),
    patterns: [
      {
        group: ["react/*", "react-dom/*", "next/*"],
        message: "lib/domain and view models (components/**/model) are plain TypeScript: no UI framework.",
      },
    ],
  },
  node: {
    paths: builtinModules
      .filter((name) => !name.startsWith("_"))
      .map((name) => ({ name, message: "lib/domain runs anywhere: no Node built-ins." })),
    patterns: [{ group: ["node:*"], message: "lib/domain runs anywhere: no Node built-ins." }],
  },
};

/** One `no-restricted-imports` entry per layer, since a later flat-config block replaces a rule's options. */
function restrictImports(...sets) {
  return [
    "error",
    {
      paths: sets.flatMap((set) => set.paths),
      patterns: sets.flatMap((set) => set.patterns),
    },
  ];
}

/**
 * The emulator is a workspace package (packages/aws-emulator) with one public entry; its tests' helpers are the only
 * other one. Fenced with the typescript-eslint variant of no-restricted-imports, so that it adds to the layer blocks
 * above rather than replacing their options.
 */
const EMULATOR_PACKAGE = "@trellis/aws-emulator";
const emulatorEntryOnly = {
  regex: `^${EMULATOR_PACKAGE}/(?!testing$)|(^|/)packages/aws-emulator(/|$)|^@/emulator(/|$)`,
  message: `Import the emulator through its public entry, ${EMULATOR_PACKAGE} (${EMULATOR_PACKAGE}/testing in tests).`,
};
const emulatorTestingOnlyInTests = {
  regex: `^${EMULATOR_PACKAGE}/testing$`,
  message: `${EMULATOR_PACKAGE}/testing holds test helpers (it imports vitest): use it from tests only.`,
};
const PRODUCT_FILES = [
  "app/**",
  "lib/**",
  "components/**",
  "scripts/**",
  "bench/**",
  "e2e/**",
  "*.{ts,tsx,mts,mjs}",
];
const TEST_FILES = ["**/*.test.{ts,tsx}", "**/testing/**", "**/testing.ts", "e2e/**"];

const processEnvOnlyInEnvModule = [
  "error",
  {
    selector: "MemberExpression[object.name='process'][property.name='env']",
    message: "Read configuration through lib/env.ts, the one place that reads process.env.",
  },
  {
    selector: "VariableDeclarator[init.name='process'] > ObjectPattern > Property[key.name='env']",
    message: "Read configuration through lib/env.ts, the one place that reads process.env.",
  },
];

export default defineConfig(
  {
    ignores: [
      ".next/",
      "dist/",
      "lib/generated/",
      ".data/",
      "test-results/",
      "playwright-report/",
      "blob-report/",
      "coverage/",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  nextPlugin.configs["core-web-vitals"],
  {
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    settings: { next: { rootDir: "." } },
  },
  {
    files: TS_FILES,
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": [
        "error",
        {
          "ts-ignore": true,
          "ts-nocheck": true,
          "ts-check": false,
          "ts-expect-error": "allow-with-description",
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["app/**", "components/**", "lib/client/**"],
    languageOptions: { globals: { ...globals.browser } },
  },

  // process.env only in lib/env.ts. Outside the rule: the emulator package (a standalone server with its own CLI),
  // scripts/, bench/ and e2e/ (tooling that sets up processes, not the app), and the tools' own config files.
  {
    files: ["**/*.{ts,tsx,mts,cts,js,mjs,cjs}"],
    ignores: [
      "lib/env.ts",
      "packages/aws-emulator/**",
      "scripts/**",
      "bench/**",
      "e2e/**",
      "*.config.{ts,mts,js,mjs,cjs}",
    ],
    rules: { "no-restricted-syntax": processEnvOnlyInEnvModule },
  },

  // AWS returns names, tags and policies that anyone with AWS access can set: they are rendered as text only.
  {
    files: ["app/**", "components/**", "lib/client/**"],
    rules: {
      "no-restricted-syntax": [
        ...processEnvOnlyInEnvModule,
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: "Render text with JSX; never strings as HTML (they may come from AWS).",
        },
        {
          selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]",
          message: "Render text with JSX; never strings as HTML (they may come from AWS).",
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: "Render text with JSX; never strings as HTML (they may come from AWS).",
        },
      ],
    },
  },

  // Layer boundaries.
  {
    files: ["app/**"],
    rules: { "no-restricted-imports": restrictImports(forbidden.prisma, forbidden.aws) },
  },
  {
    files: ["components/**", "lib/client/**"],
    rules: { "no-restricted-imports": restrictImports(forbidden.prisma, forbidden.aws, forbidden.server) },
  },
  // View models (components/**/model/) are plain TypeScript: the React bindings beside them import them, never
  // the other way round.
  {
    files: ["components/**/model/**"],
    rules: {
      "no-restricted-imports": restrictImports(
        forbidden.prisma,
        forbidden.aws,
        forbidden.server,
        forbidden.framework,
        {
          paths: [],
          patterns: [
            {
              group: ["@xyflow/*"],
              message: "View models are React-free: React Flow types belong to the bindings.",
            },
            { regex: "^\\.\\./(?!model/)[^/]+$", message: "View models import no React components." },
          ],
        },
      ),
    },
  },

  // The AWS SDK only in lib/server/aws: the crawler and services call its adapters. Tests and their fixtures
  // (testing/ folders), like bench/, scripts/ and the emulator package, may drive AWS or the emulator directly.
  {
    files: ["lib/server/**", "lib/*.{ts,tsx}"],
    ignores: ["lib/server/aws/**", ...TEST_FILES],
    rules: { "no-restricted-imports": restrictImports(forbidden.aws) },
  },
  {
    files: ["lib/domain/**"],
    rules: {
      "no-restricted-imports": restrictImports(
        forbidden.prisma,
        forbidden.aws,
        forbidden.server,
        forbidden.framework,
        forbidden.node,
      ),
      "no-restricted-globals": [
        "error",
        { name: "process", message: "lib/domain runs anywhere: no Node globals." },
        { name: "Buffer", message: "lib/domain runs anywhere: use Uint8Array." },
      ],
    },
  },

  // The product reaches the emulator only through its public entry; the emulator knows nothing of the product.
  {
    files: PRODUCT_FILES,
    ignores: TEST_FILES,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [emulatorEntryOnly, emulatorTestingOnlyInTests] },
      ],
    },
  },
  {
    files: TEST_FILES,
    ignores: ["packages/**"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [emulatorEntryOnly] }] },
  },
  {
    files: ["packages/aws-emulator/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/|^(\\.\\./)+(app|components|lib|scripts|bench|e2e|prisma)(/|$)",
              message: "The emulator imports nothing from the product (app/, components/, lib/ …).",
            },
          ],
        },
      ],
    },
  },
);
