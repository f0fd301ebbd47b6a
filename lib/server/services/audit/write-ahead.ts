import "server-only";
import type { AuditRecordInput } from "@/lib/domain/audit/audit";
import { isDatabaseUnavailable, type Database, type DbClient } from "../../db/database";
import { createIntentRepository, IntentAlreadySettledError, type IntentKind } from "../../db/intents";
import { countApplyOutcome } from "../../observability/metrics";
import { auditRecord } from "./record-audit";

/**
 * AWS made (or may have made) the write, and the database would not take its outcome within the retry window.
 * The intent is on record; the reconciler settles it from what AWS has once the database answers again.
 */
export class OutcomeNotRecordedError extends Error {
  override name = "OutcomeNotRecordedError";
  constructor(
    readonly intentId: number,
    readonly awsOutcome: string,
    options?: ErrorOptions,
  ) {
    super(
      `${awsOutcome}, but Trellis could not record the outcome because its database is not answering. The ` +
        `intent (audit entry ${intentId}) is recorded: Trellis reconciles it with AWS as soon as the database is back.`,
      options,
    );
  }
}

const SETTLE_ATTEMPTS_MS = [0, 250, 500, 1_000, 2_000, 4_000];

/**
 * Records the intent of an AWS write before it is made: a `pending` audit entry and an open intent for the
 * reconciler, plus what `claim` does in the same transaction (undefined, and nothing written, when the claim
 * refuses). A database failure here throws before AWS is called.
 */
export function openIntent(
  db: Pick<Database, "prisma">,
  entry: Omit<AuditRecordInput, "result" | "intentId">,
  intent: { kind: IntentKind; lockKey: string; payload?: unknown },
  claim?: (tx: DbClient) => Promise<boolean>,
): Promise<number | undefined> {
  return createIntentRepository(db).open(auditRecord(entry), intent, claim);
}

/**
 * Records the outcome of an intent (and what `alongside` writes with it), retrying for a few seconds while the
 * database is unavailable. "settled-elsewhere" when the reconciler already recorded one; throws
 * OutcomeNotRecordedError when the database stays away (`awsOutcome` says what AWS did, for the message).
 */
export async function settleIntent(
  db: Pick<Database, "prisma">,
  intentId: number,
  outcome: Omit<AuditRecordInput, "intentId">,
  awsOutcome: string,
  alongside?: (tx: DbClient) => Promise<void>,
): Promise<"recorded" | "settled-elsewhere"> {
  const intents = createIntentRepository(db);
  const record = auditRecord(outcome);
  let lastError: unknown;
  for (const delay of SETTLE_ATTEMPTS_MS) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      await intents.settle(intentId, record, alongside);
      countApplyOutcome(record.operation, record.result);
      return "recorded";
    } catch (error) {
      if (error instanceof IntentAlreadySettledError) return "settled-elsewhere";
      if (!isDatabaseUnavailable(error)) throw error;
      lastError = error;
    }
  }
  throw new OutcomeNotRecordedError(intentId, awsOutcome, { cause: lastError });
}
