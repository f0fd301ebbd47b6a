import "server-only";
import {
  ACTIVE_ROLLOUT_STATUSES,
  ENDED_ROLLOUT_STATUSES,
  type RolloutStatus,
} from "@/lib/domain/routing/rollout";
import type { RolloutEvent, StoredRollout } from "@/lib/domain/routing/rollout-contract";
import type { PrismaClient } from "../../generated/prisma/client";
import { jsonValue, readJson } from "./json-column";
import { principalSchema, storedRolloutEvents, storedRolloutSteps, storedRuleAction } from "./stored-shapes";

export type { RolloutEvent, StoredRollout };

type Row = Awaited<ReturnType<PrismaClient["rollout"]["findUniqueOrThrow"]>>;

/** Rows were written by this module from these types; each JSON column is read back through its schema. */
function toStored(row: Row): StoredRollout {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    createdBy: readJson(principalSchema, row.createdBy, "rollout.created_by"),
    target: row.target,
    listener: row.listener,
    accountId: row.accountId,
    region: row.region,
    canary: row.canary,
    startAction: readJson(storedRuleAction, row.startAction, "rollout.start_action"),
    steps: readJson(storedRolloutSteps, row.steps, "rollout.steps"),
    waitSeconds: row.waitSeconds,
    maxUnhealthy: row.maxUnhealthy,
    status: row.status,
    stepsDone: row.stepsDone,
    nextStepAt: row.nextStepAt?.toISOString() ?? null,
    message: row.message,
    events: readJson(storedRolloutEvents, row.events, "rollout.events"),
  };
}

/** Staged canary rollouts: their plan, where they are, and what happened at each step. */
export function createRolloutRepository(prisma: PrismaClient) {
  return {
    async create(
      input: Omit<
        StoredRollout,
        "createdAt" | "updatedAt" | "stepsDone" | "nextStepAt" | "message" | "events"
      >,
    ) {
      const row = await prisma.rollout.create({
        data: {
          id: input.id,
          createdBy: jsonValue(input.createdBy),
          target: input.target,
          listener: input.listener,
          accountId: input.accountId,
          region: input.region,
          canary: input.canary,
          startAction: jsonValue(input.startAction),
          steps: jsonValue(input.steps),
          waitSeconds: input.waitSeconds,
          maxUnhealthy: input.maxUnhealthy,
          status: input.status,
        },
      });
      return toStored(row);
    },

    async get(id: string): Promise<StoredRollout | null> {
      const row = await prisma.rollout.findUnique({ where: { id } });
      return row ? toStored(row) : null;
    },

    async list(filter: { listener?: string; limit?: number } = {}): Promise<StoredRollout[]> {
      const rows = await prisma.rollout.findMany({
        where: filter.listener ? { listener: filter.listener } : {},
        orderBy: { createdAt: "desc" },
        take: filter.limit ?? 50,
      });
      return rows.map(toStored);
    },

    /**
     * Running and paused rollouts, and those that ended at or after `endedSince` (a rollout is last updated when
     * it ends), newest first. Each branch reads the (status, updated_at) index.
     */
    async listActive(filter: {
      endedSince: Date;
      listener?: string;
      limit?: number;
    }): Promise<StoredRollout[]> {
      const rows = await prisma.rollout.findMany({
        where: {
          OR: [
            { status: { in: [...ACTIVE_ROLLOUT_STATUSES] } },
            { status: { in: [...ENDED_ROLLOUT_STATUSES] }, updatedAt: { gte: filter.endedSince } },
          ],
          ...(filter.listener ? { listener: filter.listener } : {}),
        },
        orderBy: { createdAt: "desc" },
        take: filter.limit ?? 200,
      });
      return rows.map(toStored);
    },

    /**
     * Moves the rollout on, only from the status the caller saw (so a pause or abort made meanwhile wins), and
     * appends an event. False when the status had changed.
     */
    async update(
      id: string,
      from: RolloutStatus[],
      patch: {
        status?: RolloutStatus;
        stepsDone?: number;
        nextStepAt?: Date | null;
        message?: string | null;
      },
      event?: Omit<RolloutEvent, "at">,
    ): Promise<boolean> {
      const { count } = await prisma.rollout.updateMany({
        where: { id, status: { in: from } },
        data: patch,
      });
      if (count === 1 && event) {
        const entry = JSON.stringify([{ at: new Date().toISOString(), ...event }]);
        await prisma.$executeRaw`UPDATE rollout SET events = events || ${entry}::jsonb WHERE id = ${id}::uuid`;
      }
      return count === 1;
    },
  };
}

export type RolloutRepository = ReturnType<typeof createRolloutRepository>;
