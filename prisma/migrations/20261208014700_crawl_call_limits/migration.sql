-- CreateTable
CREATE TABLE "crawl_call_slot" (
    "key" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "crawl_call_slot_pkey" PRIMARY KEY ("key","slot")
);

-- CreateTable
CREATE TABLE "crawl_rate_bucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "crawl_rate_bucket_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "crawl_throttle" (
    "key" TEXT NOT NULL,
    "factor" DOUBLE PRECISION NOT NULL,
    "throttled_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "crawl_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "crawl_call_slot_holder_idx" ON "crawl_call_slot"("holder");
