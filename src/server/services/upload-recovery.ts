// Upkeep of the staging area after a crash. A server killed between writing an upload's last
// byte and committing it leaves the session open with every byte staged (commit then fsyncs
// them; after a power cut they may be gone or fail the digest check, failing the session); a put killed midway
// leaves a staging file nobody owns. Both used to wait for a client's empty PATCH or a day's sweep.
import { isDomainError } from "@/domain/errors";
import { isBlobStoreError } from "../storage/errors";
import { completeUpload, type UploadDeps } from "./uploads";

export interface FinishedUploads {
  completed: string[];
  /** Staged bytes that did not match the session's declared size or sha256: failed, bytes removed. */
  failed: string[];
  /** Could not be finished now (an I/O error): left open, so a client's empty PATCH can still end it. */
  unfinished: { id: string; reason: string }[];
}

/**
 * Finishes open, unexpired sessions whose every declared byte is staged, verifying size and
 * sha256 as the request would have. Run it only while no request can reach these sessions (before
 * the server listens): at run time a request between its last append and its commit looks alike.
 */
export async function finishStagedUploads(deps: UploadDeps, now = new Date()): Promise<FinishedUploads> {
  const result: FinishedUploads = { completed: [], failed: [], unfinished: [] };
  for await (const staged of deps.blobs.listStaged()) {
    const session = await deps.store.uploads.getById(staged.id);
    if (session?.state !== "open" || session.expiresAt <= now || staged.size !== session.sizeBytes) continue;
    try {
      await completeUpload(deps, session);
      result.completed.push(session.id);
    } catch (error) {
      if (isDomainError(error) && error.code === "INTEGRITY") result.failed.push(session.id);
      else result.unfinished.push({ id: session.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/**
 * Removes staging files that no open session owns (an interrupted put, or a session that is
 * complete, failed or expired, or unknown) and that were last written before `orphanedBefore`.
 * An open session's file is kept whatever its age: it is the client's resume point until the
 * session expires, and expiry removes it. A file in use by this process is skipped (BUSY).
 */
export async function sweepOrphanedStaging(deps: Pick<UploadDeps, "store" | "blobs">, orphanedBefore: Date): Promise<string[]> {
  const swept: string[] = [];
  for await (const staged of deps.blobs.listStaged()) {
    if (staged.modifiedAt >= orphanedBefore) continue;
    const session = await deps.store.uploads.getById(staged.id);
    if (session?.state === "open") continue;
    try {
      await deps.blobs.discard(staged.id);
      swept.push(staged.id);
    } catch (error) {
      if (!isBlobStoreError(error, "BUSY")) throw error;
    }
  }
  return swept;
}
