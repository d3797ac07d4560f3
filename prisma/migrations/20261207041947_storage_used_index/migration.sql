-- CreateIndex
CREATE INDEX "artifacts_app_id_size_bytes_idx" ON "artifacts"("app_id", "size_bytes");
