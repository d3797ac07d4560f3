// The admin console's upload client, apart from React: hash a File in chunks, then send it to its
// upload URL with the tus client (src/client/tus-upload.ts, shared with the CLI): Blob slices sent
// by XHR (for upload progress), resumed from the server's offset after an interruption.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { type RetryInfo, sendToUploadUrl } from "@/client/tus-upload";

export { type RetryInfo, UploadFailedError } from "@/client/tus-upload";

export const HASH_CHUNK_BYTES = 2 * 1024 * 1024;

/**
 * SHA-256 of a Blob read slice by slice (the next slice is read while this one is hashed):
 * WebCrypto's digest() takes the whole input at once, which would hold a multi-GiB file in memory.
 */
export async function sha256OfBlob(blob: Blob, opts: { chunkBytes?: number; onProgress?: (hashedBytes: number) => void; signal?: AbortSignal } = {}): Promise<string> {
  const chunk = opts.chunkBytes ?? HASH_CHUNK_BYTES;
  const hash = sha256.create();
  const read = (at: number) => (at < blob.size ? blob.slice(at, at + chunk).arrayBuffer() : null);
  let next = read(0);
  for (let at = 0; next; at += chunk) {
    const bytes = new Uint8Array(await next);
    opts.signal?.throwIfAborted();
    next = read(at + chunk);
    hash.update(bytes);
    opts.onProgress?.(at + bytes.length);
  }
  return bytesToHex(hash.digest());
}

export interface UploadOptions {
  /** Requests in a row without progress before giving up (default 8). */
  attempts?: number;
  baseDelayMs?: number;
  /** Bytes the server has or is receiving: may go back after an interruption. */
  onProgress?: (sentBytes: number) => void;
  onRetry?: (info: RetryInfo) => void;
  signal?: AbortSignal;
}

/**
 * Sends `file` to `url` until the server holds all of it, starting from whatever the server
 * already has (an earlier try's bytes too). Throws UploadFailedError with a readable message.
 */
export function uploadWithResume(file: Blob, url: string, opts: UploadOptions = {}): Promise<{ retries: number }> {
  return sendToUploadUrl(file, { uploadUrl: url, size: file.size, ...opts });
}

/**
 * The upload URL on this page's origin: the admin console and the byte endpoint are one server, and
 * PUBLIC_URL may name another host (a proxy, a LAN address) that this page could only reach with CORS.
 */
export function sameOriginUploadUrl(uploadUrl: string, origin: string): string {
  const url = new URL(uploadUrl, origin);
  return new URL(url.pathname + url.search, origin).toString();
}

/** Transfer rate over the last few seconds, for the speed and ETA readouts. */
export class RateMeter {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  /** Records a byte count; a count lower than the last (a resume went back) starts over. */
  add(bytes: number, at: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && bytes < last.bytes) this.samples = [];
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? at) < at - this.windowMs) this.samples.shift();
  }

  /** Bytes per second, or 0 before there is enough to tell. */
  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 200) return 0;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }
}
