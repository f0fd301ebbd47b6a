-- CreateEnum
CREATE TYPE "audit_result" AS ENUM ('applied', 'conflict', 'rejected', 'aws-error');

-- CreateEnum
CREATE TYPE "audit_actor_role" AS ENUM ('viewer', 'operator', 'admin');

-- CreateEnum
CREATE TYPE "audit_actor_via" AS ENUM ('none', 'oidc', 'alb', 'proxy');

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "actor_email" TEXT,
    "actor_role" "audit_actor_role" NOT NULL,
    "actor_via" "audit_actor_via" NOT NULL,
    "operation" TEXT NOT NULL,
    "resource_arn" TEXT,
    "account_id" TEXT,
    "region" TEXT,
    "before" JSONB,
    "after" JSONB,
    "result" "audit_result" NOT NULL,
    "message" TEXT,
    "aws_request_id" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_log_at_id_idx" ON "audit_log"("at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_resource_arn_at_id_idx" ON "audit_log"("resource_arn", "at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_actor_id_at_id_idx" ON "audit_log"("actor_id", "at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_operation_at_id_idx" ON "audit_log"("operation", "at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_log_account_id_at_id_idx" ON "audit_log"("account_id", "at" DESC, "id" DESC);

-- Append-only: rows are written once and never changed or removed, whatever connects to the database.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER "audit_log_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();

CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
