// Seeds a migrated SQLite database with a large console workload in a few seconds: plain INSERTs
// through better-sqlite3 in one transaction (going through the store would take minutes, and the
// bench measures reads, not these writes). Rows are shaped exactly as the Prisma store writes them.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";

export interface SeedSize {
  apps: number;
  releases: number;
  artifactsPerRelease: number;
  auditEvents: number;
  tokens: number;
}

export interface Seeded {
  /** Slug of the app holding the most releases (every page is measured on it). */
  bigApp: string;
  bigAppId: string;
  /** A stable release of the big app no channel points at, and the stable channel's current one. */
  someReleaseId: string;
  currentReleaseId: string;
  adminUserId: string;
}

const PLATFORMS = ["ios", "android_apk", "macos", "windows", "linux"] as const;
const ACTIONS = ["release.publish", "channel.promote", "channel.update", "upload.create", "upload.complete", "token.use", "app.update", "share_link.create"];

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/**
 * A UUIDv7 of a past instant, as the store's newId would have made it then. (newId itself never
 * goes back in time within a process, so after one real row it would stamp every seeded row "now",
 * and ids would no longer follow created_at as they do in production.)
 */
function idAt(ms: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const sha = (n: number) => n.toString(16).padStart(64, "0");

/** The seed's round-robin choice: the item at `i`, wrapping around the (non-empty) list. */
function pick<T>(list: readonly T[], i: number): T {
  const item = list[i % list.length];
  if (item === undefined) throw new Error("admin seed: pick from an empty list");
  return item;
}

/** Something the seed has just inserted; missing means the seed itself is broken. */
function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`admin seed: no ${what}`);
  return value;
}

export function seedConsole(dbFile: string, size: SeedSize, adminUserId: string): Seeded {
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  // A week old at most: the server's janitor applies the default retention (internal 30 days, beta
  // 90) at start, and must not be deleting the seeded releases while pages are measured.
  const start = Date.now() - 7 * 24 * 3600 * 1000;
  let clock = start;
  // Ids are UUIDv7 of the row's own time, so "newest first" and cursors behave as in production.
  const stamp = () => {
    clock += 50; // distinct milliseconds: ids sort exactly as rows were made
    return { id: idAt(clock), at: iso(clock) };
  };
  const insert = {
    app: db.prepare("INSERT INTO apps (id, slug, display_name, bundle_ids, owner_id, visibility, created_at, updated_at, update_key) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, NULL)"),
    channel: db.prepare("INSERT INTO channels (id, app_id, name, current_release_id, previous_release_id, policy, rollout_percent, created_at, updated_at) VALUES (?, ?, ?, NULL, NULL, ?, 100, ?, ?)"),
    release: db.prepare("INSERT INTO releases (id, app_id, version, build, channel, notes, created_by, created_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    artifact: db.prepare(
      "INSERT INTO artifacts (id, app_id, release_id, platform, filename, content_type, size_bytes, sha256, storage_key, metadata, validation_status, created_at) VALUES (?, ?, ?, ?, ?, 'application/octet-stream', ?, ?, ?, ?, ?, ?)",
    ),
    history: db.prepare("INSERT INTO channel_history (id, channel_id, release_id, from_release_id, kind, rollout_percent, actor, created_at) VALUES (?, ?, ?, ?, 'promote', 100, ?, ?)"),
    point: db.prepare("UPDATE channels SET current_release_id = ?, previous_release_id = ? WHERE id = ?"),
    audit: db.prepare("INSERT INTO audit_events (id, actor, action, target_type, target_id, app_id, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    token: db.prepare(
      "INSERT INTO tokens (id, name, token_hash, display_prefix, scopes, app_id, channel, created_by, created_at, expires_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, NULL)",
    ),
  };
  const policy = JSON.stringify({ requireValidArtifacts: true, requiredPlatforms: [], minimumSupportedBuild: null, versionMismatch: "warn", retention: null });
  const actor = `user:${adminUserId}`;
  let artifactNo = 0;

  const releaseChannel = new Map<string, string>();
  const seeded = db.transaction((): Seeded => {
    const apps: { id: string; slug: string; channels: Map<string, string>; releases: string[] }[] = [];
    for (let a = 0; a < size.apps; a++) {
      const { id, at } = stamp();
      const slug = a === 0 ? "big" : `app-${a}`;
      insert.app.run(id, slug, a === 0 ? "Big App" : `App ${a}`, JSON.stringify({ ios: `com.example.app${a}`, android_apk: `com.example.app${a}` }), a % 3 === 0 ? "private" : "public", at, at);
      const channels = new Map<string, string>();
      for (const name of ["stable", "beta", "internal"]) {
        const c = stamp();
        insert.channel.run(c.id, id, name, policy, c.at, c.at);
        channels.set(name, c.id);
      }
      apps.push({ id, slug, channels, releases: [] });
    }
    // Half the releases go to the big app, the rest spread over the others.
    const releaseApp = (n: number) => (n % 2 === 0 || size.apps === 1 ? pick(apps, 0) : pick(apps, 1 + (n % (size.apps - 1))));
    for (let n = 0; n < size.releases; n++) {
      const app = releaseApp(n);
      const { id, at } = stamp();
      const build = String(app.releases.length + 1);
      const channel = pick(["internal", "beta", "stable"], n);
      insert.release.run(id, app.id, `1.${Math.floor(app.releases.length / 100)}.${app.releases.length % 100}`, build, channel, "## Notes\n\n- fixes", actor, at, at);
      for (let k = 0; k < size.artifactsPerRelease; k++) {
        const platform = pick(PLATFORMS, k);
        const digest = sha(++artifactNo);
        const meta = JSON.stringify({ bundleId: `com.example.${app.slug}`, version: "1.0", build });
        insert.artifact.run(
          stamp().id,
          app.id,
          id,
          platform,
          `app-${build}.${platform}`,
          1_000_000 + artifactNo,
          digest,
          `sha256/${digest.slice(0, 2)}/${digest.slice(2)}`,
          meta,
          artifactNo % 50 === 0 ? "invalid" : "valid",
          at,
        );
      }
      const channelId = present(app.channels.get(channel), `${channel} channel of ${app.slug}`);
      const previous = app.releases.at(-1) ?? null;
      const h = stamp();
      insert.history.run(h.id, channelId, id, null, actor, h.at);
      insert.point.run(id, previous, channelId);
      app.releases.push(id);
      releaseChannel.set(id, channel);
    }
    const targets = ["app", "release", "channel", "upload", "token"] as const;
    for (let n = 0; n < size.auditEvents; n++) {
      const app = pick(apps, n);
      const { id, at } = stamp();
      const targetType = pick(targets, n);
      insert.audit.run(id, n % 7 === 0 ? "system" : actor, pick(ACTIONS, n), targetType, targetType === "app" ? app.id : idAt(clock), app.id, JSON.stringify({ appId: app.id, n }), at);
    }
    for (let n = 0; n < size.tokens; n++) {
      const { id, at } = stamp();
      insert.token.run(
        id,
        `ci-${n}`,
        sha(10_000_000 + n),
        `shp_${n.toString(36).padStart(4, "0")}`,
        JSON.stringify(["releases:upload", "releases:publish"]),
        n % 2 ? pick(apps, n).id : null,
        actor,
        at,
      );
    }
    const big = pick(apps, 0);
    const stableId = present(big.channels.get("stable"), "stable channel of the big app");
    const current = db.prepare("SELECT current_release_id AS id FROM channels WHERE id = ?").get(stableId) as { id: string };
    const pointed = new Set((db.prepare("SELECT current_release_id AS c, previous_release_id AS p FROM channels").all() as { c: string; p: string }[]).flatMap((r) => [r.c, r.p]));
    return {
      bigApp: big.slug,
      bigAppId: big.id,
      someReleaseId: present(
        big.releases.find((r) => !pointed.has(r) && releaseChannel.get(r) === "stable"),
        "stable release no channel points at",
      ),
      currentReleaseId: current.id,
      adminUserId,
    };
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return seeded;
}
