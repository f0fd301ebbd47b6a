import "server-only";
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The development and CI PostgreSQL (trust authentication). */
export const TEST_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops this database, and only this one. */
  drop(): Promise<void>;
}

/** A new, empty database for one test suite, e.g. `trellis_test_3f9a0c1b2d`. */
export async function createTestDatabase(
  prefix = "trellis_test",
  serverUrl = TEST_SERVER_URL,
): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
