import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/domain/audit";
import { AUDIT_CSV_HEADER, auditCsvRow, auditExportFilename, auditJsonLine, csvCell, preferredAuditFormat } from "@/domain/audit-export";
import { csvObjects, parseCsv } from "../helpers/csv";

const event = (over: Partial<AuditEvent> = {}): AuditEvent => ({
  id: "0190a1b2-0000-7000-8000-000000000001",
  actor: "user:u1",
  action: "app.create",
  targetType: "app",
  targetId: "a1",
  appId: "a1",
  metadata: { slug: "demo" },
  createdAt: new Date("2026-01-31T12:34:56.789Z"),
  ...over,
});

const HOSTILE = [
  '=HYPERLINK("http://evil.example","click")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1:A9)",
  "\tleading tab",
  "\rleading CR",
  'quote " inside, and comma',
  "line\nbreak\r\nand CRLF",
  "ünïcödé ✓ 名前 \u202Eevil",
  "",
  "'already quoted",
];

describe("csvCell", () => {
  it("prefixes formula starts with an apostrophe", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@x")).toBe("'@x");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe('"\'\rx"');
    expect(csvCell("a=1")).toBe("a=1");
    expect(csvCell("plain")).toBe("plain");
  });

  it("quotes fields with commas, quotes or line breaks, doubling quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvCell('=A1,"x"')).toBe('"\'=A1,""x"""');
  });
});

describe("CSV rows", () => {
  it("starts with the header and ends each record with CRLF", () => {
    expect(AUDIT_CSV_HEADER).toBe("id,createdAt,actor,action,targetType,targetId,appId,metadata\r\n");
    expect(auditCsvRow(event())).toBe('0190a1b2-0000-7000-8000-000000000001,2026-01-31T12:34:56.789Z,user:u1,app.create,app,a1,a1,"{""slug"":""demo""}"\r\n');
    expect(auditCsvRow(event({ appId: null, metadata: {} }))).toMatch(/,a1,,\{\}\r\n$/);
  });

  it("round-trips hostile values through an RFC 4180 reader, with no cell left that a spreadsheet would run", () => {
    const events = HOSTILE.map((value, i) => event({ id: `id-${i}`, targetId: value, metadata: { name: value, nested: { v: value } } }));
    const text = AUDIT_CSV_HEADER + events.map(auditCsvRow).join("");
    const raw = parseCsv(text);
    expect(raw).toHaveLength(events.length + 1);
    for (const row of raw) {
      expect(row).toHaveLength(8);
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    const parsed = csvObjects(text);
    expect(parsed.map((r) => r.targetId)).toEqual(HOSTILE);
    expect(parsed.map((r) => JSON.parse(r.metadata ?? ""))).toEqual(events.map((e) => e.metadata));
  });
});

describe("JSON Lines", () => {
  it("writes one object per line with ISO dates and every field", () => {
    expect(auditJsonLine(event())).toBe(
      '{"id":"0190a1b2-0000-7000-8000-000000000001","createdAt":"2026-01-31T12:34:56.789Z","actor":"user:u1","action":"app.create","targetType":"app","targetId":"a1","appId":"a1","metadata":{"slug":"demo"}}\n',
    );
  });

  it("keeps hostile values on one line and parses them back", () => {
    const events = HOSTILE.map((value, i) => event({ id: `id-${i}`, targetId: value, metadata: { value, "key\nwith break": [value] } }));
    const text = events.map(auditJsonLine).join("");
    const lines = text.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(events.length);
    expect(lines.map((l) => JSON.parse(l))).toEqual(events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })));
  });
});

describe("preferredAuditFormat", () => {
  it.each([
    [null, "json"],
    ["", "json"],
    ["*/*", "json"],
    ["application/json", "json"],
    ["application/x-ndjson", "jsonl"],
    ["application/jsonl", "jsonl"],
    ["TEXT/CSV", "csv"],
    ["text/csv; charset=utf-8", "csv"],
    ["text/html, application/xhtml+xml, */*;q=0.8", "json"],
    ["application/json;q=0.5, text/csv", "csv"],
    ["text/csv;q=0, application/x-ndjson;q=0.1", "jsonl"],
    ["text/csv;q=abc", "json"],
    ["application/x-ndjson, text/csv", "jsonl"],
  ])("%j asks for %s", (accept, expected) => {
    expect(preferredAuditFormat(accept)).toBe(expected);
  });
});

describe("auditExportFilename", () => {
  const now = new Date("2026-01-31T12:34:56.789Z");
  it("names the app and the time, with the format's extension", () => {
    expect(auditExportFilename("jsonl", now)).toBe("shipyard-audit-20260131T123456Z.jsonl");
    expect(auditExportFilename("csv", now, "my-app")).toBe("shipyard-audit-my-app-20260131T123456Z.csv");
  });
  it("never puts an unsafe app name into the header", () => {
    expect(auditExportFilename("csv", now, 'x"; filename=evil.exe')).toBe("shipyard-audit-20260131T123456Z.csv");
  });
});
