// GET /api/v1/audit on a real server: filters as query parameters (app by slug or id), cursor
// pages, bad filters answered 400 with the reason, and the whole filtered log streamed as JSON
// Lines and CSV that parse back into the stored rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { AuditFilter } from "@/domain/audit";
import { auditExportRecord } from "@/domain/audit-export";
import { createApp, updateApp } from "@/server/services/apps";
import { allPages } from "@/server/store/all-pages";
import { csvObjects, parseCsv } from "../helpers/csv";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const SEEDED = 1_200;
let server: RunningServer;
let token = "";
let restricted = "";
let noScope = "";
const apps = { alpha: "", bravo: "" };

beforeAll(async () => {
  server = await startServer();
  await withServerStore(server.dataDir, async (store) => {
    apps.alpha = (await createApp(store, SYSTEM_ACTOR, { slug: "alpha", displayName: "Alpha", visibility: "public" })).id;
    apps.bravo = (await createApp(store, SYSTEM_ACTOR, { slug: "bravo", displayName: "Bravo", visibility: "public" })).id;
    await updateApp(store, SYSTEM_ACTOR, apps.alpha, { displayName: "Alpha One" });
    token = (await seedToken(store, { name: "auditor", scopes: ["audit:read"] })).raw;
    restricted = (await seedToken(store, { name: "alpha only", scopes: ["audit:read"], app: "alpha" })).raw;
    noScope = (await seedToken(store, { name: "reader", scopes: ["apps:read"] })).raw;
    // Enough events for several export pages, with values a spreadsheet or a parser could trip on.
    const hostile = ['=HYPERLINK("http://x")', "+1", "-1", "@A1", "\tx", 'a "b", c', "line\nbreak", "名前"];
    await store.transaction(async (tx) => {
      for (let i = 0; i < SEEDED; i++) {
        const appId = i % 2 ? apps.alpha : apps.bravo;
        await tx.audit.append({
          actor: i % 3 ? `token:t${i % 3}` : "system",
          action: i % 4 ? "upload.create" : "upload.expire",
          targetType: "upload",
          targetId: `up-${i}`,
          appId,
          metadata: { i, note: hostile[i % hostile.length] },
        });
      }
      // Targets named by what a stranger typed (as a throttled sign-in's account name is).
      for (const typed of hostile) {
        await tx.audit.append({ actor: "system", action: "user.sign_in_throttled", targetType: "user", targetId: typed, appId: apps.alpha, metadata: {} });
      }
    });
  });
  // The first use of each token is audited (then throttled for a minute): get it out of the way.
  await get("/api/v1/audit?limit=1");
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

function get(path: string, headers: Record<string, string> = {}, bearer = token) {
  return fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });
}

async function json(path: string, headers: Record<string, string> = {}) {
  const res = await get(path, headers);
  return { status: res.status, body: (await res.json()) as { items: Array<Record<string, unknown>>; nextCursor: string | null; error?: { code: string; message: string } } };
}

/** The stored rows for a filter, as the export writes them (ids at most `upTo`: later token uses are not in an export begun before them). */
async function stored(filter: AuditFilter, upTo?: string) {
  const rows = await withServerStore(server.dataDir, (store) => allPages((page) => store.audit.list(filter, page)));
  return rows.filter((e) => !upTo || e.id <= upTo).map((e) => JSON.parse(JSON.stringify(auditExportRecord(e))) as Record<string, unknown>);
}

const jsonLines = (text: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const csvRows = (text: string) => csvObjects(text).map((r): Record<string, unknown> => ({ ...r, appId: r.appId || null, metadata: JSON.parse(r.metadata ?? "") as unknown }));

describe("GET /api/v1/audit as JSON pages", () => {
  it("pages through the log with cursors, newest first, each event naming its app", async () => {
    const first = await json("/api/v1/audit?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBe(first.body.items[1]?.id);
    const second = await json(`/api/v1/audit?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(String(second.body.items[0]?.id) < String(first.body.items[1]?.id)).toBe(true);
    expect(first.body.items[0]).toHaveProperty("appId");

    // Every page of one app's creation events, followed to the end.
    const ids: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await json(`/api/v1/audit?app=bravo&limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      ids.push(...page.body.items.map((e) => String(e.id)));
      cursor = page.body.nextCursor;
    }
    expect(ids).toEqual((await stored({ appId: apps.bravo })).map((e) => e.id));
    expect(ids).toHaveLength(SEEDED / 2 + 1); // and bravo's app.create
  });

  it("filters by app (slug or id), actor, action, target and dates", async () => {
    const items = async (query: string) => (await json(`/api/v1/audit?limit=100&${query}`)).body.items;
    const bySlug = await items("app=alpha&action=app.update");
    expect(bySlug.map((e) => [e.action, e.appId])).toEqual([["app.update", apps.alpha]]);
    expect(await items(`app=${apps.alpha}&action=app.update`)).toEqual(bySlug);
    expect((await items("actor=system&action=app.create")).map((e) => e.targetId).sort()).toEqual([apps.alpha, apps.bravo].sort());
    expect((await items(`targetType=app&targetId=${apps.bravo}`)).map((e) => e.action)).toEqual(["app.create"]);
    expect((await items("targetType=upload&targetId=up-7")).map((e) => e.metadata)).toEqual([{ i: 7, note: "名前" }]);
    expect((await items("action=upload.expire&actor=token:t1")).every((e) => e.action === "upload.expire" && e.actor === "token:t1")).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect(await items(`from=${today}&to=${today}`)).toHaveLength(100);
    expect(await items("to=2000-01-01")).toEqual([]);
    expect(await items(`from=${new Date(Date.now() + 3_600_000).toISOString()}`)).toEqual([]);
  });

  it.each([
    ["from=2026-02-30", "from: 2026-02-30 is not a day of the calendar"],
    ["targetType=bogus", "targetType: must be one of"],
    ["targetId=x", "targetType: choose a target type to filter by target id"],
    ["limit=0", "limit: must be a whole number from 1 to 100"],
    ["app=nowhere", 'app: no app has the slug or id "nowhere"'],
    ["action=app.create%00", "action: must not contain control characters"],
    [`actor=${"x".repeat(10_000)}`, "actor: is too long"],
    ["format=xml", "format: must be jsonl or csv"],
    ["action=a.b&action=c.d", "action: give it only once"],
  ])("answers 400 naming the problem for %s", async (query, message) => {
    const res = await json(`/api/v1/audit?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe("INVALID");
    expect(res.body.error?.message).toContain(message);
  });

  it("is closed to app-restricted tokens and tokens without audit:read", async () => {
    expect((await get("/api/v1/audit", {}, restricted)).status).toBe(403);
    expect((await get("/api/v1/audit?format=jsonl", {}, noScope)).status).toBe(403);
    expect((await fetch(`${server.url}/api/v1/audit?format=csv`)).status).toBe(401);
  });
});

describe("GET /api/v1/audit as a streamed export", () => {
  it("streams the whole log as JSON Lines, every stored row in order", async () => {
    const res = await get("/api/v1/audit?format=jsonl&limit=3");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="shipyard-audit-\d{8}T\d{6}Z\.jsonl"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const rows = jsonLines(await res.text());
    expect(rows.length).toBeGreaterThan(SEEDED);
    expect(rows).toEqual(await stored({}, String(rows[0]?.id)));
  });

  it("streams one app's events as CSV when asked by Accept, named after the app", async () => {
    const res = await get("/api/v1/audit?app=alpha", { accept: "text/csv" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(res.headers.get("content-disposition")).toMatch(/filename="shipyard-audit-alpha-\d{8}T\d{6}Z\.csv"$/);
    const text = await res.text();
    expect(text.split("\r\n")[0]).toBe("id,createdAt,actor,action,targetType,targetId,appId,metadata");
    const rows = csvRows(text);
    expect(rows).toEqual(await stored({ appId: apps.alpha }));
    expect(rows.every((r) => r.appId === apps.alpha)).toBe(true);
    // Formula-looking cells reach a spreadsheet as text.
    expect(text).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(
      rows
        .filter((r) => r.action === "user.sign_in_throttled")
        .map((r) => r.targetId)
        .sort(),
    ).toEqual(['=HYPERLINK("http://x")', "+1", "-1", "@A1", "\tx", 'a "b", c', "line\nbreak", "名前"].sort());
    for (const cell of parseCsv(text).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("honours Accept: application/x-ndjson, and ?format over Accept", async () => {
    const ndjson = await get("/api/v1/audit?action=app.create", { accept: "application/x-ndjson" });
    expect(ndjson.headers.get("content-type")).toContain("application/x-ndjson");
    expect(jsonLines(await ndjson.text()).map((r) => r.action)).toEqual(["app.create", "app.create"]);
    const csv = await get("/api/v1/audit?action=app.create&format=csv", { accept: "application/x-ndjson" });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csvRows(await csv.text())).toHaveLength(2);
    const page = await get("/api/v1/audit?action=app.create", { accept: "application/json" });
    expect(((await page.json()) as { items: unknown[] }).items).toHaveLength(2);
  });

  it("exports a filter that matches nothing as an empty body (JSON Lines) or a header alone (CSV)", async () => {
    expect(await (await get("/api/v1/audit?format=jsonl&to=2000-01-01")).text()).toBe("");
    expect(await (await get("/api/v1/audit?format=csv&to=2000-01-01")).text()).toBe("id,createdAt,actor,action,targetType,targetId,appId,metadata\r\n");
  });

  it("documents the filters and both downloads in OpenAPI", async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters: Array<{ name: string; schema: { enum?: string[] } }>; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const op = doc.paths["/audit"]?.get;
    expect(op?.parameters.map((p) => p.name)).toEqual(["app", "actor", "action", "targetType", "targetId", "from", "to", "cursor", "limit", "format"]);
    expect(op?.parameters.find((p) => p.name === "format")?.schema.enum).toEqual(["jsonl", "csv"]);
    expect(Object.keys(op?.responses["200"]?.content ?? {})).toEqual(["application/json", "application/x-ndjson", "text/csv"]);
  });
});
