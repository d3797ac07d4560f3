// Audit events as export rows: JSON Lines (one JSON object per line) and CSV (RFC 4180). Both
// carry exactly the stored fields, dates in ISO 8601 UTC, so an export parses back into the log.
import type { AuditEvent } from "./audit";
import type { AuditExportFormat } from "./audit-query";

export const AUDIT_EXPORT_COLUMNS = ["id", "createdAt", "actor", "action", "targetType", "targetId", "appId", "metadata"] as const;

export const AUDIT_EXPORT_CONTENT_TYPES: Record<AuditExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
};

/** The event as exported: plain JSON values in a fixed key order. */
export function auditExportRecord(event: AuditEvent) {
  return {
    id: event.id,
    createdAt: event.createdAt.toISOString(),
    actor: event.actor,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    appId: event.appId,
    metadata: event.metadata,
  };
}

/** One line of JSON Lines; JSON.stringify escapes every newline inside strings, so a row is one line. */
export function auditJsonLine(event: AuditEvent): string {
  return `${JSON.stringify(auditExportRecord(event))}\n`;
}

// A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd|...),
// and targetId and metadata can carry what a stranger typed (a throttled sign-in's account name).
const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV field: formula-looking text gets a leading apostrophe, then RFC 4180 quoting when needed. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const CRLF = "\r\n";

export const AUDIT_CSV_HEADER = AUDIT_EXPORT_COLUMNS.join(",") + CRLF;

/** One CSV record (CRLF-terminated as RFC 4180 says); an empty appId cell means none, metadata is a JSON string. */
export function auditCsvRow(event: AuditEvent): string {
  const record = auditExportRecord(event);
  const cells = [record.id, record.createdAt, record.actor, record.action, record.targetType, record.targetId, record.appId ?? "", JSON.stringify(record.metadata)];
  return cells.map(csvCell).join(",") + CRLF;
}

/** `shipyard-audit[-<app>]-20260131T120000Z.jsonl`: sorts by time, and only safe characters (slugs are). */
export function auditExportFilename(format: AuditExportFormat, now: Date, appSlug?: string): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replaceAll(/[-:]/g, "");
  const app = appSlug && /^[a-z0-9-]+$/.test(appSlug) ? `-${appSlug}` : "";
  return `shipyard-audit${app}-${stamp}.${format}`;
}

const ACCEPTED: Record<string, AuditExportFormat | "json"> = {
  "application/x-ndjson": "jsonl",
  "application/jsonl": "jsonl",
  "application/json": "json",
  "text/csv": "csv",
};

/**
 * What an Accept header asks for among JSON (one page), JSON Lines and CSV: the named type with
 * the highest q wins, the earliest on a tie; wildcards and anything else mean JSON.
 */
export function preferredAuditFormat(accept: string | null): AuditExportFormat | "json" {
  let best: { format: AuditExportFormat | "json"; q: number } = { format: "json", q: 0 };
  for (const range of (accept ?? "").split(",")) {
    const [type = "", ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    const format = ACCEPTED[type];
    if (!format) continue;
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isFinite(q) && q > best.q) best = { format, q };
  }
  return best.format;
}
