import type { Artifact } from "@/domain/artifact";
import { contentDisposition, etagMatches, parseRange } from "./range";

export interface DownloadPlan {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  /** The inclusive byte range to send; absent when no body goes out (HEAD, 304, 416, empty). */
  body?: { start: number; end: number };
}

/**
 * What to answer for a download of `artifact`: length, ranges (206/416), the digest as a strong
 * ETag (304 on If-None-Match), a safe attachment filename, the platform's content type and nosniff.
 */
export function planDownload(
  artifact: Pick<Artifact, "sha256" | "sizeBytes" | "filename" | "contentType">,
  request: { method: string; range: string | null; ifNoneMatch: string | null },
): DownloadPlan {
  const etag = `"${artifact.sha256}"`;
  const size = artifact.sizeBytes;
  const headers: Record<string, string> = {
    "content-type": artifact.contentType,
    "content-disposition": contentDisposition(artifact.filename),
    "x-content-type-options": "nosniff",
    "accept-ranges": "bytes",
    etag,
    // Content-addressed: the bytes behind this URL never change.
    "cache-control": "private, max-age=31536000, immutable",
  };
  if (etagMatches(request.ifNoneMatch, etag)) return { status: 304, headers };
  const range = parseRange(request.range, size);
  if (range.kind === "unsatisfiable") {
    const { "content-disposition": _omit, ...rest } = headers;
    return { status: 416, headers: { ...rest, "content-range": `bytes */${size}`, "content-length": "0" } };
  }
  const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, size - 1];
  headers["content-length"] = String(size === 0 ? 0 : end - start + 1);
  if (range.kind === "partial") headers["content-range"] = `bytes ${start}-${end}/${size}`;
  const status = range.kind === "partial" ? 206 : 200;
  if (request.method === "HEAD" || size === 0) return { status, headers };
  return { status, headers, body: { start, end } };
}
