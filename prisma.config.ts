import path from "node:path";
import { defineConfig } from "prisma/config";

// The native schema engine cannot be downloaded here; generate/validate/format only need the variable to
// name an existing file. Migrations are created and applied by scripts/db-migrate-new.ts and lib/server/db/migrate.ts.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
});
