import type { AuditEvent } from "@/domain/audit";
import { AUDIT_CSV_HEADER, AUDIT_EXPORT_CONTENT_TYPES, auditCsvRow, auditJsonLine } from "@/domain/audit-export";
import type { AuditExportFormat } from "@/domain/audit-query";

/** Characters gathered into one chunk: big enough to keep writes few, small enough to stay in step. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The events as a byte stream in `format`, produced only when the reader pulls: a slow client
 * holds the export back instead of letting it pile up in memory. A failure mid-way errors the
 * stream, which cuts the response short rather than ending it as if it were whole.
 */
export function auditExportStream(events: AsyncIterable<AuditEvent>, format: AuditExportFormat): ReadableStream<Uint8Array> {
  const iterator = events[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const row = format === "csv" ? auditCsvRow : auditJsonLine;
  let header = format === "csv" ? AUDIT_CSV_HEADER : "";
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = header;
        header = "";
        try {
          while (text.length < CHUNK_CHARS) {
            const next = await iterator.next();
            if (next.done) {
              if (text) controller.enqueue(encoder.encode(text));
              controller.close();
              return;
            }
            text += row(next.value);
          }
        } catch (error) {
          // The response has begun: all that is left is to cut it short, and say why in the log.
          console.error("audit export failed:", error);
          throw error;
        }
        controller.enqueue(encoder.encode(text));
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    // Nothing is read ahead of the reader: the first page waits for the first pull.
    { highWaterMark: 0 },
  );
}

/** A download of the events: attachment with a file name, never cached. */
export function auditExportResponse(events: AsyncIterable<AuditEvent>, format: AuditExportFormat, filename: string): Response {
  return new Response(auditExportStream(events, format), {
    headers: {
      "content-type": AUDIT_EXPORT_CONTENT_TYPES[format],
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
