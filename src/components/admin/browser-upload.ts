// The admin console's upload client, apart from React: hash a File in chunks, then send it to its
// upload URL with the same protocol as the CLI (src/cli/upload-file.ts): PUT from 0; after a
// network error or 5xx, back off, HEAD for Upload-Offset and PATCH the rest.
import { Sha256 } from "./sha256";

export const HASH_CHUNK_BYTES = 2 * 1024 * 1024;

/** SHA-256 of a Blob read slice by slice (the next slice is read while this one is hashed). */
export async function sha256OfBlob(
  blob: Blob,
  opts: { chunkBytes?: number; onProgress?: (hashedBytes: number) => void; signal?: AbortSignal } = {},
): Promise<string> {
  const chunk = opts.chunkBytes ?? HASH_CHUNK_BYTES;
  const hash = new Sha256();
  const read = (at: number) => (at < blob.size ? blob.slice(at, at + chunk).arrayBuffer() : null);
  let next = read(0);
  for (let at = 0; next; at += chunk) {
    const bytes = new Uint8Array(await next);
    opts.signal?.throwIfAborted();
    next = read(at + chunk);
    hash.update(bytes);
    opts.onProgress?.(at + bytes.length);
  }
  return hash.hex();
}

export interface SendResult {
  status: number;
  /** The Upload-Offset response header, when present and valid. */
  offset: number | null;
  /** The JSON error message of a failed response, if any. */
  message: string | null;
}

/** How bytes reach the server: XHR in the browser (for upload progress), a fake in tests. */
export interface UploadTransport {
  /** Resolves with any HTTP response; rejects with a NetworkError when no response came. */
  send(request: { method: "PUT" | "PATCH"; url: string; body: Blob; offset: number; onProgress: (loaded: number) => void; signal?: AbortSignal }): Promise<SendResult>;
  head(url: string, signal?: AbortSignal): Promise<{ status: number; offset: number | null }>;
}

export class NetworkError extends Error {
  override readonly name = "NetworkError";
}

/**
 * A failure that retrying cannot fix here: the attempts ran out (the session still holds what it
 * got: resume later) or the server refused the bytes or the session (`sessionUnusable`: start over).
 */
export class UploadFailedError extends Error {
  override readonly name = "UploadFailedError";

  constructor(
    message: string,
    readonly sessionUnusable: boolean,
  ) {
    super(message);
  }
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface UploadOptions {
  transport?: UploadTransport;
  /** Requests in total before giving up (default 8). */
  attempts?: number;
  baseDelayMs?: number;
  /** Start by asking the server how much it has (e.g. retrying an upload that failed earlier). */
  resume?: boolean;
  /** Bytes the server has or is receiving: may go back after an interruption. */
  onProgress?: (sentBytes: number) => void;
  onRetry?: (info: RetryInfo) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** Exponential backoff with jitter: attempt 1 waits 50–100% of base, doubling, capped at 30 s. */
export function backoffDelay(attempt: number, baseMs: number): number {
  const exp = Math.min(30_000, baseMs * 2 ** (attempt - 1));
  return exp / 2 + Math.random() * (exp / 2);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

function parseOffset(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

function errorMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof body.error?.message === "string" ? body.error.message : null;
  } catch {
    return null;
  }
}

/**
 * Sends `file` to `url` until the server holds all of it. Retries network errors, 5xx and stale
 * offsets (409) with backoff, each time resuming from the offset the server reports; any other
 * refusal, or running out of attempts, throws UploadFailedError with a readable message.
 */
export async function uploadWithResume(file: Blob, url: string, opts: UploadOptions = {}): Promise<{ retries: number }> {
  const transport = opts.transport ?? xhrTransport;
  const attempts = opts.attempts ?? 8;
  const wait = opts.sleep ?? sleep;
  let offset = 0;
  let askServer = opts.resume ?? false;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    try {
      if (askServer) {
        const head = await transport.head(url, opts.signal);
        if (head.status === 404 || head.status === 410) {
          const what = head.status === 410 ? "expired or failed" : "no longer exists";
          throw new UploadFailedError(`the upload session ${what}`, true);
        }
        if (head.status !== 200 || head.offset === null || head.offset > file.size) throw new Error(`could not read the upload offset (HTTP ${head.status})`);
        offset = head.offset;
        askServer = false;
      }
      opts.onProgress?.(offset);
      const start = offset;
      const res = await transport.send({
        method: start === 0 ? "PUT" : "PATCH",
        url,
        body: file.slice(start),
        offset: start,
        onProgress: (loaded) => opts.onProgress?.(start + loaded),
        signal: opts.signal,
      });
      const detail = res.message ? `: ${res.message}` : "";
      if (res.status >= 200 && res.status < 300) {
        if (res.offset === file.size) return { retries: attempt - 1 };
        reason = `the server stored ${res.offset ?? "?"} of ${file.size} bytes`;
      } else if (res.status === 409 && res.offset === file.size) {
        return { retries: attempt - 1 }; // "already complete": an earlier attempt finished it
      } else if (res.status === 409 || res.status >= 500) {
        reason = `HTTP ${res.status}${detail}`;
      } else {
        throw new UploadFailedError(`the server refused the upload (HTTP ${res.status})${detail}`, true);
      }
    } catch (error) {
      if (error instanceof UploadFailedError || opts.signal?.aborted) throw error;
      reason = error instanceof NetworkError ? "network error" : (error as Error).message;
    }
    if (attempt >= attempts) throw new UploadFailedError(`upload failed after ${attempts} attempts (last: ${reason})`, false);
    const delayMs = backoffDelay(attempt, opts.baseDelayMs ?? 1000);
    opts.onRetry?.({ attempt, delayMs, reason });
    await wait(delayMs, opts.signal);
    askServer = true;
  }
}

/**
 * XMLHttpRequest, for its upload progress events (fetch has none for request bodies). A Blob body
 * is streamed from disk by the browser, never read into memory here.
 */
export const xhrTransport: UploadTransport = {
  send({ method, url, body, offset, onProgress, signal }) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Content-Type", "application/offset+octet-stream");
      if (method === "PATCH") xhr.setRequestHeader("Upload-Offset", String(offset));
      xhr.upload.onprogress = (event) => onProgress(event.loaded);
      xhr.onload = () =>
        resolve({ status: xhr.status, offset: parseOffset(xhr.getResponseHeader("Upload-Offset")), message: errorMessage(xhr.responseText) });
      xhr.onerror = () => reject(new NetworkError("network error"));
      xhr.ontimeout = () => reject(new NetworkError("timed out"));
      xhr.onabort = () => reject(signal?.reason ?? new DOMException("upload cancelled", "AbortError"));
      signal?.addEventListener("abort", () => xhr.abort(), { once: true });
      xhr.send(body);
    });
  },
  async head(url, signal) {
    try {
      const res = await fetch(url, { method: "HEAD", cache: "no-store", signal });
      return { status: res.status, offset: parseOffset(res.headers.get("Upload-Offset")) };
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new NetworkError("network error");
    }
  },
};

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

