-- AlterEnum
ALTER TYPE "audit_actor_via" ADD VALUE 'system';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "audit_result" ADD VALUE 'pending';
ALTER TYPE "audit_result" ADD VALUE 'not-applied';

-- AlterEnum
ALTER TYPE "change_status" ADD VALUE 'applying';

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "change_id" UUID,
ADD COLUMN     "intent_id" BIGINT,
ADD COLUMN     "rollout_id" UUID;

-- CreateTable
CREATE TABLE "open_intent" (
    "intent_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "lock_key" TEXT NOT NULL,
    "change_id" UUID,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "open_intent_pkey" PRIMARY KEY ("intent_id")
);

-- CreateIndex
CREATE INDEX "audit_log_change_id_idx" ON "audit_log"("change_id");

-- CreateIndex
CREATE INDEX "audit_log_rollout_id_idx" ON "audit_log"("rollout_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_intent_id_key" ON "audit_log"("intent_id");
