-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_upload_sessions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "app_id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "platform" TEXT,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "received_bytes" BIGINT NOT NULL,
    "inspection" JSONB,
    "release_id" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "completed_at" DATETIME,
    "failure_reason" TEXT,
    CONSTRAINT "upload_sessions_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_upload_sessions" ("app_id", "completed_at", "created_at", "created_by", "expires_at", "failure_reason", "filename", "id", "inspection", "platform", "received_bytes", "release_id", "sha256", "size_bytes", "state") SELECT "app_id", "completed_at", "created_at", "created_by", "expires_at", "failure_reason", "filename", "id", "inspection", "platform", "received_bytes", "release_id", "sha256", "size_bytes", "state" FROM "upload_sessions";
DROP TABLE "upload_sessions";
ALTER TABLE "new_upload_sessions" RENAME TO "upload_sessions";
CREATE INDEX "upload_sessions_state_expires_at_idx" ON "upload_sessions"("state", "expires_at");
CREATE INDEX "upload_sessions_sha256_idx" ON "upload_sessions"("sha256");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
