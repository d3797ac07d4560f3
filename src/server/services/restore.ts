import { createReadStream } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { type BackupManifest, backupBlobPath, backupManifestSchema } from "@/domain/backup-manifest";
import { DomainError } from "@/domain/errors";
import { ensureDirectory, errnoCode, fileSize, fsyncDirectory } from "../storage/durable-fs";
import { hashFile } from "../storage/hashing";
import { writePrivateFile } from "../storage/private-modes";
import type { BlobStore } from "../storage/types";

// `shipyard restore <dir>` into an empty data dir. Every file of the backup is checked against its
// manifest before anything is written; blobs go in through the blob store (verified again as they
// are stored), the database last, by rename, so a restore cut short never looks like a live install.

export interface RestoreTargets {
  databaseFile: string;
  authSecretFile: string;
  blobs: BlobStore;
}

async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path.join(dir, "manifest.json"), "utf8");
  } catch (error) {
    if (errnoCode(error) === "ENOENT") throw new DomainError("INVALID", `${dir} is not a complete Shipyard backup: it has no manifest.json`);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError("INVALID", `${dir}/manifest.json is not valid JSON`);
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) throw new DomainError("INVALID", `${dir}/manifest.json is not a Shipyard backup manifest: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** Every file the manifest names, hashed: the list of what is missing or differs (empty: all good). */
export async function verifyBackup(dir: string): Promise<{ manifest: BackupManifest; problems: string[] }> {
  const manifest = await readManifest(dir);
  const problems: string[] = [];
  const check = async (relative: string, expected: { sha256: string; size: number }) => {
    try {
      const actual = await hashFile(path.join(dir, relative));
      if (actual.sha256 !== expected.sha256 || actual.size !== expected.size) {
        problems.push(`${relative}: expected ${expected.size} bytes with SHA-256 ${expected.sha256}, found ${actual.size} bytes with ${actual.sha256}`);
      }
    } catch (error) {
      if (errnoCode(error) !== "ENOENT") throw error;
      problems.push(`${relative}: missing`);
    }
  };
  await check(manifest.database.file, manifest.database);
  if (manifest.authSecret) await check(manifest.authSecret.file, manifest.authSecret);
  for (const blob of manifest.blobs) await check(backupBlobPath(blob.sha256), blob);
  return { manifest, problems };
}

export async function restoreBackup(dir: string, targets: RestoreTargets): Promise<BackupManifest> {
  const { manifest, problems } = await verifyBackup(dir);
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join("; ");
    throw new DomainError(
      "INTEGRITY",
      `the backup does not match its manifest, nothing was restored (${problems.length} problem${problems.length === 1 ? "" : "s"}: ${shown}${problems.length > 10 ? "; …" : ""})`,
      { problems },
    );
  }
  // An empty file is what opening a missing database leaves: it holds nothing to lose.
  if (((await fileSize(targets.databaseFile)) ?? 0) > 0) {
    throw new DomainError("CONFLICT", `${targets.databaseFile} already holds a database: restore goes into an empty data dir`);
  }

  for (const blob of manifest.blobs) {
    const source = createReadStream(path.join(dir, backupBlobPath(blob.sha256)));
    await targets.blobs.put(source, { expectedSha256: blob.sha256, expectedSize: blob.size, maxBytes: blob.size });
  }
  if (manifest.authSecret && (await fileSize(targets.authSecretFile)) === null) {
    await ensureDirectory(path.dirname(targets.authSecretFile));
    await writePrivateFile(createReadStream(path.join(dir, manifest.authSecret.file)), targets.authSecretFile);
  }

  await ensureDirectory(path.dirname(targets.databaseFile));
  const partial = `${targets.databaseFile}.restore-partial`;
  await rm(partial, { force: true });
  await writePrivateFile(createReadStream(path.join(dir, manifest.database.file)), partial);
  for (const suffix of ["-wal", "-shm", "-journal"]) await rm(`${targets.databaseFile}${suffix}`, { force: true });
  await rename(partial, targets.databaseFile);
  await fsyncDirectory(path.dirname(targets.databaseFile));
  return manifest;
}
