-- CreateIndex
CREATE INDEX "rollout_status_updated_at_idx" ON "rollout"("status", "updated_at");
