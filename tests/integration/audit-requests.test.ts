// The audit log as its two URLs read it (audit-requests.ts), on both stores: GET /api/v1/audit's
// page or export by ?format= and Accept, and the console's export, refused to all but admins.
import { beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { AuditEvent } from "@/domain/audit";
import { DomainError } from "@/domain/errors";
import { createApp } from "@/server/services/apps";
import { exportAuditLog, readAuditLog } from "@/server/services/audit-requests";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const NOW = new Date("2026-03-04T05:06:07.890Z");

describe.each(STORE_KINDS)("audit log requests: $kind", ({ open }) => {
  const t = storePerTest(open);
  beforeEach(async () => {
    for (const slug of ["alpha", "beta", "gamma"]) await createApp(t.store, SYSTEM_ACTOR, { slug, displayName: slug, bundleIds: {} });
  });

  const params = (query: string) => new URLSearchParams(query);
  const drain = async (events: AsyncIterable<AuditEvent>) => {
    const out: AuditEvent[] = [];
    for await (const e of events) out.push(e);
    return out;
  };
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => (error instanceof DomainError ? error.code : error),
    );

  it("answers one JSON page unless ?format= or Accept asks for an export", async () => {
    const page = await readAuditLog(t.store, params("limit=2"), "*/*", NOW);
    expect(page.kind === "page" && [page.page.items.length, page.page.nextCursor !== null]).toEqual([2, true]);

    const byAccept = await readAuditLog(t.store, params("app=alpha"), "text/csv", NOW);
    expect(byAccept.kind === "export" && [byAccept.format, byAccept.filename]).toEqual(["csv", "shipyard-audit-alpha-20260304T050607Z.csv"]);
    expect(byAccept.kind === "export" && (await drain(byAccept.events)).map((e) => e.action)).toEqual(["app.create"]);

    const byQuery = await readAuditLog(t.store, params("format=jsonl"), "application/json", NOW);
    expect(byQuery.kind === "export" && (await drain(byQuery.events)).length).toBe(3);
  });

  it("resumes an export at ?cursor= and ignores ?limit= for it", async () => {
    const first = await readAuditLog(t.store, params("limit=1"), null, NOW);
    const cursor = first.kind === "page" ? first.page.nextCursor : null;
    const rest = await readAuditLog(t.store, params(`format=jsonl&limit=1&cursor=${cursor}`), null, NOW);
    expect(rest.kind === "export" && (await drain(rest.events)).length).toBe(2);
  });

  it("refuses bad filters as INVALID, naming the parameter", async () => {
    const error = await readAuditLog(t.store, params("app=nope"), null, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details.issues?.map((i) => i.path)).toEqual(["app"]);
  });

  it("exports for admins only, from the newest event, and only in a named format", async () => {
    expect(await refusal(exportAuditLog(t.store, null, params("format=csv&app=nope"), NOW))).toBe("UNAUTHORIZED");
    expect(await refusal(exportAuditLog(t.store, { role: "member" }, params("format=csv"), NOW))).toBe("FORBIDDEN");
    expect(await refusal(exportAuditLog(t.store, { role: "admin" }, params("app=alpha"), NOW))).toBe("INVALID");
    const first = await readAuditLog(t.store, params("limit=1"), null, NOW);
    const cursor = first.kind === "page" ? first.page.nextCursor : null;
    const exported = await exportAuditLog(t.store, { role: "admin" }, params(`format=jsonl&cursor=${cursor}`), NOW);
    expect([exported.format, exported.filename]).toEqual(["jsonl", "shipyard-audit-20260304T050607Z.jsonl"]);
    expect((await drain(exported.events)).length).toBe(3);
  });
});
