import { createReadStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { backoffDelay, sleep } from "./api-client";
import { CliError, EXIT, exitCodeForStatus } from "./exit-codes";
import type { ProgressMeter } from "./progress";

export interface UploadTarget {
  uploadUrl: string;
  size: number;
}

/** A file read from `offset` to its end, counting bytes as they leave. */
function fileBody(path: string, offset: number, onBytes: (n: number) => void): ReadableStream {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  return Readable.toWeb(createReadStream(path, { start: offset, highWaterMark: 1024 * 1024 }).pipe(counter)) as ReadableStream;
}

/** Asks the upload URL how many bytes it holds. The URL is the capability: no token goes there. */
async function serverOffset(target: UploadTarget): Promise<number> {
  const res = await fetch(target.uploadUrl, { method: "HEAD" });
  if (!res.ok) throw new CliError(`upload session unavailable (HTTP ${res.status})`, exitCodeForStatus(res.status));
  const offset = Number(res.headers.get("upload-offset"));
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > target.size) throw new CliError("server sent no valid Upload-Offset", EXIT.FAILURE);
  return offset;
}

/**
 * Sends a file to its upload URL: PUT from the start, and after any interruption ask the server
 * how much it has (HEAD) and PATCH the rest, with exponential backoff between attempts. When the
 * server already holds every byte, the rest is an empty PATCH: it makes the server verify and
 * commit them if it has not yet (it was stopped after the last byte, say).
 */
export async function uploadFile(
  path: string,
  target: UploadTarget,
  meter: ProgressMeter,
  opts: { attempts?: number; baseDelayMs?: number; onRetry?: (message: string) => void } = {},
): Promise<void> {
  const attempts = opts.attempts ?? 8;
  let offset = 0;
  for (let attempt = 1; ; attempt++) {
    let sent = offset;
    meter.set(offset);
    try {
      const rest = target.size - offset;
      const res = await fetch(target.uploadUrl, {
        method: offset === 0 ? "PUT" : "PATCH",
        headers: {
          "content-type": "application/offset+octet-stream",
          "content-length": String(rest),
          ...(offset > 0 && { "upload-offset": String(offset) }),
        },
        ...(rest > 0 && {
          body: fileBody(path, offset, (n) => {
            sent += n;
            meter.set(sent);
          }),
          duplex: "half",
        }),
      } as RequestInit);
      if (res.ok) {
        await res.arrayBuffer();
        if (Number(res.headers.get("upload-offset")) === target.size) return;
        throw new Error(`server stored ${res.headers.get("upload-offset")} of ${target.size} bytes`);
      }
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      // The empty PATCH conflicts at the end only when the session is already complete: the server
      // committed the bytes itself (at its restart after a crash), or an answer we never got did.
      if (res.status === 409 && rest === 0 && Number(res.headers.get("upload-offset")) === target.size) return;
      const message = body.error?.message ?? `HTTP ${res.status}`;
      // 409: our offset was stale (a previous attempt got further than we knew); ask and go on.
      if (res.status !== 409 && res.status < 500) throw new CliError(`upload refused: ${message}`, exitCodeForStatus(res.status));
      throw new Error(message);
    } catch (error) {
      if (error instanceof CliError) throw error;
      if (attempt >= attempts) throw new CliError(`upload failed after ${attempts} attempts: ${(error as Error).message}`, EXIT.NETWORK);
      const delay = backoffDelay(attempt, opts.baseDelayMs ?? 500);
      opts.onRetry?.(`upload interrupted (${(error as Error).message}); resuming in ${Math.round(delay)} ms`);
      await sleep(delay);
      offset = await serverOffset(target).catch((e: unknown) => {
        if (e instanceof CliError && e.exitCode !== EXIT.NETWORK && e.exitCode !== EXIT.FAILURE) throw e;
        return offset;
      });
    }
  }
}
