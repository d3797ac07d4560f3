import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/domain/audit";
import { AUDIT_ACTIONS, auditActionLabel } from "@/domain/audit-actions";
import { type AuditTargetLookups, auditTargetView, summarizeAuditMetadata } from "@/domain/audit-view";
import { visibleText } from "@/domain/visible-text";

const event = (over: Partial<AuditEvent>): AuditEvent => ({
  id: "e1",
  actor: "system",
  action: "x.y",
  targetType: "app",
  targetId: "a1",
  appId: null,
  metadata: {},
  createdAt: new Date(0),
  ...over,
});

const lookups: AuditTargetLookups = {
  apps: new Map([["a1", { slug: "demo", displayName: "Demo" }]]),
  releases: new Map([
    ["r1", { appId: "a1", version: "1.2.0", build: "42" }],
    ["r-orphan", { appId: "gone", version: "9", build: "9" }],
  ]),
  channels: new Map([["c1", { appId: "a1", name: "beta qa" }]]),
  tokens: new Map([["t1", { name: "ci" }]]),
};

describe("auditTargetView", () => {
  it("links each kind of target to its page", () => {
    expect(auditTargetView(event({ targetType: "app", targetId: "a1" }), lookups)).toEqual({ label: "demo", href: "/admin/apps/demo", deleted: false });
    expect(auditTargetView(event({ targetType: "release", targetId: "r1", appId: "a1" }), lookups)).toEqual({
      label: "1.2.0 (42)",
      href: "/admin/apps/demo/releases/r1",
      deleted: false,
    });
    expect(auditTargetView(event({ targetType: "channel", targetId: "c1", appId: "a1" }), lookups)).toEqual({
      label: "beta qa",
      href: "/admin/apps/demo/channels/beta%20qa",
      deleted: false,
    });
    expect(auditTargetView(event({ targetType: "token", targetId: "t1" }), lookups)).toEqual({ label: "ci", href: "/admin/tokens", deleted: false });
  });

  it("sends targets without a page of their own to their app's page, or nowhere", () => {
    expect(auditTargetView(event({ targetType: "upload", targetId: "0190abcd-1111-7000-8000-000000000000", appId: "a1" }), lookups)).toEqual({
      label: "upload 0190abcd",
      href: "/admin/apps/demo",
      deleted: false,
    });
    expect(auditTargetView(event({ targetType: "share_link", targetId: "s1", appId: "a1", metadata: { name: "QA" } }), lookups).href).toBe("/admin/apps/demo");
    expect(auditTargetView(event({ targetType: "blob", targetId: "ab".repeat(32) }), lookups)).toEqual({ label: "file abababababab", href: null, deleted: false });
    expect(auditTargetView(event({ targetType: "user", targetId: "u1", metadata: { email: "a@example.com" } }), lookups)).toEqual({
      label: "a@example.com",
      href: null,
      deleted: false,
    });
  });

  it("shows deleted targets as plain text named from the event's metadata", () => {
    expect(auditTargetView(event({ targetType: "app", targetId: "a-gone", metadata: { slug: "old-app" } }), lookups)).toEqual({
      label: "old-app",
      href: null,
      deleted: true,
    });
    expect(auditTargetView(event({ targetType: "release", targetId: "r-gone", metadata: { version: "2.0", build: "7" } }), lookups)).toEqual({
      label: "2.0 (7)",
      href: null,
      deleted: true,
    });
    // The release is there but its app is not: no page to open.
    expect(auditTargetView(event({ targetType: "release", targetId: "r-orphan" }), lookups).href).toBeNull();
    expect(auditTargetView(event({ targetType: "channel", targetId: "c-gone", metadata: { name: "stable" } }), lookups)).toMatchObject({ label: "stable", href: null, deleted: true });
    expect(auditTargetView(event({ targetType: "token", targetId: "t-gone", metadata: {} }), lookups)).toMatchObject({ label: "token t-gone", href: null, deleted: true });
  });

  it("never displays control or bidi characters a stranger typed", () => {
    const view = auditTargetView(event({ targetType: "user", targetId: "admin\u202Emoc.live@x\u0000\n" }), lookups);
    expect(view.label).toBe("admin\uFFFDmoc.live@x\uFFFD\uFFFD");
  });
});

describe("summarizeAuditMetadata", () => {
  it("shows the first entries briefly and counts the rest", () => {
    expect(summarizeAuditMetadata({})).toBe("");
    expect(summarizeAuditMetadata({ name: "beta", build: 42, ok: true })).toBe("name: beta · build: 42 · ok: true");
    expect(summarizeAuditMetadata({ appId: "a1", name: "beta" })).toBe("name: beta");
    expect(summarizeAuditMetadata({ a: null, b: [1, 2], c: { d: 1 }, e: 1, f: 2 })).toBe("a: none · b: 2 items · c: {…} · +2 more");
    expect(summarizeAuditMetadata({ long: "x".repeat(100) })).toBe(`long: ${"x".repeat(39)}…`);
    expect(summarizeAuditMetadata({ "k\u2028": "v\u202E" })).toBe("k\uFFFD: v\uFFFD");
  });
});

describe("visibleText", () => {
  it("keeps ordinary text, joiners and emoji", () => {
    expect(visibleText("名前 ünï 👩\u200D💻")).toBe("名前 ünï 👩\u200D💻");
  });

  it("keeps line breaks only when asked (pretty JSON), never other controls", () => {
    const json = JSON.stringify({ a: "x\u202Ey", b: "\u2028" }, null, 2);
    expect(visibleText(json, { keepNewlines: true })).toBe('{\n  "a": "x\uFFFDy",\n  "b": "\uFFFD"\n}');
    expect(visibleText("a\nb\tc\rd", { keepNewlines: true })).toBe("a\nb\uFFFDc\uFFFDd");
    expect(visibleText("a\nb")).toBe("a\uFFFDb");
  });
});

describe("AUDIT_ACTIONS", () => {
  /** Every literal action passed to recordAudit under src/ (and `channel.${mode}`, expanded). */
  function recordedActions(): Set<string> {
    const root = path.resolve(import.meta.dirname, "../../src");
    const found = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name)) {
          const source = readFileSync(file, "utf8");
          for (const m of source.matchAll(/recordAudit\(\s*\w+,\s*[^,]+,\s*(["`])([^"`]+)\1/g)) {
            const action = m[2] ?? "";
            // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, matched literally.
            if (action === "channel.${mode}") {
              found.add("channel.promote");
              found.add("channel.rollback");
            } else found.add(action);
          }
        }
      }
    };
    walk(root);
    return found;
  }

  it("names every action the code records (add a new one to src/domain/audit-actions.ts)", () => {
    const recorded = recordedActions();
    expect(recorded.size).toBeGreaterThan(15);
    const known = new Set<string>(AUDIT_ACTIONS.map((a) => a.action));
    expect([...recorded].filter((a) => !known.has(a))).toEqual([]);
    expect([...recorded].filter((a) => a.includes("$"))).toEqual([]);
  });

  it("has one label per action, and shows unknown actions as stored", () => {
    expect(new Set(AUDIT_ACTIONS.map((a) => a.action)).size).toBe(AUDIT_ACTIONS.length);
    expect(auditActionLabel("channel.promote")).toBe("Channel promoted");
    expect(auditActionLabel("future.thing")).toBe("future.thing");
  });
});
