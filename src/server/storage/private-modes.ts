import { createWriteStream, type Dir } from "node:fs";
import { chmod, type FileHandle, mkdir, open, opendir, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type BlobDigests, HashState } from "./hashing";
import { isFanOutName, isFanOutRest, isStagingId } from "./paths";

// Everything under the data dir is the server's alone: uploaded builds, the database with its
// token hashes and audit trail. Modes are given at creation and then set again with chmod: the
// mode argument of open/mkdir passes through the process umask, so only chmod gives the same
// result however the server was started.
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const errnoOf = (error: unknown) => (error instanceof Error && "code" in error ? error.code : undefined);

/** chmod that ignores a missing entry (it may be removed concurrently, or never have existed). */
export async function setModeIfPresent(file: string, mode: number): Promise<boolean> {
  try {
    await chmod(file, mode);
    return true;
  } catch (error) {
    if (errnoOf(error) === "ENOENT") return false;
    throw error;
  }
}

/** Creates a file that must not exist yet (flag "wx"), readable and writable by this user only. */
export async function createPrivateFile(file: string): Promise<FileHandle> {
  const handle = await open(file, "wx", PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Streams `source` into a new private file and fsyncs it; returns the SHA-256 and size of what
 * was written. (A FileHandle's own write stream keeps the handle busy until it closes, so the
 * bytes go through a plain stream and the file is opened again to sync.)
 */
export async function writePrivateFile(source: Readable, file: string): Promise<BlobDigests> {
  const state = new HashState();
  await (await createPrivateFile(file)).close();
  const hashed = async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      state.update(chunk);
      state.size += chunk.length;
      yield chunk;
    }
  };
  await pipeline(source, hashed, createWriteStream(file, { flags: "r+" }));
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  return state.digests();
}

async function* entries(dir: string) {
  let handle: Dir;
  try {
    handle = await opendir(dir);
  } catch (error) {
    if (errnoOf(error) === "ENOENT" || errnoOf(error) === "ENOTDIR") return;
    throw error;
  }
  yield* handle;
}

/**
 * Tightens a local store made before modes were set (or loosened by hand): the store's directories
 * always, which is cheap; staged and stored files only when `walkFiles` (one chmod per blob).
 */
export async function tightenLocalStore(root: string, opts: { walkFiles: boolean }): Promise<void> {
  const base = path.resolve(root);
  const blobs = path.join(base, "blobs");
  const sha256 = path.join(blobs, "sha256");
  const staging = path.join(base, "staging");
  for (const dir of [blobs, sha256, staging]) await setModeIfPresent(dir, PRIVATE_DIR_MODE);
  for await (const fanOut of entries(sha256)) {
    if (!fanOut.isDirectory() || !isFanOutName(fanOut.name)) continue;
    const dir = path.join(sha256, fanOut.name);
    await setModeIfPresent(dir, PRIVATE_DIR_MODE);
    if (!opts.walkFiles) continue;
    for await (const blob of entries(dir)) {
      if (blob.isFile() && isFanOutRest(blob.name)) await setModeIfPresent(path.join(dir, blob.name), PRIVATE_FILE_MODE);
    }
  }
  if (!opts.walkFiles) return;
  for await (const staged of entries(staging)) {
    if (staged.isFile() && isStagingId(staged.name)) await setModeIfPresent(path.join(staging, staged.name), PRIVATE_FILE_MODE);
  }
}

/**
 * Creates the data dir 0700, or tightens an existing one. A data dir others could enter was made
 * before modes were set (or loosened by hand), so then every stored and staged file is tightened
 * too; the data dir's own mode is set last, so a walk cut short runs again at the next start.
 * Returns a warning when the data dir belongs to another user (a mounted volume): its mode cannot
 * be changed, but what the server creates inside is private all the same.
 */
export async function makeDataDirPrivate(dataDir: string): Promise<string | null> {
  const dir = path.resolve(dataDir);
  const before = await stat(dir).catch((error: unknown) => {
    if (errnoOf(error) === "ENOENT") return null;
    throw error;
  });
  if (!before) await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const loose = before !== null && (before.mode & 0o077) !== 0;
  await tightenLocalStore(dir, { walkFiles: loose });
  await setModeIfPresent(path.join(dir, "auth-secret"), PRIVATE_FILE_MODE);
  try {
    await chmod(dir, PRIVATE_DIR_MODE);
    return null;
  } catch (error) {
    if (errnoOf(error) !== "EPERM") throw error;
    return `Could not make the data dir ${dir} private (mode 0700): it belongs to another user. Files Shipyard creates inside it are private.`;
  }
}
