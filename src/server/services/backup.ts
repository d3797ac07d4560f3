import { createReadStream } from "node:fs";
import { readdir, rename } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupManifest, backupBlobPath } from "@/domain/backup-manifest";
import { DomainError } from "@/domain/errors";
import { readMetadata } from "@/domain/metadata-reader";
import { ensureDirectory, errnoCode, fileSize, fsyncDirectory } from "../storage/durable-fs";
import { hashFile } from "../storage/hashing";
import { writePrivateFile } from "../storage/private-modes";
import type { BlobStore } from "../storage/types";
import { allPages } from "../store/all-pages";
import type { Store } from "../store/types";

// `shipyard backup <dir>`: a snapshot of the live database, taken by the caller's snapshotDatabase
// (SQLite's online backup API, so the server keeps serving), then every blob a row of that copy
// refers to, each hashed as it is copied, then the manifest, written last, so a backup cut short is
// recognisably incomplete.

/** Digests the rows refer to: artifact files and icons, and uploads complete but not published yet. */
export async function referencedDigests(store: Store): Promise<Set<string>> {
  const digests = new Set<string>();
  const iconOf = (metadata: unknown) => readMetadata(undefined, metadata).icon?.sha256;
  for (const artifact of await allPages((page) => store.artifacts.list(page))) {
    digests.add(artifact.sha256);
    const icon = iconOf(artifact.metadata);
    if (typeof icon === "string") digests.add(icon);
  }
  for (const upload of await store.uploads.listUnpublished(new Date(8.64e15), Number.MAX_SAFE_INTEGER)) {
    digests.add(upload.sha256);
    const icon = iconOf(upload.inspection?.metadata);
    if (typeof icon === "string") digests.add(icon);
  }
  return digests;
}

async function assertEmptyTarget(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length > 0) throw new DomainError("CONFLICT", `${dir} is not empty: a backup goes into a new or empty directory`);
  } catch (error) {
    if (errnoCode(error) !== "ENOENT") throw error;
  }
}

export interface BackupSources {
  /** Writes a consistent copy of the live database to `destination` (which does not exist yet). */
  snapshotDatabase(destination: string): Promise<void>;
  /** The auth-secret file, when the server generated one. */
  authSecretFile: string | null;
  blobs: BlobStore;
  /** A store over the copied database (opened by the caller once the copy exists). */
  openCopy(databaseFile: string): Promise<{ store: Store; close(): Promise<void> }>;
}

export async function writeBackup(sources: BackupSources, target: string, now = new Date()): Promise<BackupManifest> {
  await assertEmptyTarget(target);
  await ensureDirectory(target);
  const databaseFile = path.join(target, "shipyard.db");
  await sources.snapshotDatabase(databaseFile);
  const database = await hashFile(databaseFile);

  const copy = await sources.openCopy(databaseFile);
  let digests: Set<string>;
  try {
    digests = await referencedDigests(copy.store);
  } finally {
    await copy.close();
  }

  const blobs: BackupManifest["blobs"] = [];
  for (const sha256 of [...digests].sort()) {
    const file = path.join(target, backupBlobPath(sha256));
    await ensureDirectory(path.dirname(file));
    const stream = await sources.blobs.open(sha256).catch((error: unknown) => {
      throw new DomainError("INTEGRITY", `blob ${sha256} is referenced by the database but missing from the store (deleted after the snapshot? run the backup again)`, { cause: String(error) });
    });
    const written = await writePrivateFile(stream, file);
    if (written.sha256 !== sha256) throw new DomainError("INTEGRITY", `blob ${sha256} is corrupt in the store: its bytes hash to ${written.sha256}`);
    blobs.push({ sha256, size: written.size });
  }

  let authSecret: BackupManifest["authSecret"] = null;
  if (sources.authSecretFile && (await fileSize(sources.authSecretFile)) !== null) {
    authSecret = { file: "auth-secret", ...(await writePrivateFile(createReadStream(sources.authSecretFile), path.join(target, "auth-secret"))) };
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now.toISOString(),
    database: { file: "shipyard.db", ...database },
    authSecret,
    blobs,
  };
  const partial = path.join(target, "manifest.json.partial");
  await writePrivateFile(Readable.from([`${JSON.stringify(manifest, null, 2)}\n`]), partial);
  await rename(partial, path.join(target, "manifest.json"));
  await fsyncDirectory(target);
  return manifest;
}
