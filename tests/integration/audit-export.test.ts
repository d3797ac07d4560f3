// Streamed audit exports on a real SQLite file: 2,000+ events written out as JSON Lines and CSV
// parse back into exactly the store's rows, filters hold, and rows are read only as the reader pulls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { AuditEvent, AuditFilter } from "@/domain/audit";
import { auditExportRecord } from "@/domain/audit-export";
import type { AuditExportFormat } from "@/domain/audit-query";
import { DomainError } from "@/domain/errors";
import { auditExportStream } from "@/server/http/audit-export";
import { createApp, deleteApp } from "@/server/services/apps";
import { createChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import { AUDIT_EXPORT_PAGE_SIZE, exportAuditEvents } from "@/server/services/audit-export";
import { loadAuditTargets, resolveAuditFilter } from "@/server/services/audit-log";
import { allPages } from "@/server/store/all-pages";
import type { Store } from "@/server/store/types";
import { csvObjects } from "../helpers/csv";
import { seedToken } from "../helpers/seed";
import { sqliteStore, type TestStore } from "../helpers/stores";

const EVENTS = 2_150;
const HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-1", "@x", "\tTab", 'a "quoted", text', "line\r\nbreak", "名前 ✓", ""];

let t: TestStore;
let store: Store;
let middle: AuditEvent;

beforeAll(async () => {
  t = await sqliteStore();
  store = t.store;
  await store.transaction(async (tx) => {
    for (let i = 0; i < EVENTS; i++) {
      const hostile = HOSTILE[i % HOSTILE.length] ?? "";
      const event = await tx.audit.append({
        actor: i % 3 === 0 ? "system" : `user:u${i % 4}`,
        action: ["app.update", "release.publish", "channel.promote", "user.sign_in_throttled"][i % 4] ?? "app.update",
        targetType: i % 4 === 3 ? "user" : "app",
        targetId: i % 4 === 3 ? hostile || "empty" : `app-${i % 5}`,
        appId: i % 4 === 3 ? null : `app-${i % 5}`,
        metadata: { i, note: hostile, nested: { list: [hostile, i], none: null } },
      });
      if (i === Math.floor(EVENTS / 2)) middle = event;
    }
  });
}, 60_000);
afterAll(() => t.close());

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

async function exportText(filter: AuditFilter, format: AuditExportFormat): Promise<string> {
  return read(auditExportStream(exportAuditEvents(store, filter), format));
}

const expected = async (filter: AuditFilter) => (await allPages((page) => store.audit.list(filter, page))).map((e) => JSON.parse(JSON.stringify(auditExportRecord(e))) as Record<string, unknown>);

const fromJsonl = (text: string) => {
  expect(text.endsWith("\n")).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
};

const fromCsv = (text: string) => csvObjects(text).map((row) => ({ ...row, appId: row.appId === "" ? null : row.appId, metadata: JSON.parse(row.metadata ?? "") as unknown }));

describe("exporting the audit log", () => {
  it("writes every event as JSON Lines, newest first, equal to the store's rows", async () => {
    const rows = fromJsonl(await exportText({}, "jsonl"));
    expect(rows).toHaveLength(EVENTS);
    expect(rows).toEqual(await expected({}));
    expect(rows[0]?.id).toBe((await store.audit.list({}, { limit: 1 })).items[0]?.id);
  });

  it("writes every event as CSV with a header, equal to the store's rows", async () => {
    const text = await exportText({}, "csv");
    expect(text.startsWith("id,createdAt,actor,action,targetType,targetId,appId,metadata\r\n")).toBe(true);
    const rows = fromCsv(text);
    expect(rows).toHaveLength(EVENTS);
    expect(rows).toEqual(await expected({}));
  });

  it.each<[string, AuditFilter]>([
    ["app", { appId: "app-2" }],
    ["action", { action: "channel.promote" }],
    ["actor", { actor: "system" }],
    ["target", { targetType: "app", targetId: "app-4" }],
    ["combined", { appId: "app-1", actor: "user:u1", action: "release.publish" }],
  ])("exports only the matching rows when filtered by %s", async (_name, filter) => {
    const want = await expected(filter);
    expect(want.length).toBeGreaterThan(10);
    expect(want.length).toBeLessThan(EVENTS);
    for (const format of ["jsonl", "csv"] as const) {
      const text = await exportText(filter, format);
      expect(format === "jsonl" ? fromJsonl(text) : fromCsv(text)).toEqual(want);
    }
    const rows = fromJsonl(await exportText(filter, "jsonl"));
    for (const [key, value] of Object.entries(filter)) expect(rows.every((r) => r[key] === value)).toBe(true);
  });

  it("exports a time range: from inclusive, to exclusive", async () => {
    const rows = fromJsonl(await exportText({ from: middle.createdAt }, "jsonl"));
    expect(rows.every((r) => String(r.createdAt) >= middle.createdAt.toISOString())).toBe(true);
    expect(rows.map((r) => r.id)).toContain(middle.id);
    const before = fromJsonl(await exportText({ to: middle.createdAt }, "jsonl"));
    expect(before.map((r) => r.id)).not.toContain(middle.id);
    expect(rows.length + before.length).toBe(EVENTS);
  });

  it("writes nothing but the header when nothing matches", async () => {
    expect(await exportText({ action: "no.such" }, "csv")).toBe("id,createdAt,actor,action,targetType,targetId,appId,metadata\r\n");
    expect(await exportText({ action: "no.such" }, "jsonl")).toBe("");
  });

  it("reads the log page by page only as the reader pulls, and stops when it cancels", async () => {
    let lists = 0;
    const list: Store["audit"]["list"] = (f, p) => {
      lists++;
      return store.audit.list(f, p);
    };
    const counting: Store = { ...store, audit: { ...store.audit, list } };
    const stream = auditExportStream(exportAuditEvents(counting, {}), "jsonl");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lists).toBe(0);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.value?.byteLength).toBeGreaterThan(0);
    expect(first.value?.byteLength).toBeLessThan(200_000);
    expect(lists).toBe(1);
    await reader.cancel();
    expect(lists).toBe(1);

    lists = 0;
    await read(auditExportStream(exportAuditEvents(counting, {}), "csv"));
    expect(lists).toBe(Math.ceil(EVENTS / AUDIT_EXPORT_PAGE_SIZE));
  });

  it("cuts the stream short with an error when the store fails mid-way", async () => {
    let lists = 0;
    const failing: Store = {
      ...store,
      audit: { ...store.audit, list: (f, p) => (++lists === 3 ? Promise.reject(new Error("disk gone")) : store.audit.list(f, p)) },
    };
    await expect(read(auditExportStream(exportAuditEvents(failing, {}), "jsonl"))).rejects.toThrow("disk gone");
  });

  it("refuses a bad filter before the first byte", () => {
    expect(() => exportAuditEvents(store, { action: "" })).toThrow(DomainError);
  });
});

describe("resolving the app filter and the targets a page links to", () => {
  it("finds the app by slug or id, keeps a deleted app's id, and names an unknown app", async () => {
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "resolve-me", displayName: "Resolve", visibility: "public", bundleIds: {} });
    expect(await resolveAuditFilter(store, { app: "resolve-me", filter: { action: "app.create" } })).toEqual({ filter: { action: "app.create", appId: app.id }, app });
    expect((await resolveAuditFilter(store, { app: app.id, filter: {} })).filter).toEqual({ appId: app.id });
    await deleteApp(store, SYSTEM_ACTOR, app.id);
    expect(await resolveAuditFilter(store, { app: app.id, filter: {} })).toEqual({ filter: { appId: app.id }, app: null });
    await expect(resolveAuditFilter(store, { app: "resolve-me", filter: {} })).rejects.toMatchObject({
      code: "INVALID",
      message: 'Invalid audit filter: app: no app has the slug or id "resolve-me"',
    });
  });

  it("looks up the apps, releases, channels and tokens of a page's events", async () => {
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "targets", displayName: "Targets", visibility: "public", bundleIds: {} });
    const gone = await createApp(store, SYSTEM_ACTOR, { slug: "targets-gone", displayName: "Gone", visibility: "public", bundleIds: {} });
    await deleteApp(store, SYSTEM_ACTOR, gone.id);
    const release = await publishRelease(store, SYSTEM_ACTOR, app.id, {
      version: "1.0.0",
      build: "1",
      channel: "beta",
      notes: "",
      artifacts: [{ platform: "android_apk", filename: "a.apk", sizeBytes: 1, sha256: "f".repeat(64), validationStatus: "valid" }],
    });
    const channel = await createChannel(store, SYSTEM_ACTOR, app.id, { name: "qa" });
    const token = (await seedToken(store, { name: "ci-token", scopes: ["audit:read"] })).token;
    // This test's events (the seeded ones name apps that never existed).
    const events = (await store.audit.list({}, { limit: 30 })).items.filter((e) => !e.appId?.startsWith("app-"));
    const lookups = await loadAuditTargets(store, events);
    expect(lookups.apps.get(app.id)).toEqual({ slug: "targets", displayName: "Targets" });
    expect(lookups.apps.has(gone.id)).toBe(false);
    expect(lookups.releases.get(release.release.id)).toEqual({ appId: app.id, version: "1.0.0", build: "1" });
    expect(lookups.channels.get(channel.id)).toEqual({ appId: app.id, name: "qa" });
    expect(lookups.tokens.get(token.id)).toEqual({ name: "ci-token" });
    // Apps the page already holds are not read again.
    let reads = 0;
    const getById: Store["apps"]["getById"] = (id) => {
      reads++;
      return store.apps.getById(id);
    };
    const counting: Store = { ...store, apps: { ...store.apps, getById } };
    await loadAuditTargets(counting, events, [{ id: app.id, slug: "targets", displayName: "Targets" }]);
    // Only the deleted apps (this test's and the previous one's), each looked for once.
    const others = new Set(events.flatMap((e) => (e.appId && e.appId !== app.id ? [e.appId] : [])));
    expect(others.has(gone.id)).toBe(true);
    expect(reads).toBe(others.size);
  });
});
