-- CreateTable
CREATE TABLE "crawl_incomplete" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "code" TEXT,
    "kept_from_run" BIGINT,

    CONSTRAINT "crawl_incomplete_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "crawl_incomplete_run_id_account_id_region_idx" ON "crawl_incomplete"("run_id", "account_id", "region");

-- AddForeignKey
ALTER TABLE "crawl_incomplete" ADD CONSTRAINT "crawl_incomplete_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "crawl_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
