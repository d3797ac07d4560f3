import { randomBytes } from "node:crypto";
import { type FileHandle, open, opendir, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { ensureDirectory, errnoCode, fileFacts, fileSize, fsyncDirectory, fsyncFile } from "./durable-fs";
import { BlobStoreError, isBlobStoreError } from "./errors";
import { HashState, hashFilePrefix } from "./hashing";
import { ExclusiveKeys, type KeyedMutex } from "./key-locks";
import { moveIntoStore, refreshIfStored } from "./local-commit";
import { assertByteCount, isStagingId, type StoreLayout } from "./paths";
import { createPrivateFile } from "./private-modes";
import { streamToFile } from "./staging-sink";
import type { BlobStore, StagedUpload } from "./types";
import { checkedBytes, checkedExpectations, moreThanExpected, owningSource, tooLarge } from "./write-contract";

type StagingOps = Pick<BlobStore, "put" | "putBytes" | "stagedSize" | "append" | "commit" | "discard" | "listStaged">;

export function createLocalStaging(layout: StoreLayout, digestLocks: KeyedMutex): StagingOps {
  // Running hashes per staging id, kept only while this process lives. Persisting Hash internals
  // is impossible with node:crypto, so after a restart (or a failed write) the first append or
  // commit re-reads the staged prefix from disk once: one extra sequential read per crash, in
  // exchange for never re-reading the file on the normal path. Entries leave on commit, discard
  // and sweep.
  const running = new Map<string, HashState>();
  // Staging ids whose file this process knows to be fsynced at its running state's size (append
  // synced it, and only append writes a staging file, under the same per-id lock as commit).
  const synced = new Set<string>();
  const busy = new ExclusiveKeys();

  async function runningState(id: string, handle: FileHandle, length: number): Promise<HashState> {
    const known = running.get(id);
    if (known?.size === length) return known;
    const state = length === 0 ? new HashState() : await hashFilePrefix(handle, length);
    running.set(id, state);
    return state;
  }

  const put: BlobStore["put"] = (source, opts) =>
    owningSource(source, async () => {
      const maxBytes = assertByteCount(opts.maxBytes, "maxBytes");
      const expect = checkedExpectations(opts);
      const { expectedSize } = expect;
      if (expectedSize !== undefined && expectedSize > maxBytes) throw tooLarge(maxBytes);
      const overflow = expectedSize === undefined ? () => tooLarge(maxBytes) : () => moreThanExpected(expectedSize);
      const id = `put-${randomBytes(16).toString("base64url")}`;
      return busy.run(id, async () => {
        await ensureDirectory(layout.stagingDir);
        const file = layout.staging(id);
        const state = new HashState();
        try {
          const handle = await createPrivateFile(file);
          try {
            const outcome = await streamToFile(handle, source, state, expectedSize ?? maxBytes, overflow);
            if (!outcome.ok) throw outcome.error;
          } finally {
            await handle.close();
          }
          // fsynced only if it is renamed into the store: bytes the store holds already (an app's
          // icon, stored again by each build's inspection) are dropped without ever being synced.
          return await moveIntoStore(layout, digestLocks, file, state.digests(), expect, () => fsyncFile(file));
        } catch (error) {
          await rm(file, { force: true });
          throw error;
        }
      });
    });

  return {
    put,

    putBytes: async (bytes, opts) => {
      const digests = checkedBytes(bytes, opts);
      // Under the digest's lock, as a commit's deduplication is: GC never unlinks it meanwhile.
      const known = await digestLocks.run(digests.sha256, () => refreshIfStored(layout, digests));
      return known ? { ...digests, deduplicated: true } : put(Readable.from([bytes]), opts);
    },

    stagedSize: async (id) => fileSize(layout.staging(id)),

    append: (id, source, opts) =>
      owningSource(source, async () => {
        const file = layout.staging(id);
        const offset = assertByteCount(opts.offset, "offset");
        const maxBytes = assertByteCount(opts.maxBytes, "maxBytes");
        return busy.run(id, async () => {
          // At offset 0 the file is usually new (a PUT discarded what was staged): creating it
          // first spares the stat and mkdir calls; one that exists is checked as any other.
          const created = offset === 0 ? await createStagingFile(layout, file) : null;
          const staged = created ? null : await fileSize(file);
          if (!created && staged === null && offset > 0) throw new BlobStoreError("NOT_FOUND", "no staged upload with this id");
          if (!created && (staged ?? 0) !== offset) {
            throw new BlobStoreError("OFFSET_MISMATCH", `offset ${offset} does not match the staged size ${staged}`, {
              expected: staged,
              actual: offset,
            });
          }
          const handle = created ?? (staged === null ? await createStagingFile(layout, file, true) : await open(file, "r+"));
          if (!handle) throw new BlobStoreError("BUSY", "the staging file appeared meanwhile");
          synced.delete(id);
          try {
            const state = await runningState(id, handle, offset);
            const checkpoint = state.copy();
            const outcome = await streamToFile(handle, source, state, maxBytes, () => tooLarge(maxBytes));
            if (!outcome.ok && isBlobStoreError(outcome.error, "TOO_LARGE")) {
              await handle.truncate(offset);
              running.set(id, checkpoint);
            } else if (!outcome.ok && outcome.poisoned) {
              running.delete(id);
            }
            // A file holding all maxBytes can only be committed or discarded next: no client is told
            // an offset for it, so its fsyncs wait for commit, which makes it durable before the
            // rename that publishes it, or never when the store already holds those bytes.
            if (outcome.ok && state.size === maxBytes) return { size: state.size };
            // Also on failure: whatever arrived stays, and stagedSize() must only report durable bytes.
            await handle.sync();
            if (outcome.ok) synced.add(id);
            // Resuming relies on the file's existence surviving a crash, not only its bytes.
            if (created || staged === null) await fsyncDirectory(layout.stagingDir);
            if (!outcome.ok) throw outcome.error;
            return { size: state.size };
          } finally {
            await handle.close();
          }
        });
      }),

    commit: async (id, opts) => {
      const file = layout.staging(id);
      const expect = checkedExpectations(opts);
      return busy.run(id, async () => {
        // The running state of this file as append left it: its bytes need neither reading nor,
        // when append synced them, another fsync. Otherwise (a restart, a failed write) the file
        // is hashed again and fsynced here, before anything renames it.
        const known = running.get(id);
        const current = known && (await fileSize(file)) === known.size ? known : null;
        let state: HashState;
        if (current) {
          state = current;
        } else {
          const handle = await open(file, "r").catch((error: unknown) => {
            throw errnoCode(error) === "ENOENT" ? new BlobStoreError("NOT_FOUND", "no staged upload with this id") : error;
          });
          try {
            state = await runningState(id, handle, (await handle.stat()).size);
            await handle.sync();
          } finally {
            await handle.close();
          }
          synced.add(id);
        }
        try {
          const beforeRename = synced.has(id) ? undefined : () => fsyncFile(file);
          const blob = await moveIntoStore(layout, digestLocks, file, state.digests(), expect, beforeRename);
          running.delete(id);
          synced.delete(id);
          return blob;
        } catch (error) {
          // A mismatch removed the staged file; an I/O failure leaves it, and its state, for a retry.
          if (isBlobStoreError(error)) {
            running.delete(id);
            synced.delete(id);
          }
          throw error;
        }
      });
    },

    discard: async (id) => {
      const file = layout.staging(id);
      await busy.run(id, async () => {
        await rm(file, { force: true });
        running.delete(id);
        synced.delete(id);
      });
    },

    listStaged: () => listStagedFiles(layout),
  };
}

/**
 * Creates a private staging file, making the staging directory on first need; null when the file
 * exists already (unless `mustCreate`, which lets that error through).
 */
async function createStagingFile(layout: StoreLayout, file: string, mustCreate = false): Promise<FileHandle | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await createPrivateFile(file);
    } catch (error) {
      if (errnoCode(error) === "EEXIST" && !mustCreate) return null;
      if (errnoCode(error) !== "ENOENT" || attempt > 0) throw error;
      await ensureDirectory(layout.stagingDir);
    }
  }
}

async function* listStagedFiles(layout: StoreLayout): AsyncGenerator<StagedUpload> {
  const dir = await opendir(layout.stagingDir).catch((error: unknown) => {
    if (errnoCode(error) === "ENOENT") return null;
    throw error;
  });
  if (!dir) return;
  for await (const entry of dir) {
    if (!entry.isFile() || !isStagingId(entry.name)) continue;
    // Gone between the listing and now: committed, discarded or swept meanwhile.
    const facts = await fileFacts(layout.staging(entry.name));
    if (facts) yield { id: entry.name, ...facts };
  }
}
