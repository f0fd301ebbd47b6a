import "server-only";
import { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import { buildTopology, type Topology } from "@/lib/domain/topology/topology";
import { demoEnvironment, type CrawlEnvironment } from "../config/load-config";
import { openDatabase, type Database } from "../db/database";
import { createHistoryRepository, type HistoryRepository } from "../db/history";
import { createTestDatabase, type TestDatabase } from "../db/testing";
import { auditTrail } from "./audit-trail";
import { crawlAndRecord } from "./record-crawl";

/** The demo emulator, crawled once into a test database of its own: the services' integration tests' setup. */
export interface DemoStack {
  testDb: TestDatabase;
  db: Database;
  emulator: Emulator;
  env: CrawlEnvironment;
  history: HistoryRepository;
  trail: ReturnType<typeof auditTrail>;
  /** Before each test: the emulator back to its scenario, and the audit trail read from here on. */
  reset(): Promise<void>;
  /** Closes the emulator, stops the database and drops it. */
  stop(): Promise<void>;
}

/** Creates the test database `name`, starts the demo emulator and records one crawl of it. */
export async function startDemoStack(name: string): Promise<DemoStack> {
  const testDb = await createTestDatabase(name);
  let db: Database | undefined;
  let emulator: Emulator | undefined;
  const stop = async () => {
    await emulator?.close();
    await db?.stop();
    await testDb.drop();
  };
  try {
    db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
    emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
    const env = await demoEnvironment(emulator.url);
    const history = createHistoryRepository(db);
    await crawlAndRecord(history, env);
    return stack(testDb, db, emulator, env, history, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

function stack(
  testDb: TestDatabase,
  db: Database,
  emulator: Emulator,
  env: CrawlEnvironment,
  history: HistoryRepository,
  stop: () => Promise<void>,
): DemoStack {
  const trail = auditTrail(db);
  return {
    testDb,
    db,
    emulator,
    env,
    history,
    trail,
    async reset() {
      emulator.reset();
      await trail.mark();
    },
    stop,
  };
}

/** The latest recorded estate as a topology. */
export async function latestTopology(history: HistoryRepository): Promise<Topology> {
  const estate = await history.estateAt("latest");
  return buildTopology(estate!.resources, estate!.relations, estate!.scopes);
}

/** The latest recorded topology's nodes by id. */
export async function latestNodes(
  history: HistoryRepository,
): Promise<Map<string, Topology["nodes"][number]>> {
  return new Map((await latestTopology(history)).nodes.map((node) => [node.id, node]));
}

const DEMO_DEVELOPERS = {
  ordering: { accessKeyId: "AKIATRELLISDEMOORD01", secretAccessKey: "trellis-demo-secret-ordering" },
  payments: { accessKeyId: "AKIATRELLISDEMOPAY01", secretAccessKey: "trellis-demo-secret-payments" },
};

/** A Lattice client of the emulator at `endpoint`, signed as that demo account's developer (the SDK's retries). */
export function demoLattice(endpoint: string, account: keyof typeof DEMO_DEVELOPERS): VPCLatticeClient {
  return new VPCLatticeClient({ region: "us-east-1", endpoint, credentials: DEMO_DEVELOPERS[account] });
}
