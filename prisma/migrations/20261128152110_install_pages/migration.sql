-- AlterTable
ALTER TABLE "apps" ADD COLUMN "update_key" TEXT;

-- CreateTable
CREATE TABLE "share_links" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "app_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "display_prefix" TEXT NOT NULL,
    "expires_at" DATETIME,
    "max_installs" INTEGER,
    "install_count" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "last_used_at" DATETIME,
    "revoked_at" DATETIME,
    CONSTRAINT "share_links_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "install_events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "app_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "release_id" TEXT,
    "artifact_id" TEXT,
    "channel" TEXT,
    "platform" TEXT,
    "share_link_id" TEXT,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "install_events_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "share_links_token_hash_key" ON "share_links"("token_hash");

-- CreateIndex
CREATE INDEX "share_links_app_id_created_at_idx" ON "share_links"("app_id", "created_at");

-- CreateIndex
CREATE INDEX "install_events_app_id_created_at_idx" ON "install_events"("app_id", "created_at");

-- CreateIndex
CREATE INDEX "install_events_release_id_kind_idx" ON "install_events"("release_id", "kind");

-- CreateIndex
CREATE INDEX "install_events_share_link_id_idx" ON "install_events"("share_link_id");

-- CreateIndex
CREATE UNIQUE INDEX "apps_update_key_key" ON "apps"("update_key");
