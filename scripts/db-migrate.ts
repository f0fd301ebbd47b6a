// Applies the committed migrations to DATABASE_URL, or to the embedded PostgreSQL in .data/ (as `npm start` does).
// Usage: npm run db:migrate
import path from "node:path";
import { openDatabase } from "../lib/server/db/database";

const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: path.join(process.cwd(), ".data"),
});
try {
  const { applied, alreadyApplied } = db.migrations;
  console.log(applied.length > 0 ? `Applied ${applied.join(", ")}` : "The database is up to date.");
  if (alreadyApplied.length > 0) console.log(`Already applied: ${alreadyApplied.length} migration(s).`);
} finally {
  await db.stop();
}
