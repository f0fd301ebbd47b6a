-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "crawl_run_status" AS ENUM ('queued', 'running', 'ok', 'partial', 'failed');

-- CreateEnum
CREATE TYPE "scope_crawl_status" AS ENUM ('ok', 'partial', 'failed');

-- CreateTable
CREATE TABLE "crawl_run" (
    "id" BIGSERIAL NOT NULL,
    "status" "crawl_run_status" NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "counts" JSONB NOT NULL DEFAULT '{}',
    "calls" INTEGER NOT NULL DEFAULT 0,
    "progress_done" INTEGER NOT NULL DEFAULT 0,
    "progress_total" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "crawl_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crawl_error" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "resource" TEXT,
    "message" TEXT NOT NULL,
    "code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crawl_error_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crawl_run_scope" (
    "run_id" BIGINT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "status" "scope_crawl_status" NOT NULL,
    "calls" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "resource_count" INTEGER NOT NULL,
    "relation_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "versions_added" INTEGER NOT NULL,
    "versions_closed" INTEGER NOT NULL,

    CONSTRAINT "crawl_run_scope_pkey" PRIMARY KEY ("run_id","account_id","region")
);

-- CreateTable
CREATE TABLE "scope_status" (
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "status" "scope_crawl_status" NOT NULL,
    "last_run_id" BIGINT NOT NULL,
    "last_crawled_at" TIMESTAMPTZ(3) NOT NULL,
    "last_success_run_id" BIGINT,
    "last_success_at" TIMESTAMPTZ(3),
    "error_count" INTEGER NOT NULL,

    CONSTRAINT "scope_status_pkey" PRIMARY KEY ("account_id","region")
);

-- CreateTable
CREATE TABLE "resource_version" (
    "version_id" BIGSERIAL NOT NULL,
    "resource_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parent_id" TEXT,
    "data" JSONB NOT NULL,
    "raw" JSONB,
    "content_hash" TEXT NOT NULL,
    "valid_from_run" BIGINT NOT NULL,
    "valid_to_run" BIGINT,

    CONSTRAINT "resource_version_pkey" PRIMARY KEY ("version_id")
);

-- CreateTable
CREATE TABLE "relation_version" (
    "version_id" BIGSERIAL NOT NULL,
    "relation_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "content_hash" TEXT NOT NULL,
    "valid_from_run" BIGINT NOT NULL,
    "valid_to_run" BIGINT,

    CONSTRAINT "relation_version_pkey" PRIMARY KEY ("version_id")
);

-- CreateTable
CREATE TABLE "node_position" (
    "layout_key" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "x" DOUBLE PRECISION NOT NULL,
    "y" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "node_position_pkey" PRIMARY KEY ("layout_key","node_id")
);

-- CreateIndex
CREATE INDEX "crawl_run_status_id_idx" ON "crawl_run"("status", "id" DESC);

-- CreateIndex
CREATE INDEX "crawl_error_run_id_account_id_region_idx" ON "crawl_error"("run_id", "account_id", "region");

-- CreateIndex
CREATE INDEX "crawl_run_scope_account_id_region_run_id_idx" ON "crawl_run_scope"("account_id", "region", "run_id" DESC);

-- CreateIndex
CREATE INDEX "resource_version_resource_id_valid_from_run_idx" ON "resource_version"("resource_id", "valid_from_run");

-- CreateIndex
CREATE INDEX "resource_version_open_scope_idx" ON "resource_version"("account_id", "region", "kind", "parent_id") WHERE (valid_to_run IS NULL);

-- CreateIndex
CREATE INDEX "resource_version_open_from_idx" ON "resource_version"("valid_from_run") WHERE (valid_to_run IS NULL);

-- CreateIndex
CREATE INDEX "resource_version_closed_idx" ON "resource_version"("valid_to_run", "valid_from_run") WHERE (valid_to_run IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "resource_version_open_key" ON "resource_version"("resource_id") WHERE (valid_to_run IS NULL);

-- CreateIndex
CREATE INDEX "relation_version_relation_id_valid_from_run_idx" ON "relation_version"("relation_id", "valid_from_run");

-- CreateIndex
CREATE INDEX "relation_version_open_scope_idx" ON "relation_version"("account_id", "region", "kind", "source_id") WHERE (valid_to_run IS NULL);

-- CreateIndex
CREATE INDEX "relation_version_open_from_idx" ON "relation_version"("valid_from_run") WHERE (valid_to_run IS NULL);

-- CreateIndex
CREATE INDEX "relation_version_open_source_idx" ON "relation_version"("source_id") WHERE (valid_to_run IS NULL);

-- CreateIndex
CREATE INDEX "relation_version_open_target_idx" ON "relation_version"("target_id") WHERE (valid_to_run IS NULL);

-- CreateIndex
CREATE INDEX "relation_version_closed_idx" ON "relation_version"("valid_to_run", "valid_from_run") WHERE (valid_to_run IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "relation_version_open_key" ON "relation_version"("relation_id") WHERE (valid_to_run IS NULL);

-- AddForeignKey
ALTER TABLE "crawl_error" ADD CONSTRAINT "crawl_error_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "crawl_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crawl_run_scope" ADD CONSTRAINT "crawl_run_scope_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "crawl_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scope_status" ADD CONSTRAINT "scope_status_last_run_id_fkey" FOREIGN KEY ("last_run_id") REFERENCES "crawl_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scope_status" ADD CONSTRAINT "scope_status_last_success_run_id_fkey" FOREIGN KEY ("last_success_run_id") REFERENCES "crawl_run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_version" ADD CONSTRAINT "resource_version_valid_from_run_fkey" FOREIGN KEY ("valid_from_run") REFERENCES "crawl_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_version" ADD CONSTRAINT "resource_version_valid_to_run_fkey" FOREIGN KEY ("valid_to_run") REFERENCES "crawl_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relation_version" ADD CONSTRAINT "relation_version_valid_from_run_fkey" FOREIGN KEY ("valid_from_run") REFERENCES "crawl_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "relation_version" ADD CONSTRAINT "relation_version_valid_to_run_fkey" FOREIGN KEY ("valid_to_run") REFERENCES "crawl_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
