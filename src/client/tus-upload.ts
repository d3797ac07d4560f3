// Sends a file to its Shipyard upload URL, for the CLI and the admin console alike. The URL is a
// tus 1.0 upload resource, so the resume protocol (HEAD for the offset, PATCH from there) is the
// tus project's own client's; what is Shipyard's here: backoff with jitter, which answers are
// final, readable failures, and the one request tus does not make (see confirmStored).
import { type DetailedError, defaultOptions, type FileReader, type HttpResponse, type HttpStack, Upload } from "tus-js-client";

/**
 * Bytes per PATCH. Each request's body stays under the 100 MB that common reverse proxies accept
 * (Cloudflare's limit), while the server's per-request cost (an fsync, a row update) stays a small
 * share of a request's time. Never held in memory: Blob slices and file streams are read as sent.
 */
export const UPLOAD_CHUNK_BYTES = 64 * 1024 * 1024;

export interface RetryInfo {
  /** 1 for the first retry after a request that made progress. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface SendOptions {
  uploadUrl: string;
  size: number;
  /** Requests in a row that make no progress before giving up (default 8). */
  attempts?: number;
  baseDelayMs?: number;
  chunkBytes?: number;
  /** Bytes the server has or is receiving: may go back after an interruption. */
  onProgress?: (sentBytes: number) => void;
  onRetry?: (info: RetryInfo) => void;
  signal?: AbortSignal;
  /** Where the bytes come from and how requests are made; tus's defaults (browser: Blob, XHR) otherwise. */
  fileReader?: FileReader;
  httpStack?: HttpStack;
}

/**
 * A failure that retrying cannot fix here: the attempts ran out (the session still holds what it
 * got: resume later), or the server refused the bytes or the session (`sessionUnusable`: start over).
 */
export class UploadFailedError extends Error {
  override readonly name = "UploadFailedError";

  constructor(
    message: string,
    readonly sessionUnusable: boolean,
    /** The refusing answer's HTTP status; null when the attempts ran out. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Exponential backoff with jitter: attempt 1 waits 50–100% of base, doubling, capped at 30 s. */
export function backoffDelay(attempt: number, baseMs: number): number {
  const exp = Math.min(30_000, baseMs * 2 ** (attempt - 1));
  return exp / 2 + Math.random() * (exp / 2);
}

/** Answers worth another try: no answer at all, a server error, a stale offset (409), a lock, a limit. */
function retryable(status: number | null): boolean {
  return status === null || status >= 500 || status === 408 || status === 409 || status === 423 || status === 429;
}

interface Answer {
  status: number | null;
  message: string | null;
}

function answerOf(res: HttpResponse | null | undefined): Answer {
  if (!res) return { status: null, message: null };
  let message: string | null = null;
  try {
    const body = JSON.parse(res.getBody()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") message = body.error.message;
  } catch {
    // HEAD answers and proxies' pages carry no JSON error.
  }
  return { status: res.getStatus(), message };
}

function reasonOf({ status, message }: Answer): string {
  if (status === null) return "network error";
  return `HTTP ${status}${message ? `: ${message}` : ""}`;
}

function refusal({ status, message }: Answer & { status: number }): UploadFailedError {
  if (status === 404 || status === 410) {
    return new UploadFailedError(`the upload session ${status === 410 ? "expired or failed" : "no longer exists"}`, true, status);
  }
  return new UploadFailedError(`the server refused the upload (HTTP ${status})${message ? `: ${message}` : ""}`, true, status);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * One run of the tus client until it succeeds or gives up. Resolves with the method of the last
 * answer: "HEAD" when tus stopped because the server reported every byte stored.
 */
function runTus(input: unknown, opts: SendOptions, attempts: number, onRetry: (info: RetryInfo) => void): Promise<string> {
  // Jitter drawn once per run: tus takes a fixed list of delays, one per retry in a row.
  const delays = Array.from({ length: attempts - 1 }, (_, i) => backoffDelay(i + 1, opts.baseDelayMs ?? 1000));
  return new Promise((resolve, reject) => {
    let lastMethod = "";
    const upload = new Upload(input as Blob, {
      uploadUrl: opts.uploadUrl,
      uploadSize: opts.size,
      chunkSize: opts.chunkBytes ?? UPLOAD_CHUNK_BYTES,
      retryDelays: delays,
      // The URL is a capability: never kept in localStorage (and no creation endpoint to fall back on).
      storeFingerprintForResuming: false,
      ...(opts.fileReader && { fileReader: opts.fileReader }),
      ...(opts.httpStack && { httpStack: opts.httpStack }),
      onAfterResponse: (req) => {
        lastMethod = req.getMethod();
      },
      onProgress: (sent) => opts.onProgress?.(sent),
      onShouldRetry: (error, attempt) => {
        const answer = answerOf(error.originalResponse);
        if (!retryable(answer.status)) return false;
        onRetry({ attempt: attempt + 1, delayMs: delays[attempt] ?? 0, reason: reasonOf(answer) });
        return true;
      },
      onSuccess: () => {
        opts.signal?.removeEventListener("abort", stop);
        resolve(lastMethod);
      },
      onError: (error) => {
        opts.signal?.removeEventListener("abort", stop);
        const { originalRequest, originalResponse } = error as Partial<DetailedError>;
        const answer = answerOf(originalResponse);
        if (answer.status !== null && !retryable(answer.status)) reject(refusal({ ...answer, status: answer.status }));
        else if (originalRequest) reject(new UploadFailedError(`upload failed after ${attempts} attempts (last: ${reasonOf(answer)})`, false));
        else reject(error); // no request failed: tus refused its options, say
      },
    });
    const stop = () => {
      void upload.abort();
      reject(opts.signal?.reason);
    };
    if (opts.signal?.aborted) return stop();
    opts.signal?.addEventListener("abort", stop, { once: true });
    upload.start();
  });
}

/**
 * tus stops when HEAD reports every byte stored, but the server commits a session's bytes (and
 * verifies their digest) only on the request that brings the last one. If that request's answer
 * was lost, the bytes may be staged and not committed: an empty PATCH at the end commits them, or
 * answers 409 at the full size when they already were. Returns null when stored, else why not.
 */
async function confirmStored(opts: SendOptions): Promise<string | null> {
  const req = (opts.httpStack ?? defaultOptions.httpStack).createRequest("PATCH", opts.uploadUrl);
  req.setHeader("Tus-Resumable", "1.0.0");
  req.setHeader("Upload-Offset", String(opts.size));
  req.setHeader("Content-Type", "application/offset+octet-stream");
  let answer: Answer = { status: null, message: null };
  try {
    const res = await req.send(null);
    const status = res.getStatus();
    if ((status < 300 || status === 409) && res.getHeader("Upload-Offset") === String(opts.size)) return null;
    answer = answerOf(res);
  } catch {
    // No answer: retried like any interruption.
  }
  if (answer.status !== null && !retryable(answer.status)) throw refusal({ ...answer, status: answer.status });
  return reasonOf(answer);
}

/**
 * Sends `input` (a Blob in the browser; in Node whatever `fileReader` opens) to its upload URL
 * until the server holds and has verified all of it, resuming from the server's offset after
 * each interruption. Throws UploadFailedError when refused or out of attempts.
 */
export async function sendToUploadUrl(input: unknown, opts: SendOptions): Promise<{ retries: number }> {
  const attempts = opts.attempts ?? 8;
  let retries = 0;
  const onRetry = (info: RetryInfo) => {
    retries++;
    opts.onRetry?.(info);
  };
  for (let unconfirmed = 1; ; unconfirmed++) {
    if ((await runTus(input, opts, attempts, onRetry)) !== "HEAD") return { retries };
    const reason = await confirmStored(opts);
    if (reason === null) return { retries };
    if (unconfirmed >= attempts) throw new UploadFailedError(`upload failed after ${attempts} attempts (last: ${reason})`, false);
    const delayMs = backoffDelay(unconfirmed, opts.baseDelayMs ?? 1000);
    onRetry({ attempt: unconfirmed, delayMs, reason });
    await sleep(delayMs, opts.signal);
  }
}
