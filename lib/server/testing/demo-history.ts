import "server-only";
import {
  DeregisterTargetsCommand,
  UpdateListenerCommand,
  VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { startEmulator, type Emulator } from "@trellis/aws-emulator";
import type { CrawlRunSummary } from "@/lib/domain/topology/history";
import { demoEnvironment, type CrawlEnvironment } from "../config/load-config";
import { openDatabase, type Database } from "../db/database";
import { createHistoryRepository, type HistoryRepository } from "../db/history";
import { createTestDatabase, type TestDatabase } from "../db/testing";
import { crawlAndRecord } from "./record-crawl";

export const HUB = "111122223333";
export const ORDERING = "222233334444";
export const PAYMENTS = "333344445555";
export const PARTNER = "444455556666";

const ordering = `arn:aws:vpc-lattice:us-east-1:${ORDERING}`;
export const RETAIL_NETWORK = `arn:aws:vpc-lattice:us-east-1:${HUB}:servicenetwork/sn-0retailnetwork001`;
export const ORDER_SERVICE = `${ordering}:service/svc-0order00000000001`;
export const ORDER_LISTENER = `${ORDER_SERVICE}/listener/listener-0orderhttps000001`;
export const ORDER_STABLE = `${ordering}:targetgroup/tg-0orderstable00001`;
export const ORDER_CANARY = `${ordering}:targetgroup/tg-0ordercanary00001`;

/** The order service's forward action with these weights for its stable and canary target groups. */
export const orderSplit = (stable: number, canary: number) => ({
  forward: {
    targetGroups: [
      { targetGroupIdentifier: ORDER_STABLE, weight: stable },
      { targetGroupIdentifier: ORDER_CANARY, weight: canary },
    ],
  },
});

/** The Lattice operations by which Trellis changes routing, as the emulator counts them. */
export const ROUTING_WRITES = ["UpdateListener", "UpdateRule", "BatchUpdateRule", "CreateRule", "DeleteRule"];
/** Deregistered between the two runs. */
export const CANARY_TARGET = `${ORDER_CANARY}/target/10.1.2.91:8080`;

/** Changes order's default action (signed as the ordering account's developer). */
export async function setOrderSplit(
  demo: { emulator: Emulator },
  stable: number,
  canary: number,
): Promise<void> {
  const lattice = new VPCLatticeClient({
    region: "us-east-1",
    endpoint: demo.emulator.url,
    credentials: { accessKeyId: "AKIATRELLISDEMOORD01", secretAccessKey: "trellis-demo-secret-ordering" },
    maxAttempts: 1,
  });
  try {
    await lattice.send(
      new UpdateListenerCommand({
        serviceIdentifier: ORDER_SERVICE,
        listenerIdentifier: ORDER_LISTENER,
        defaultAction: {
          forward: {
            targetGroups: [
              { targetGroupIdentifier: ORDER_STABLE, weight: stable },
              { targetGroupIdentifier: ORDER_CANARY, weight: canary },
            ],
          },
        },
      }),
    );
  } finally {
    lattice.destroy();
  }
}

/** The id of order's default rule (the listener's default action, which Lattice lists as a rule). */
export async function orderDefaultRule(history: HistoryRepository): Promise<string> {
  const estate = await history.estateAt("latest");
  const rule = estate?.resources.find(
    (resource) => resource.kind === "rule" && resource.parentId === ORDER_LISTENER && resource.data.isDefault,
  );
  if (!rule) throw new Error("The demo's order listener has no default rule");
  return rule.id;
}

export interface DemoHistory {
  emulator: Emulator;
  env: CrawlEnvironment;
  db: Database;
  history: HistoryRepository;
  /** The demo as loaded: order's listener splits 90/10 between stable and canary. */
  first: CrawlRunSummary;
  /** After moving order to 50/50, deregistering a canary target, and denying the crawler in payments/us-east-1. */
  second: CrawlRunSummary;
  close(): Promise<void>;
}

/**
 * A test database holding two crawls of the demo emulator with changes in between, for the API services'
 * integration tests. Each suite gets its own database and emulator.
 */
export async function createDemoHistory(): Promise<DemoHistory> {
  const testDb: TestDatabase = await createTestDatabase();
  const db = await openDatabase({ databaseUrl: testDb.url, dataDir: "/nonexistent-unused" });
  const emulator = await startEmulator({ scenario: { name: "demo" }, port: 0 });
  const close = async () => {
    await emulator.close();
    await db.stop();
    await testDb.drop();
  };
  try {
    const history = createHistoryRepository(db);
    const env = await demoEnvironment(emulator.url);
    const first = await crawlAndRecord(history, env);

    await setOrderSplit({ emulator }, 50, 50);
    const lattice = new VPCLatticeClient({
      region: "us-east-1",
      endpoint: emulator.url,
      credentials: { accessKeyId: "AKIATRELLISDEMOORD01", secretAccessKey: "trellis-demo-secret-ordering" },
      maxAttempts: 1,
    });
    await lattice.send(
      new DeregisterTargetsCommand({
        targetGroupIdentifier: ORDER_CANARY,
        targets: [{ id: "10.1.2.91", port: 8080 }],
      }),
    );
    lattice.destroy();
    emulator.faults.set({ accessDenied: [{ accountId: PAYMENTS, region: "us-east-1" }] });
    const second = await crawlAndRecord(history, env);
    emulator.faults.set({});
    const failed = (await history.getRun(second.id))?.scopes.filter((scope) => scope.status === "failed");
    if (failed?.length !== 1) {
      const errors = (await history.getRun(second.id))?.errors ?? [];
      throw new Error(`Expected only payments/us-east-1 to fail, got ${JSON.stringify({ failed, errors })}`);
    }
    return { emulator, env, db, history, first, second, close };
  } catch (error) {
    await close();
    throw error;
  }
}
