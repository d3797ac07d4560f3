// The byte paths, served by the Node server in front of Next (src/server/node-server.ts):
// downloads (/d/{artifact}/{name}, /g/{grant}/{name}) and upload streams (/api/uploads/{id}).
// Next's route handlers drop Content-Length from every response and add a web-stream hop; these
// paths need exact lengths (installers, download managers, resumable uploads) and raw throughput.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isInstallable } from "@/domain/artifact";
import { DomainError, isDomainError } from "@/domain/errors";
import { type GrantedArtifact, openGrantedArtifact, startGrantedDownload } from "../services/install-grants";
import type { Store } from "../store/types";
import { currentOffset, getUploadSessionOrThrow, receiveUploadBytes } from "../services/uploads";
import { type DownloadPlan, planDownload } from "./download";
import { type DownloadOffload, nginxAnswersAsPlanned, offloadHeaders, offloadLocation } from "./download-offload";
import { HTTP_STATUS_FOR } from "./errors";
import { queryContentDisposition } from "./range";
import type { GrantCodec, VerifiedGrant } from "../crypto/grants";
import type { InstallEventRecorder } from "../services/install-events";
import type { DownloadRedirect } from "../services/server-context";
import type { UploadDeps } from "../services/uploads";
import { isTusRequest, TUS_HEADERS, TUS_VERSION, tusDiscoveryHeaders, UPLOAD_METHODS, unsupportedTusVersion } from "./tus";

/** What the byte paths are handed by the Node server (from the composition root). */
export interface BytePathDeps {
  store: Store;
  uploads: UploadDeps;
  installEvents: Pick<InstallEventRecorder, "record">;
  grants: Pick<GrantCodec, "readDownloadGrant">;
  /** Set: downloads nginx can answer as planned are handed to it (X-Accel-Redirect). */
  downloadOffload: DownloadOffload | null;
  /** Set: downloads of public and unlisted apps' files are redirected to the bucket. */
  downloadRedirect: DownloadRedirect | null;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (!isDomainError(error)) {
    console.error(error);
    sendJson(res, 500, { error: { code: "INTERNAL", message: "internal server error" } }, headers);
    return;
  }
  const gone = error.details.state === "expired" || error.details.state === "failed";
  const status = gone ? 410 : HTTP_STATUS_FOR[error.code];
  const extra: Record<string, string> = typeof error.details.offset === "number" ? { "upload-offset": String(error.details.offset) } : {};
  sendJson(res, status, { error: { code: gone ? "GONE" : error.code, message: error.message } }, { ...headers, ...extra });
}

const notFound = (message: string) => new DomainError("NOT_FOUND", message);

async function serveDownload(req: IncomingMessage, res: ServerResponse, deps: BytePathDeps, kind: "d" | "g", key: string, filename: string): Promise<void> {
  const { store } = deps;
  const found = await findDownload(deps, kind, key, filename);
  const { artifact } = found.opened;
  const plan = planDownload(artifact, {
    method: req.method ?? "GET",
    // Repeated Range headers arrive joined by ", ": a multi-range, answered whole.
    range: req.headers.range ?? null,
    ifNoneMatch: req.headers["if-none-match"] ?? null,
  });
  if (!plan.body) {
    res.writeHead(plan.status, plan.headers);
    res.end();
    return;
  }
  // No grant: a public or unlisted app's file. The bucket sends it (Range included, the client sends
  // it again after the redirect); Shipyard has decided and counts as a hand-off, like nginx's.
  if (deps.downloadRedirect && !found.grant && req.method === "GET") {
    const location = await deps.downloadRedirect.urlFor(artifact.sha256, { contentDisposition: queryContentDisposition(artifact.filename), contentType: plan.headers["content-type"] });
    res.writeHead(302, { location, "cache-control": "no-store", "content-length": "0" }).end();
    recordIfComplete(deps, found, plan);
    return;
  }
  // A capped share link gives back what a cut download did not send (resuming is not a new
  // install): only Node, copying the bytes, knows how much that was, so those stay with Node.
  const capped = (found.opened.shareLink?.maxInstalls ?? null) !== null;
  // Before anything is counted, so a missing blob counts nothing.
  const location = deps.downloadOffload && !capped && nginxAnswersAsPlanned(plan, req.headers) ? await offloadLocation(deps.downloadOffload, artifact.sha256) : null;
  // Counted from the span the plan sends, never from the header's spelling: `bytes=00-`,
  // `bytes=-99999999` and a multi-range answered whole all send byte 0.
  const settle = found.grant ? await startGrantedDownload(store, found.grant, found.opened, plan.body, { countedByManifest: filename.toLowerCase().endsWith(".ipa") }) : () => {};
  const length = plan.body.end - plan.body.start + 1;
  if (location !== null) {
    // nginx sends the planned span; Node never learns whether the client took all of it, so the
    // hand-off counts as sent: a span to the end completes a download.
    settle(length);
    res.writeHead(plan.status, offloadHeaders(plan, location)).end();
    recordIfComplete(deps, found, plan);
    return;
  }
  const socket = res.socket;
  const before = socket?.bytesWritten ?? 0;
  let sent = false;
  try {
    // A client that goes away is not an error: the copy just reports that not everything was sent.
    sent = await deps.uploads.blobs.copyTo(artifact.sha256, plan.body, res, () => res.writeHead(plan.status, plan.headers));
  } finally {
    // What left the process, headers included: never less than what the client got.
    const written = socket?.bytesWritten;
    settle(sent ? length : Math.min(length, written === undefined ? length : Math.max(0, written - before)));
  }
  if (sent) res.end();
  else res.destroy();
  if (sent) recordIfComplete(deps, found, plan);
}

/** A download sent up to the file's last byte is complete, whichever byte it started at (a resumed one). */
function recordIfComplete(deps: BytePathDeps, found: { opened: GrantedArtifact; grant: VerifiedGrant | null }, plan: DownloadPlan): void {
  const { artifact, app } = found.opened;
  if (plan.body?.end !== artifact.sizeBytes - 1) return;
  deps.installEvents.record({
    appId: app.id,
    kind: "download_complete",
    releaseId: artifact.releaseId,
    artifactId: artifact.id,
    channel: null,
    platform: artifact.platform,
    shareLinkId: found.grant?.shareLinkId ?? null,
  });
}

/** The artifact a download URL names, with its app; private apps only through grants. */
async function findDownload({ store, grants }: BytePathDeps, kind: "d" | "g", key: string, filename: string): Promise<{ opened: GrantedArtifact; grant: VerifiedGrant | null }> {
  const missing = () => notFound(kind === "g" ? "no such download, or the link has expired" : "no such download");
  if (kind === "d") {
    const artifact = await store.artifacts.getById(key);
    const app = artifact && (await store.apps.getById(artifact.appId));
    // Anything private or mismatched is "not found", revealing nothing.
    // A file that did not pass validation is never served, whatever link points at it.
    if (!artifact || !app || artifact.filename !== filename || app.visibility === "private" || !isInstallable(artifact)) throw missing();
    return { opened: { artifact, app, shareLink: null }, grant: null };
  }
  const grant = grants.readDownloadGrant(key);
  if (!grant) throw missing();
  return { opened: await openGrantedArtifact(store, grant, "read", { filename }), grant };
}

async function serveUpload(req: IncomingMessage, res: ServerResponse, uploads: UploadDeps, id: string): Promise<void> {
  const deps = uploads;
  if (req.method === "HEAD") {
    const session = await getUploadSessionOrThrow(deps.store, id);
    if (session.state === "expired" || session.state === "failed") {
      res.writeHead(410, TUS_HEADERS).end();
      return;
    }
    res.writeHead(200, { ...TUS_HEADERS, "upload-offset": String(await currentOffset(deps, session)), "upload-length": String(session.sizeBytes) }).end();
    return;
  }
  let offset: number | "restart" = "restart";
  if (req.method === "PATCH") {
    const header = req.headers["upload-offset"];
    if (typeof header !== "string" || !/^\d+$/.test(header)) {
      await settleUnreadBody(req, res);
      sendJson(res, 400, { error: { code: "INVALID", message: "PATCH needs an Upload-Offset header with the current offset (see HEAD)" } }, TUS_HEADERS);
      return;
    }
    offset = Number(header);
  }
  const length = req.headers["content-length"];
  const result = await receiveUploadBytes(deps, id, req, {
    offset,
    contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
  });
  const headers = { ...TUS_HEADERS, "upload-offset": String(result.offset) };
  // tus acknowledges every PATCH with 204; Shipyard's own clients read the completed session.
  if (!result.complete || isTusRequest(req.headers["tus-resumable"])) {
    res.writeHead(204, headers).end();
    return;
  }
  const { session } = result;
  sendJson(res, 200, { id: session.id, state: session.state, sizeBytes: session.sizeBytes, sha256: session.sha256 }, headers);
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Bodies up to this size are read and discarded before an error answer, keeping the connection. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/**
 * Before answering an error to a request whose body was not read: drain a small body so the
 * client sees the answer on a healthy connection; for a large one, answer and close instead.
 */
async function settleUnreadBody(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.readableEnded || req.destroyed) return;
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared <= DRAIN_LIMIT_BYTES) {
    await new Promise<void>((resolve) => {
      req
        .once("end", resolve)
        .once("error", () => resolve())
        .once("close", () => resolve());
      req.resume();
    });
    return;
  }
  res.setHeader("connection", "close");
  res.once("finish", () => req.destroy());
}

/** Serves req when it is a byte path and returns true; false hands it on to Next. */
export async function handleBytePath(req: IncomingMessage, res: ServerResponse, deps: BytePathDeps): Promise<boolean> {
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  const download = /^\/(d|g)\/([^/]+)\/([^/]+)$/.exec(pathname);
  const upload = /^\/api\/uploads\/([^/]+)$/.exec(pathname);
  if (!download && !upload) return false;
  const method = req.method ?? "GET";
  try {
    if (download) {
      if (method !== "GET" && method !== "HEAD") {
        sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET or HEAD" } }, { allow: "GET, HEAD" });
        return true;
      }
      const [key, filename] = [decode(download[2] ?? ""), decode(download[3] ?? "")];
      if (key === null || filename === null) throw notFound("no such download");
      await serveDownload(req, res, deps, download[1] as "d" | "g", key, filename);
    } else if (upload) {
      if (method === "OPTIONS") {
        res.writeHead(204, tusDiscoveryHeaders(deps.uploads.maxUploadBytes)).end();
        return true;
      }
      if (method !== "PUT" && method !== "PATCH" && method !== "HEAD") {
        await settleUnreadBody(req, res);
        sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use PUT, PATCH, HEAD or OPTIONS" } }, { ...TUS_HEADERS, allow: UPLOAD_METHODS });
        return true;
      }
      if (unsupportedTusVersion(req.headers["tus-resumable"])) {
        await settleUnreadBody(req, res);
        const message = `this server speaks tus ${TUS_VERSION} (Tus-Resumable: ${TUS_VERSION})`;
        sendJson(res, 412, { error: { code: "PRECONDITION_FAILED", message } }, { ...TUS_HEADERS, "tus-version": TUS_VERSION });
        return true;
      }
      await serveUpload(req, res, deps.uploads, upload[1] ?? "");
    }
  } catch (error) {
    await settleUnreadBody(req, res);
    if (method === "HEAD" && !res.headersSent) {
      res.writeHead(isDomainError(error) ? HTTP_STATUS_FOR[error.code] : 500, TUS_HEADERS).end();
    } else {
      sendError(res, error, upload ? TUS_HEADERS : {});
    }
  }
  return true;
}
