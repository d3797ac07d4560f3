// A CI publish as a pipeline makes it, timed request by request: open an upload session per file
// (POST /api/v1/apps/{app}/uploads), PUT its bytes to the upload URL, then publish the release from
// the uploads (POST /api/v1/apps/{app}/channels/{channel}/releases), all with one API token.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { json } from "./http-client";

export interface PublishTiming {
  /** Milliseconds of each request as the client saw it (loopback: the server's time, near enough). */
  openMs: number;
  putMs: number;
  publishMs: number;
  totalMs: number;
  releaseId: string;
}

export interface ReleaseSpec {
  version: string;
  build: string;
  channel: string;
  notes?: string;
}

interface FileToSend {
  name: string;
  bytes: Buffer<ArrayBuffer>;
  sha256: string;
}

export function loadFile(file: string): FileToSend {
  const bytes = readFileSync(file);
  return { name: path.basename(file), bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
};

/**
 * POST /api/v1/apps/{app}/uploads, as the CLI calls it; on a server older than that route (the
 * baseline), the body-named POST /api/v1/uploads.
 */
async function openUpload(url: string, token: string, app: string, file: FileToSend) {
  const body = { app, filename: file.name, size: file.bytes.length, sha256: file.sha256 };
  let res = await json(`${url}/api/v1/apps/${app}/uploads`, "POST", token, body);
  if (res.status === 404 || res.status === 405) res = await json(`${url}/api/v1/uploads`, "POST", token, body);
  if (res.status !== 201) throw new Error(`upload session for ${file.name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: String(res.body.id), uploadUrl: String(res.body.uploadUrl) };
}

async function put(uploadUrl: string, file: FileToSend): Promise<void> {
  const res = await fetch(uploadUrl, { method: "PUT", body: file.bytes, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (res.status !== 200 && res.status !== 204) throw new Error(`PUT ${file.name}: ${res.status} ${text.slice(0, 300)}`);
}

/** Publishes `files` as one release; the times are sums over the files' sessions and uploads. */
export async function publishRelease(url: string, token: string, app: string, files: FileToSend[], release: ReleaseSpec): Promise<PublishTiming> {
  let openMs = 0;
  let putMs = 0;
  const uploads: string[] = [];
  for (const file of files) {
    const [session, opened] = await timed(() => openUpload(url, token, app, file));
    const [, sent] = await timed(() => put(session.uploadUrl, file));
    openMs += opened;
    putMs += sent;
    uploads.push(session.id);
  }
  const [res, publishMs] = await timed(async () => {
    // The channel in the path as the CLI sends it; the body-named route on a server without it.
    const current = await json(`${url}/api/v1/apps/${app}/channels/${release.channel}/releases`, "POST", token, { ...release, uploads });
    return current.status === 404 || current.status === 405 ? json(`${url}/api/v1/apps/${app}/releases`, "POST", token, { ...release, uploads }) : current;
  });
  if (res.status !== 201) throw new Error(`publish ${release.version} (${release.build}): ${res.status} ${JSON.stringify(res.body)}`);
  return { openMs, putMs, publishMs, totalMs: openMs + putMs + publishMs, releaseId: String(res.body.id) };
}
