-- CreateTable
CREATE TABLE "change_cause" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "event_source" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "aws_request_id" TEXT,
    "actor_type" TEXT NOT NULL,
    "actor_arn" TEXT,
    "actor_account_id" TEXT,
    "audit_id" BIGINT,

    CONSTRAINT "change_cause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scope_event_status" (
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "last_event_name" TEXT NOT NULL,
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,
    "last_received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scope_event_status_pkey" PRIMARY KEY ("account_id","region")
);

-- CreateTable
CREATE TABLE "freshness_feed" (
    "name" TEXT NOT NULL,
    "last_poll_at" TIMESTAMPTZ(3) NOT NULL,
    "detail" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "freshness_feed_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "change_cause_subject_id_run_id_idx" ON "change_cause"("subject_id", "run_id");

-- CreateIndex
CREATE INDEX "change_cause_run_id_idx" ON "change_cause"("run_id");

-- AddForeignKey
ALTER TABLE "change_cause" ADD CONSTRAINT "change_cause_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "crawl_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
