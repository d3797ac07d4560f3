-- DropForeignKey
ALTER TABLE "channel_history" DROP CONSTRAINT "channel_history_release_id_fkey";

-- AlterTable
ALTER TABLE "channel_history" ADD COLUMN     "from_release_build" TEXT,
ADD COLUMN     "from_release_version" TEXT,
ADD COLUMN     "release_build" TEXT,
ADD COLUMN     "release_version" TEXT,
ALTER COLUMN "release_id" DROP NOT NULL;

-- Backfill (by hand): each row's labels from its releases. Every release_id still exists (the old
-- foreign key cascaded), so the labels can be NOT NULL. A from-release deleted before this
-- migration left no trace, and its row keeps a null from-label.
UPDATE "channel_history" SET
    "release_version" = (SELECT "version" FROM "releases" WHERE "releases"."id" = "channel_history"."release_id"),
    "release_build" = (SELECT "build" FROM "releases" WHERE "releases"."id" = "channel_history"."release_id"),
    "from_release_version" = (SELECT "version" FROM "releases" WHERE "releases"."id" = "channel_history"."from_release_id"),
    "from_release_build" = (SELECT "build" FROM "releases" WHERE "releases"."id" = "channel_history"."from_release_id");

ALTER TABLE "channel_history" ALTER COLUMN "release_build" SET NOT NULL,
ALTER COLUMN "release_version" SET NOT NULL;

-- AddForeignKey
ALTER TABLE "channel_history" ADD CONSTRAINT "channel_history_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
