-- AlterTable
ALTER TABLE "rollout" ADD COLUMN     "metric_gate" JSONB;
