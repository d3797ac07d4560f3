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
 * Which publishing routes a server has: the CLI's (app and channel in the path), or on a server
 * older than those (the baseline) the body-named POST /api/v1/uploads and
 * POST /api/v1/apps/{app}/releases. Asked once per server with bodies no route accepts (no session,
 * no release), so every timed request goes straight to a route the server has: trying the new
 * route and falling back on 404 would charge the older server a round trip per publish.
 */
export interface PublishRoutes {
  uploads(app: string): string;
  releases(app: string, channel: string): string;
}

const CURRENT_ROUTES: PublishRoutes = {
  uploads: (app) => `/api/v1/apps/${app}/uploads`,
  releases: (app, channel) => `/api/v1/apps/${app}/channels/${channel}/releases`,
};
const BODY_NAMED_ROUTES: PublishRoutes = {
  uploads: () => "/api/v1/uploads",
  releases: (app) => `/api/v1/apps/${app}/releases`,
};

const missing = (status: number) => status === 404 || status === 405;

export async function detectPublishRoutes(url: string, token: string, app: string, channel: string): Promise<PublishRoutes> {
  const uploads = await json(`${url}${CURRENT_ROUTES.uploads(app)}`, "POST", token, {});
  const releases = await json(`${url}${CURRENT_ROUTES.releases(app, channel)}`, "POST", token, {});
  return {
    uploads: missing(uploads.status) ? BODY_NAMED_ROUTES.uploads : CURRENT_ROUTES.uploads,
    releases: missing(releases.status) ? BODY_NAMED_ROUTES.releases : CURRENT_ROUTES.releases,
  };
}

async function openUpload(url: string, token: string, app: string, file: FileToSend, routes: PublishRoutes) {
  const body = { app, filename: file.name, size: file.bytes.length, sha256: file.sha256 };
  const res = await json(`${url}${routes.uploads(app)}`, "POST", token, body);
  if (res.status !== 201) throw new Error(`upload session for ${file.name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: String(res.body.id), uploadUrl: String(res.body.uploadUrl) };
}

async function put(uploadUrl: string, file: FileToSend): Promise<void> {
  const res = await fetch(uploadUrl, { method: "PUT", body: file.bytes, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (res.status !== 200 && res.status !== 204) throw new Error(`PUT ${file.name}: ${res.status} ${text.slice(0, 300)}`);
}

/**
 * Publishes `files` as one release; the times are sums over the files' sessions and uploads.
 * `routes` from detectPublishRoutes, asked once per server (by default here, on every call).
 */
export async function publishRelease(url: string, token: string, app: string, files: FileToSend[], release: ReleaseSpec, routes?: PublishRoutes): Promise<PublishTiming> {
  const use = routes ?? (await detectPublishRoutes(url, token, app, release.channel));
  let openMs = 0;
  let putMs = 0;
  const uploads: string[] = [];
  for (const file of files) {
    const [session, opened] = await timed(() => openUpload(url, token, app, file, use));
    const [, sent] = await timed(() => put(session.uploadUrl, file));
    openMs += opened;
    putMs += sent;
    uploads.push(session.id);
  }
  const [res, publishMs] = await timed(() => json(`${url}${use.releases(app, release.channel)}`, "POST", token, { ...release, uploads }));
  if (res.status !== 201) throw new Error(`publish ${release.version} (${release.build}): ${res.status} ${JSON.stringify(res.body)}`);
  return { openMs, putMs, publishMs, totalMs: openMs + putMs + publishMs, releaseId: String(res.body.id) };
}
