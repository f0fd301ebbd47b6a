import "server-only";
import type { Principal } from "@/lib/domain/auth/auth";
import type { ChangeStatus, StoredChange } from "@/lib/domain/routing/change-contract";
import type { PrismaClient } from "../../generated/prisma/client";
import type { DbClient } from "./database";
import { jsonValue, readJson } from "./json-column";
import { principalSchema, storedChangePlan, storedChangeRequest, storedListenerState } from "./stored-shapes";

export type { ChangeStatus, StoredChange };

type Row = Awaited<ReturnType<PrismaClient["change"]["findUniqueOrThrow"]>>;

/** Rows were written by this module from these types; each JSON column is read back through its schema. */
function toStored(row: Row): StoredChange {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdBy: readJson(principalSchema, row.createdBy, "change.created_by"),
    request: readJson(storedChangeRequest, row.request, "change.request"),
    listener: row.listener,
    accountId: row.accountId,
    region: row.region,
    base: readJson(storedListenerState, row.base, "change.base"),
    plan: readJson(storedChangePlan, row.plan, "change.plan"),
    status: row.status,
    appliedAt: row.appliedAt?.toISOString() ?? null,
    appliedBy: row.appliedBy === null ? null : readJson(principalSchema, row.appliedBy, "change.applied_by"),
    result: row.result ?? null,
    rolloutId: row.rolloutId,
  };
}

/** Planned routing changes and what became of them; on the client or inside a transaction. */
export function createChangeRepository(prisma: DbClient) {
  return {
    /** A new planned change; the rest of a StoredChange comes with its apply. */
    async create(
      input: Omit<
        StoredChange,
        "createdAt" | "status" | "appliedAt" | "appliedBy" | "result" | "rolloutId"
      > & {
        rolloutId?: string;
      },
    ): Promise<StoredChange> {
      const row = await prisma.change.create({
        data: {
          id: input.id,
          createdBy: jsonValue(input.createdBy),
          kind: input.request.kind,
          target: input.request.target,
          listener: input.listener,
          accountId: input.accountId,
          region: input.region,
          request: jsonValue(input.request),
          base: jsonValue(input.base),
          plan: jsonValue(input.plan),
          ...(input.rolloutId ? { rolloutId: input.rolloutId } : {}),
        },
      });
      return toStored(row);
    },

    async get(id: string): Promise<StoredChange | null> {
      const row = await prisma.change.findUnique({ where: { id } });
      return row ? toStored(row) : null;
    },

    /** Moves a planned change to its outcome; false when it was no longer planned (someone else got there first). */
    async settle(
      id: string,
      outcome: { status: Exclude<ChangeStatus, "planned">; by: Principal; result: unknown },
    ): Promise<boolean> {
      const { count } = await prisma.change.updateMany({
        where: { id, status: "planned" },
        data: {
          status: outcome.status,
          appliedAt: new Date(),
          appliedBy: jsonValue(outcome.by),
          result: jsonValue(outcome.result),
        },
      });
      return count === 1;
    },

    /** Moves a planned change to `applying` (its intent is being recorded); false when it was not planned. */
    async claim(id: string, by: Principal): Promise<boolean> {
      const { count } = await prisma.change.updateMany({
        where: { id, status: "planned" },
        data: { status: "applying", appliedAt: new Date(), appliedBy: jsonValue(by) },
      });
      return count === 1;
    },

    /** Ends an `applying` change with its outcome; false when it was not applying (settled elsewhere). */
    async finish(
      id: string,
      outcome: { status: "applied" | "failed" | "conflict"; result: unknown },
    ): Promise<boolean> {
      const { count } = await prisma.change.updateMany({
        where: { id, status: "applying" },
        data: { status: outcome.status, result: jsonValue(outcome.result) },
      });
      return count === 1;
    },

    /** The newest change a rollout made, if any. */
    async latestOfRollout(rolloutId: string): Promise<StoredChange | null> {
      const row = await prisma.change.findFirst({ where: { rolloutId }, orderBy: { createdAt: "desc" } });
      return row ? toStored(row) : null;
    },

    /** An applied change's outcome: the calls made and the re-crawl started. */
    async recordResult(id: string, result: unknown): Promise<void> {
      await prisma.change.update({ where: { id }, data: { result: jsonValue(result) } });
    },

    /** AWS refused an apply that had been claimed: the change ends failed, with why. */
    async markFailed(id: string, result: unknown): Promise<void> {
      await prisma.change.update({ where: { id }, data: { status: "failed", result: jsonValue(result) } });
    },
  };
}

export type ChangeRepository = ReturnType<typeof createChangeRepository>;
