import type { Dir } from "node:fs";
import { type FileHandle, open, opendir, unlink } from "node:fs/promises";
import path from "node:path";
import { errnoCode, fileFacts } from "./durable-fs";
import { BlobStoreError } from "./errors";
import { READ_CHUNK_BYTES } from "./hashing";
import { KeyedMutex } from "./key-locks";
import { createLocalStaging } from "./local-staging";
import { copyFileRange } from "./ring-copy";
import { assertByteCount, isFanOutName, isFanOutRest, storeLayout } from "./paths";
import type { BlobStore, ByteRange, ProxyServable } from "./types";

/** Blob store on local disk: `<root>/blobs/sha256/ab/cdef…` and `<root>/staging/<id>`. */
export function createLocalBlobStore(root: string): BlobStore & ProxyServable {
  const layout = storeLayout(root);
  const digestLocks = new KeyedMutex();

  const stat = async (sha256: string) => fileFacts(layout.blob(sha256));

  return {
    ...createLocalStaging(layout, digestLocks),
    stat,
    has: async (sha256) => (await stat(sha256)) !== null,
    open: async (sha256, range) => {
      const { handle, start, end } = await openBlobRange(layout.blob(sha256), range);
      return handle.createReadStream({ start, end: end > start ? end - 1 : undefined, highWaterMark: READ_CHUNK_BYTES });
    },
    copyTo: async (sha256, range, destination, ready) => {
      const { handle, start, end } = await openBlobRange(layout.blob(sha256), range);
      try {
        ready();
        return await copyFileRange(handle, start, end, destination);
      } finally {
        await handle.close();
      }
    },
    remove: async (sha256, opts = {}) => {
      const file = layout.blob(sha256);
      // Same lock as commit, so a commit never reports "deduplicated" for a blob being unlinked.
      return digestLocks.run(sha256, async () => {
        const { unmodifiedSince } = opts;
        if (unmodifiedSince) {
          const facts = await stat(sha256);
          if (!facts || facts.modifiedAt > unmodifiedSince) return false;
        }
        try {
          await unlink(file);
          return true;
        } catch (error) {
          if (errnoCode(error) === "ENOENT") return false;
          throw error;
        }
      });
    },
    list: () => listDigests(layout.blobsDir),
    usage: async () => {
      const total = { count: 0, bytes: 0 };
      for await (const sha256 of listDigests(layout.blobsDir)) {
        // Null when GC removed it between the listing and the stat: then it no longer counts.
        const facts = await stat(sha256);
        if (!facts) continue;
        total.count++;
        total.bytes += facts.size;
      }
      return total;
    },
    withLocalFile: async (sha256, fn) => {
      if ((await stat(sha256)) === null) throw new BlobStoreError("NOT_FOUND", "blob not found");
      return fn(layout.blob(sha256));
    },
    proxyPath: async (sha256) => {
      if ((await stat(sha256)) === null) throw new BlobStoreError("NOT_FOUND", "blob not found");
      // Built from the validated digest, as layout.blob() is, relative to blobs/ (not the data dir,
      // which also holds the database and the auth secret a proxy must never reach).
      return path.relative(path.dirname(layout.blobsDir), layout.blob(sha256)).split(path.sep).join("/");
    },
  };
}

/** Opens a blob and checks the range against its size; the half-open byte span to read. */
async function openBlobRange(file: string, range: ByteRange | undefined): Promise<{ handle: FileHandle; start: number; end: number }> {
  if (range !== undefined) {
    assertByteCount(range.start, "range start");
    assertByteCount(range.end, "range end");
  }
  const handle = await open(file, "r").catch((error: unknown) => {
    throw errnoCode(error) === "ENOENT" ? new BlobStoreError("NOT_FOUND", "blob not found") : error;
  });
  try {
    // The size comes from the open handle, so the range check and the read see the same file.
    const { size } = await handle.stat();
    if (range !== undefined && (range.start > range.end || range.end >= size)) {
      throw new BlobStoreError("RANGE_NOT_SATISFIABLE", `range ${range.start}-${range.end} is outside the blob`, { size });
    }
    return { handle, start: range?.start ?? 0, end: range === undefined ? size : range.end + 1 };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function* listDigests(blobsDir: string): AsyncGenerator<string> {
  const top = await openDirectory(blobsDir);
  if (!top) return;
  for await (const fanOut of top) {
    if (!fanOut.isDirectory() || !isFanOutName(fanOut.name)) continue;
    const inner = await openDirectory(path.join(blobsDir, fanOut.name));
    if (!inner) continue;
    for await (const entry of inner) {
      if (entry.isFile() && isFanOutRest(entry.name)) yield fanOut.name + entry.name;
    }
  }
}

async function openDirectory(dir: string): Promise<Dir | null> {
  try {
    return await opendir(dir);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return null;
    throw error;
  }
}
