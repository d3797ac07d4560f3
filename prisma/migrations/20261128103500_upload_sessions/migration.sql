-- CreateTable
CREATE TABLE "upload_sessions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "app_id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "platform" TEXT,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "received_bytes" BIGINT NOT NULL,
    "sha512" TEXT,
    "sha1" TEXT,
    "inspection" JSONB,
    "release_id" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "completed_at" DATETIME,
    "failure_reason" TEXT,
    CONSTRAINT "upload_sessions_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "upload_sessions_state_expires_at_idx" ON "upload_sessions"("state", "expires_at");

-- CreateIndex
CREATE INDEX "upload_sessions_sha256_idx" ON "upload_sessions"("sha256");
