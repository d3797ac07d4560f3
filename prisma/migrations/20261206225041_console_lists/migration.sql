-- DropIndex
DROP INDEX "artifacts_release_id_idx";

-- DropIndex
DROP INDEX "audit_events_target_type_target_id_created_at_idx";

-- DropIndex
DROP INDEX "audit_events_action_created_at_idx";

-- DropIndex
DROP INDEX "audit_events_actor_created_at_idx";

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN "app_id" TEXT;

-- CreateIndex
CREATE INDEX "artifacts_release_id_platform_validation_status_idx" ON "artifacts"("release_id", "platform", "validation_status");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_idx" ON "audit_events"("actor", "id");

-- CreateIndex
CREATE INDEX "audit_events_action_id_idx" ON "audit_events"("action", "id");

-- CreateIndex
CREATE INDEX "audit_events_app_id_id_idx" ON "audit_events"("app_id", "id");

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_id_idx" ON "audit_events"("target_type", "target_id", "id");

-- CreateIndex
CREATE INDEX "channel_history_release_id_idx" ON "channel_history"("release_id");

-- CreateIndex
CREATE INDEX "channel_history_from_release_id_idx" ON "channel_history"("from_release_id");

-- CreateIndex
CREATE INDEX "releases_app_id_id_idx" ON "releases"("app_id", "id");

-- CreateIndex
CREATE INDEX "releases_app_id_channel_id_idx" ON "releases"("app_id", "channel", "id");


-- Backfill: events about an app name it as their target; the others carried it in metadata.appId.
UPDATE "audit_events" SET "app_id" = "target_id" WHERE "target_type" = 'app';
UPDATE "audit_events" SET "app_id" = json_extract("metadata", '$.appId')
  WHERE "app_id" IS NULL AND json_type("metadata", '$.appId') = 'text';
