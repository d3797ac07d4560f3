// A database as the channel history migration finds it, for both providers' migration tests: one
// app, two releases and a channel whose history has a first promotion, a promotion over it, a
// rollout change and a rollback. Portable SQL, so SQLite and PostgreSQL take the same statements.
import { readdir } from "node:fs/promises";

export const HISTORY_MIGRATION_SUFFIX = "_channel_history_keeps_deleted_releases";

/** The folder of the migration that keeps history labels, in a provider's migrations dir. */
export async function historyMigrationOf(migrationsDir: string): Promise<string> {
  const found = (await readdir(migrationsDir)).find((name) => name.endsWith(HISTORY_MIGRATION_SUFFIX));
  if (!found) throw new Error(`no *${HISTORY_MIGRATION_SUFFIX} migration in ${migrationsDir}`);
  return found;
}

const AT = "'2026-12-01 10:00:00'";

export const HISTORY_SEED: readonly string[] = [
  `INSERT INTO "apps" ("id", "slug", "display_name", "bundle_ids", "visibility", "created_at", "updated_at") VALUES ('app1', 'hello', 'Hello', '{}', 'public', ${AT}, ${AT})`,
  `INSERT INTO "releases" ("id", "app_id", "version", "build", "channel", "notes", "created_by", "created_at") VALUES ('r1', 'app1', '1.2.3', '42', 'stable', '', 'system', ${AT}), ('r2', 'app1', '1.3.0', '43', 'stable', '', 'system', ${AT})`,
  `INSERT INTO "channels" ("id", "app_id", "name", "current_release_id", "previous_release_id", "policy", "rollout_percent", "created_at", "updated_at") VALUES ('c1', 'app1', 'stable', 'r1', NULL, '{}', 100, ${AT}, ${AT})`,
  `INSERT INTO "channel_history" ("id", "channel_id", "release_id", "from_release_id", "kind", "rollout_percent", "actor", "created_at") VALUES
    ('h1', 'c1', 'r1', NULL, 'promote', 100, 'system', ${AT}),
    ('h2', 'c1', 'r2', 'r1', 'promote', 20, 'system', ${AT}),
    ('h3', 'c1', 'r2', 'r2', 'rollout', 100, 'system', ${AT}),
    ('h4', 'c1', 'r1', 'r2', 'rollback', 100, 'system', ${AT})`,
];

export const HISTORY_LABELS_QUERY = `SELECT "id", "release_id", "release_version", "release_build", "from_release_id", "from_release_version", "from_release_build" FROM "channel_history" ORDER BY "id"`;

/** Every row after the migration, labelled from its releases; the first promotion's from-label stays null. */
export const BACKFILLED = [
  { id: "h1", release_id: "r1", release_version: "1.2.3", release_build: "42", from_release_id: null, from_release_version: null, from_release_build: null },
  { id: "h2", release_id: "r2", release_version: "1.3.0", release_build: "43", from_release_id: "r1", from_release_version: "1.2.3", from_release_build: "42" },
  { id: "h3", release_id: "r2", release_version: "1.3.0", release_build: "43", from_release_id: "r2", from_release_version: "1.3.0", from_release_build: "43" },
  { id: "h4", release_id: "r1", release_version: "1.2.3", release_build: "42", from_release_id: "r2", from_release_version: "1.3.0", from_release_build: "43" },
];

/** The same rows once release r2 is deleted: its ids cleared, its labels kept. */
export const AFTER_DELETING_R2 = BACKFILLED.map((row) => ({
  ...row,
  release_id: row.release_id === "r2" ? null : row.release_id,
  from_release_id: row.from_release_id === "r2" ? null : row.from_release_id,
}));
