// Downloads handed to nginx (DOWNLOAD_OFFLOAD=x-accel-redirect): Shipyard still authorizes, counts
// and writes the headers, then answers with X-Accel-Redirect and no body, and nginx sends the file
// from its internal location with sendfile. Node copying every byte measured 0.66× nginx (issue 14).
//
// What nginx 1.22 keeps of an X-Accel-Redirect answer (checked by tests/e2e/download-offload.test.ts):
// Content-Type, Content-Disposition, Cache-Control, Accept-Ranges, Expires, Set-Cookie. It drops
// the rest (ETag, X-Content-Type-Options and the other security headers); the internal location
// puts those back from $upstream_http_* (README, "Downloads through nginx"). Length and ranges nginx
// computes itself from the file and the client's own Range header.
import type { IncomingHttpHeaders } from "node:http";
import type { BlobStore, ProxyServable } from "../storage/types";
import type { DownloadPlan } from "./download";

/** Where nginx finds blobs: its internal location, and the store that names a blob's file in it. */
export interface DownloadOffload {
  prefix: string;
  blobs: ProxyServable;
}

/** The offload the configuration asks for; a store without files (S3) cannot be offloaded this way. */
export function downloadOffloadFor(setting: { prefix: string } | null, blobs: BlobStore): DownloadOffload | null {
  if (setting === null) return null;
  if (!isProxyServable(blobs)) throw new Error("DOWNLOAD_OFFLOAD=x-accel-redirect needs the disk blob store: nginx sends files it can read");
  return { prefix: setting.prefix, blobs };
}

const isProxyServable = (blobs: BlobStore): blobs is BlobStore & ProxyServable => "proxyPath" in blobs;

// Only the plain spelling nginx parses the same way; 15 digits stay below both sides' overflow.
const SINGLE_RANGE = /^bytes=\d{0,15}-\d{0,15}$/;

/**
 * Whether nginx, answering this request from the file, sends exactly what `plan` says. It would
 * not for a few rare requests, which Shipyard keeps streaming itself: several ranges (nginx sends
 * multipart, Shipyard the whole file), a Range spelled loosely (spaces, another unit), and If-Range,
 * If-Match or If-Unmodified-Since, which Shipyard ignores and nginx evaluates against the file.
 * Answers without a body (HEAD, 304, 416, an empty file) are Shipyard's as before.
 */
export function nginxAnswersAsPlanned(plan: DownloadPlan, headers: IncomingHttpHeaders): boolean {
  if (!plan.body) return false;
  if (headers["if-range"] !== undefined || headers["if-match"] !== undefined || headers["if-unmodified-since"] !== undefined) return false;
  const range = headers.range;
  if (range === undefined) return plan.status === 200;
  return plan.status === 206 && SINGLE_RANGE.test(range);
}

/** The headers of the hand-off: the plan's, with the body's length and range left to nginx. */
export function offloadHeaders(plan: DownloadPlan, location: string): Record<string, string> {
  const { "content-length": _length, "content-range": _range, "accept-ranges": acceptRanges, ...kept } = plan.headers;
  return {
    ...kept,
    // nginx writes its own Accept-Ranges on a whole file and none on a 206, and keeps ours beside
    // its own: sent only where nginx does not, so the client sees exactly one, as without offload.
    ...(plan.status === 206 && acceptRanges !== undefined ? { "accept-ranges": acceptRanges } : {}),
    // No body here: nginx replaces it with the file (and the status with its own 200 or 206).
    "content-length": "0",
    "x-accel-redirect": location,
  };
}

/** The internal URI nginx serves `sha256` from; NOT_FOUND (before anything is counted) when the blob is gone. */
export async function offloadLocation(offload: DownloadOffload, sha256: string): Promise<string> {
  return `${offload.prefix}/${await offload.blobs.proxyPath(sha256)}`;
}
