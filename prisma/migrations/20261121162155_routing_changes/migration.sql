-- CreateEnum
CREATE TYPE "change_status" AS ENUM ('planned', 'applied', 'conflict', 'failed');

-- CreateEnum
CREATE TYPE "rollout_status" AS ENUM ('running', 'paused', 'completed', 'aborted', 'failed');

-- CreateTable
CREATE TABLE "change" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" JSONB NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "listener" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "base" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "status" "change_status" NOT NULL DEFAULT 'planned',
    "applied_at" TIMESTAMPTZ(3),
    "applied_by" JSONB,
    "result" JSONB,
    "rollout_id" UUID,

    CONSTRAINT "change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollout" (
    "id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" JSONB NOT NULL,
    "target" TEXT NOT NULL,
    "listener" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "canary" TEXT NOT NULL,
    "start_action" JSONB NOT NULL,
    "steps" JSONB NOT NULL,
    "wait_seconds" INTEGER NOT NULL,
    "max_unhealthy" INTEGER NOT NULL,
    "status" "rollout_status" NOT NULL,
    "steps_done" INTEGER NOT NULL DEFAULT 0,
    "next_step_at" TIMESTAMPTZ(3),
    "message" TEXT,
    "events" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "rollout_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "change_listener_created_at_idx" ON "change"("listener", "created_at" DESC);

-- CreateIndex
CREATE INDEX "rollout_listener_created_at_idx" ON "rollout"("listener", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "change" ADD CONSTRAINT "change_rollout_id_fkey" FOREIGN KEY ("rollout_id") REFERENCES "rollout"("id") ON DELETE SET NULL ON UPDATE CASCADE;
