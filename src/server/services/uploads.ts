import { createHash, randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { type Actor, actorRef, parseActorRef, SYSTEM_ACTOR } from "@/domain/actor";
import { inferPlatform, uploadFilenameProblem } from "@/domain/artifact-formats";
import { DomainError } from "@/domain/errors";
import { type CreateUploadInput, createUploadInputSchema, type UploadSession } from "@/domain/upload";
import { parseOrThrow } from "@/domain/validate";
import { isBlobStoreError } from "../storage/errors";
import type { BlobStore, StoredBlob } from "../storage/types";
import type { Store } from "../store/types";
import { getAppBySlugOrThrow } from "./apps";
import { recordAudit } from "./audit";
import { holdUploadLease } from "./upload-lease";

/**
 * How the audit log names an upload session. Not its id: the id is the capability in the upload
 * URL, and anyone who may read the log (audit:read tokens, exports) could otherwise write into an
 * open session. A digest still ties an upload's events together.
 */
export function uploadAuditId(sessionId: string): string {
  return `upl_${createHash("sha256").update(sessionId).digest("hex").slice(0, 32)}`;
}

const uploadTarget = (session: UploadSession) => ({ type: "upload" as const, id: uploadAuditId(session.id), appId: session.appId });

export interface UploadDeps {
  store: Store;
  blobs: BlobStore;
  maxUploadBytes: number;
  sessionTtlMs: number;
  /** Called once the bytes of a session are verified and stored (e.g. to start inspection). */
  onComplete?: (session: UploadSession) => void;
  /**
   * Several app servers share the uploads (PostgreSQL): a PATCH holds a lease on its session in
   * the name of this server (see upload-lease.ts). Absent with one server: its blob store already
   * refuses a second writer of the same upload, and a restart after a crash resumes at once.
   */
  leaseOwner?: string;
}

/** Opens an upload session: a single-use, expiring capability bound to app, size and digest. */
export async function createUploadSession(deps: UploadDeps, actor: Actor, raw: CreateUploadInput, now = new Date()): Promise<UploadSession> {
  const input = parseOrThrow(createUploadInputSchema, raw, "upload");
  if (input.size > deps.maxUploadBytes) {
    throw new DomainError("TOO_LARGE", `file is ${input.size} bytes; the limit is ${deps.maxUploadBytes} bytes`);
  }
  // An ending no platform takes (or one Shipyard stopped taking, like .flatpak) is refused now, not at publishing.
  const problem = uploadFilenameProblem(input.filename, input.platform);
  if (problem) throw new DomainError("INVALID", `Invalid upload: ${problem}`);
  const platform = input.platform ?? inferPlatform(input.filename);
  return deps.store.transaction(async (tx) => {
    const app = await getAppBySlugOrThrow(tx, input.app);
    // 192 random bits: the id is the capability in the upload URL.
    const session = await tx.uploads.create(randomBytes(24).toString("base64url"), {
      appId: app.id,
      filename: input.filename,
      platform,
      sizeBytes: input.size,
      sha256: input.sha256,
      state: "open",
      receivedBytes: 0,
      inspection: null,
      releaseId: null,
      createdBy: actorRef(actor),
      expiresAt: new Date(now.getTime() + deps.sessionTtlMs),
      completedAt: null,
      failureReason: null,
    });
    await recordAudit(tx, actor, "upload.create", uploadTarget(session), {
      appId: app.id,
      filename: session.filename,
      sizeBytes: session.sizeBytes,
      sha256: session.sha256,
    });
    return session;
  });
}

export async function getUploadSessionOrThrow(store: Store, id: string): Promise<UploadSession> {
  const session = /^[A-Za-z0-9_-]{16,64}$/.test(id) ? await store.uploads.getById(id) : null;
  if (!session) throw DomainError.notFound("upload session", id);
  return session;
}

/** Where a session's bytes stand: the staged file is the truth (the row may lag after a crash). */
export async function currentOffset(deps: UploadDeps, session: UploadSession): Promise<number> {
  if (session.state === "complete") return session.sizeBytes;
  return (await deps.blobs.stagedSize(session.id)) ?? 0;
}

export class UploadGoneError extends DomainError {
  constructor(session: UploadSession) {
    super("NOT_FOUND", `upload session ${session.state}${session.failureReason ? `: ${session.failureReason}` : ""}`, { state: session.state });
  }
}

async function expireIfDue(deps: UploadDeps, session: UploadSession, now: Date): Promise<UploadSession> {
  if (session.state !== "open" || session.expiresAt > now) return session;
  await deps.blobs.discard(session.id);
  return deps.store.uploads.update(session.id, { state: "expired" });
}

export interface ReceiveResult {
  session: UploadSession;
  offset: number;
  complete: boolean;
}

/**
 * Streams bytes into a session at `offset` ("restart" discards what was staged, as a PUT does).
 * When the last declared byte arrives the digest is verified and the blob committed; a mismatch
 * fails the session. An interrupted body keeps what arrived, so the client resumes with PATCH.
 * A request refused before any byte is read leaves `body` untouched: the transport decides
 * whether to drain it (small) or drop the connection (large).
 */
export async function receiveUploadBytes(deps: UploadDeps, id: string, body: Readable, opts: { offset: number | "restart"; contentLength?: number }, now = new Date()): Promise<ReceiveResult> {
  let session = await getUploadSessionOrThrow(deps.store, id);
  session = await expireIfDue(deps, session, now);
  if (session.state === "complete") {
    throw new DomainError("CONFLICT", "upload already complete", { offset: session.sizeBytes });
  }
  if (session.state !== "open") {
    throw new UploadGoneError(session);
  }
  if (deps.leaseOwner === undefined) return receiveLeased(deps, session, body, opts);
  const release = await holdUploadLease(deps.store, session.id, deps.leaseOwner);
  try {
    return await receiveLeased(deps, session, body, opts);
  } finally {
    await release();
  }
}

async function receiveLeased(deps: UploadDeps, opened: UploadSession, body: Readable, opts: { offset: number | "restart"; contentLength?: number }): Promise<ReceiveResult> {
  let session = opened;
  let offset: number;
  if (opts.offset === "restart") {
    await deps.blobs.discard(session.id);
    offset = 0;
  } else {
    offset = opts.offset;
    const staged = (await deps.blobs.stagedSize(session.id)) ?? 0;
    if (offset !== staged) {
      throw new DomainError("CONFLICT", `Upload-Offset ${offset} does not match the ${staged} bytes received`, { offset: staged });
    }
  }
  if (opts.contentLength !== undefined && offset + opts.contentLength > session.sizeBytes) {
    throw new DomainError("TOO_LARGE", `${offset + opts.contentLength} bytes would exceed the declared size of ${session.sizeBytes}`);
  }

  let size: number;
  try {
    size = (await deps.blobs.append(session.id, body, { offset, maxBytes: session.sizeBytes })).size;
  } catch (error) {
    if (isBlobStoreError(error, "TOO_LARGE")) {
      throw new DomainError("TOO_LARGE", `more bytes than the declared size of ${session.sizeBytes}`);
    }
    // Interrupted: keep the row in step with what was durably staged, for status queries.
    const staged = (await deps.blobs.stagedSize(session.id)) ?? 0;
    await deps.store.uploads.update(session.id, { receivedBytes: staged }).catch(() => undefined);
    throw error;
  }
  if (size < session.sizeBytes) {
    session = await deps.store.uploads.update(session.id, { receivedBytes: size });
    return { session, offset: size, complete: false };
  }
  return { session: await completeUpload(deps, session), offset: size, complete: true };
}

/**
 * Verifies the staged bytes of a session against its declared size and sha256 and commits them:
 * the session completes, or fails (its staged bytes removed) on a mismatch, audited either way.
 */
export async function completeUpload(deps: UploadDeps, session: UploadSession): Promise<UploadSession> {
  const actor = parseActorRef(session.createdBy);
  let blob: StoredBlob;
  try {
    blob = await deps.blobs.commit(session.id, { expectedSha256: session.sha256, expectedSize: session.sizeBytes });
  } catch (error) {
    if (isBlobStoreError(error, "DIGEST_MISMATCH") || isBlobStoreError(error, "SIZE_MISMATCH")) {
      const reason = isBlobStoreError(error, "DIGEST_MISMATCH") ? "sha256 of the received bytes does not match the declared sha256" : "received size does not match the declared size";
      await deps.store.transaction(async (tx) => {
        await tx.uploads.update(session.id, { state: "failed", failureReason: reason, receivedBytes: 0 });
        await recordAudit(tx, actor, "upload.fail", uploadTarget(session), { reason });
      });
      throw new DomainError("INTEGRITY", `upload failed: ${reason}`);
    }
    throw error;
  }
  const completed = await deps.store.transaction(async (tx) => {
    const updated = await tx.uploads.update(session.id, {
      state: "complete",
      receivedBytes: blob.size,
      completedAt: new Date(),
    });
    await recordAudit(tx, actor, "upload.complete", uploadTarget(session), {
      sha256: blob.sha256,
      sizeBytes: blob.size,
      deduplicated: blob.deduplicated,
    });
    return updated;
  });
  deps.onComplete?.(completed);
  return completed;
}

/**
 * Marks open sessions past their expiry as expired and removes their staged bytes. Complete
 * sessions no release used within the session TTL after completing expire too: their blob is then
 * held by nothing and blob garbage collection may remove it.
 */
export async function expireUploadSessions(deps: UploadDeps, now = new Date()): Promise<number> {
  let expired = 0;
  for (;;) {
    const batch = await deps.store.uploads.listExpired(now, 100);
    if (batch.length === 0) break;
    for (const session of batch) {
      await deps.blobs.discard(session.id);
      await deps.store.transaction(async (tx) => {
        await tx.uploads.update(session.id, { state: "expired" });
        await recordAudit(tx, SYSTEM_ACTOR, "upload.expire", uploadTarget(session), { receivedBytes: session.receivedBytes });
      });
      expired++;
    }
  }
  const completedBefore = new Date(now.getTime() - deps.sessionTtlMs);
  for (;;) {
    const batch = await deps.store.uploads.listUnpublished(completedBefore, 100);
    if (batch.length === 0) return expired;
    for (const session of batch) {
      const done = await deps.store.transaction(async (tx) => {
        // A publish may have used it since the batch was read.
        const current = await tx.uploads.getById(session.id);
        if (current?.state !== "complete" || current.releaseId !== null) return false;
        await tx.uploads.update(session.id, { state: "expired" });
        await recordAudit(tx, SYSTEM_ACTOR, "upload.expire", uploadTarget(session), { unpublished: true, sha256: session.sha256 });
        return true;
      });
      if (done) expired++;
    }
  }
}
