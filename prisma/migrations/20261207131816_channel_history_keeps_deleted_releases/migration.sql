-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_channel_history" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel_id" TEXT NOT NULL,
    "release_id" TEXT,
    "release_version" TEXT NOT NULL,
    "release_build" TEXT NOT NULL,
    "from_release_id" TEXT,
    "from_release_version" TEXT,
    "from_release_build" TEXT,
    "kind" TEXT NOT NULL,
    "rollout_percent" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "channel_history_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "channel_history_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "channel_history_from_release_id_fkey" FOREIGN KEY ("from_release_id") REFERENCES "releases" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- Backfill (by hand): each row's labels from its releases. Every release_id still exists (the old
-- foreign key cascaded), so the labels are never null. A from-release deleted before this migration
-- left no trace, and its row keeps a null from-label.
INSERT INTO "new_channel_history" ("actor", "channel_id", "created_at", "from_release_id", "id", "kind", "release_id", "rollout_percent", "release_version", "release_build", "from_release_version", "from_release_build") SELECT "actor", "channel_id", "created_at", "from_release_id", "id", "kind", "release_id", "rollout_percent",
    (SELECT "version" FROM "releases" WHERE "releases"."id" = "channel_history"."release_id"),
    (SELECT "build" FROM "releases" WHERE "releases"."id" = "channel_history"."release_id"),
    (SELECT "version" FROM "releases" WHERE "releases"."id" = "channel_history"."from_release_id"),
    (SELECT "build" FROM "releases" WHERE "releases"."id" = "channel_history"."from_release_id")
FROM "channel_history";
DROP TABLE "channel_history";
ALTER TABLE "new_channel_history" RENAME TO "channel_history";
CREATE INDEX "channel_history_channel_id_created_at_idx" ON "channel_history"("channel_id", "created_at");
CREATE INDEX "channel_history_release_id_idx" ON "channel_history"("release_id");
CREATE INDEX "channel_history_from_release_id_idx" ON "channel_history"("from_release_id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
