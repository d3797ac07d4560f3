// The janitor of a real server, at its start: retention deletes the release a channel no longer
// keeps, then blob garbage collection removes its file and an orphan, each audited, while the
// kept release's file stays; signed-out sessions past their cookies' expiry are forgotten and
// emails sent more than 30 days ago removed.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { OUTBOX_KEPT_MS } from "@/domain/outbox";
import { createApp } from "@/server/services/apps";
import { updateChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import { storeLayout } from "@/server/storage/paths";
import { withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const dataDir = mkdtempSync(path.join(tmpdir(), "shipyard-janitor-"));
let server: RunningServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("janitor", () => {
  it("applies retention and collects unreferenced blobs when the server starts", async () => {
    server = await startServer({ dataDir });
    const port = Number(new URL(server.url).port);
    await server.stop();

    const blobs = createLocalBlobStore(dataDir);
    const put = async () => (await blobs.put(Readable.from([randomBytes(4096)]), { maxBytes: 1 << 20 })).sha256;
    const [older, newer, orphan] = [await put(), await put(), await put()];
    const [olderRelease] = await withServerStore(dataDir, async (store) => {
      const app = await createApp(store, SYSTEM_ACTOR, { slug: "jan", displayName: "Jan" });
      await updateChannel(store, SYSTEM_ACTOR, app.id, "internal", { policy: { retention: { maxAgeDays: null, maxReleases: 1 } } });
      const publish = (build: string, sha256: string) =>
        publishRelease(store, SYSTEM_ACTOR, app.id, {
          version: `1.0.${build}`,
          build,
          channel: "internal",
          artifacts: [{ platform: "linux", filename: `jan-${build}.deb`, sizeBytes: 4096, sha256, validationStatus: "valid" }],
        });
      return [(await publish("1", older)).release, (await publish("2", newer)).release];
    });
    // A signed-out session whose cookies have all expired, and one still refused; an email sent
    // 31 days ago, and one still waiting to go.
    const outboxes = await withServerStore(dataDir, async (store) => {
      const now = Date.now();
      await store.endedSessions.end({ id: "expired-session", userId: "u", expiresAt: new Date(now - 60_000) }, new Date(now - 8 * 86_400_000));
      await store.endedSessions.end({ id: "live-session", userId: "u", expiresAt: new Date(now + 86_400_000) }, new Date(now));
      const old = new Date(now - OUTBOX_KEPT_MS - 86_400_000);
      const sent = await store.mail.enqueue({ kind: "test", toAddress: "old@example.com", subject: "Old", text: "" }, old);
      await store.mail.claimDue(old, new Date(old.getTime() + 60_000), 10);
      await store.mail.recordAttempt(sent.id, new Date(old.getTime() + 60_000), { at: old, ok: true, status: null, error: null, durationMs: 1, nextAttemptAt: null });
      const waiting = await store.mail.enqueue({ kind: "test", toAddress: "later@example.com", subject: "Later", text: "" }, new Date(now + 86_400_000));
      return { sent: sent.id, waiting: waiting.id };
    });
    // Stored well before the grace period (one session TTL plus an hour) began.
    const longAgo = new Date(Date.now() - 48 * 3_600_000);
    for (const digest of [older, newer, orphan]) utimesSync(storeLayout(dataDir).blob(digest), longAgo, longAgo);

    server = await startServer({ dataDir, port });
    const blobFile = (digest: string) => storeLayout(dataDir).blob(digest);
    const deletions = () =>
      withServerStore(dataDir, async (store) => (await store.audit.list({ actor: "system" }, { limit: 50 })).items.filter((e) => e.action.endsWith(".delete")).map((e) => [e.action, e.targetId]));
    // Each removal is audited right after it happens: wait for the last audit event, not for the files.
    await expect.poll(async () => (await deletions()).length, { timeout: 20_000, interval: 250 }).toBe(3);
    expect((await deletions()).sort()).toEqual(
      [
        ["blob.delete", older],
        ["blob.delete", orphan],
        ["release.delete", olderRelease?.id],
      ].sort(),
    );
    expect(existsSync(blobFile(older))).toBe(false);
    expect(existsSync(blobFile(orphan))).toBe(false);
    expect(existsSync(blobFile(newer))).toBe(true);
    await withServerStore(dataDir, async (store) => expect(await store.releases.getById(olderRelease?.id ?? "")).toBeNull());
    // The same hourly round forgot the expired session and removed the old email, and nothing else.
    await expect.poll(() => withServerStore(dataDir, (store) => store.endedSessions.isEnded("expired-session")), { timeout: 20_000, interval: 250 }).toBe(false);
    await expect.poll(() => withServerStore(dataDir, (store) => store.mail.getById(outboxes.sent)), { timeout: 20_000, interval: 250 }).toBeNull();
    await withServerStore(dataDir, async (store) => {
      expect(await store.endedSessions.isEnded("live-session")).toBe(true);
      expect(await store.mail.getById(outboxes.waiting)).toMatchObject({ state: "pending" });
    });
  });
});
