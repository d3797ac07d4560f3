// The audit log's filters as URL query parameters, shared by GET /api/v1/audit, the console page
// and its export route. Parameters come from anyone who can type a URL, so each is bounded, free
// of control characters and given once; every problem is reported in one INVALID error.
import { z } from "zod";
import { AUDIT_TARGET_TYPES, type AuditFilter, auditFilterSchema } from "./audit";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./pagination";
import { parseOrThrow } from "./validate";

export const AUDIT_EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** The filter parameters, in the order links and forms write them. */
export const AUDIT_FILTER_PARAMS = ["app", "actor", "action", "targetType", "targetId", "from", "to"] as const;
export const AUDIT_QUERY_PARAMS = [...AUDIT_FILTER_PARAMS, "cursor", "limit", "format"] as const;
export type AuditQueryParam = (typeof AUDIT_QUERY_PARAMS)[number];

export interface AuditQuery {
  /** An app's slug or id, as given: the service resolves it (a deleted app's id still filters). */
  app?: string;
  filter: Omit<AuditFilter, "appId">;
  page: { cursor?: string; limit: number };
  /** Set by ?format=: stream the whole filtered log instead of answering one page. */
  format?: AuditExportFormat;
}

// C0 and C1 controls, plus the bidirectional overrides that can make a value display as another.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ID = /^[A-Za-z0-9_-]+$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** One value of a parameter: at most once, trimmed, blank meaning absent (forms send empty fields). */
function param(max: number) {
  return z
    .array(z.string())
    .max(1, { message: "give it only once", abort: true })
    .transform((values) => values[0]?.trim() || undefined)
    .pipe(
      z
        .string()
        .max(max, { message: `is too long (at most ${max} characters)`, abort: true })
        .refine((v) => !CONTROL.test(v), { message: "must not contain control characters", abort: true })
        .optional(),
    );
}

/**
 * A calendar day (YYYY-MM-DD, UTC) or an ISO 8601 time with a zone. A day given as `to` means the
 * whole day: the store's `to` is exclusive, so it becomes the start of the next day.
 */
function dateParam(name: "from" | "to") {
  return param(40).transform((value, ctx) => {
    if (value === undefined) return undefined;
    const day = DAY.exec(value);
    if (day) {
      const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
      const start = new Date(Date.UTC(year, month - 1, date));
      if (start.getUTCFullYear() !== year || start.getUTCMonth() !== month - 1 || start.getUTCDate() !== date) {
        ctx.addIssue({ code: "custom", message: `${value} is not a day of the calendar` });
        return z.NEVER;
      }
      return name === "to" ? new Date(start.getTime() + DAY_MS) : start;
    }
    if (!z.iso.datetime({ offset: true }).safeParse(value).success) {
      ctx.addIssue({ code: "custom", message: "must be a date (YYYY-MM-DD) or an ISO 8601 time with a time zone, such as 2026-01-31T12:00:00Z" });
      return z.NEVER;
    }
    return new Date(value);
  });
}

const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
const TARGET_TYPE_MESSAGE = `must be one of ${AUDIT_TARGET_TYPES.join(", ")}`;

const auditQuerySchema = z
  .object({
    app: param(100).refine((v) => v === undefined || ID.test(v), "must be an app's slug or id"),
    actor: param(110).refine((v) => v === undefined || v === "system" || /^(user|token):[A-Za-z0-9_-]{1,100}$/.test(v), "must be system, user:<id> or token:<id>"),
    action: param(64).refine((v) => v === undefined || /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(v), "must be a dotted name such as app.create"),
    targetType: param(40).pipe(z.enum(AUDIT_TARGET_TYPES, { error: TARGET_TYPE_MESSAGE }).optional()),
    targetId: param(100),
    from: dateParam("from"),
    to: dateParam("to"),
    cursor: param(100).refine((v) => v === undefined || ID.test(v), "must be the nextCursor of a previous page"),
    limit: param(10)
      .refine((v) => v === undefined || /^\d+$/.test(v), LIMIT_MESSAGE)
      .transform((v) => (v === undefined ? DEFAULT_PAGE_SIZE : Number(v)))
      .pipe(z.number().min(1, LIMIT_MESSAGE).max(MAX_PAGE_SIZE, LIMIT_MESSAGE)),
    format: param(10).pipe(z.enum(AUDIT_EXPORT_FORMATS, { error: "must be jsonl or csv" }).optional()),
  })
  .superRefine((q, ctx) => {
    // Without its type a target id would scan the whole log (the index leads with the type).
    if (q.targetId !== undefined && q.targetType === undefined) {
      ctx.addIssue({ code: "custom", path: ["targetType"], message: "choose a target type to filter by target id" });
    }
    if (q.from && q.to && q.from.getTime() >= q.to.getTime()) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
    }
  });

/** Reads the audit log's query parameters; INVALID naming each bad parameter. Unknown ones are ignored. */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const raw = Object.fromEntries(AUDIT_QUERY_PARAMS.map((name) => [name, params.getAll(name)]));
  const q = parseOrThrow(auditQuerySchema, raw, "audit filter");
  const filter = parseOrThrow(auditFilterSchema.omit({ appId: true }), { actor: q.actor, action: q.action, targetType: q.targetType, targetId: q.targetId, from: q.from, to: q.to }, "audit filter");
  return {
    ...(q.app !== undefined && { app: q.app }),
    filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as AuditQuery["filter"],
    page: { limit: q.limit, ...(q.cursor !== undefined && { cursor: q.cursor }) },
    ...(q.format !== undefined && { format: q.format }),
  };
}

/**
 * A link to the log with the given parameters changed (null removes one). Only the known
 * parameters are carried over, so whatever else the URL held never ends up in a link.
 */
export function auditHref(base: string, current: URLSearchParams, changes: Partial<Record<AuditQueryParam, string | null>>): string {
  const next = new URLSearchParams();
  for (const name of AUDIT_QUERY_PARAMS) {
    const value = name in changes ? changes[name] : current.get(name);
    if (value) next.set(name, value);
  }
  const search = next.toString();
  return search ? `${base}?${search}` : base;
}
