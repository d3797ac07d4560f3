import { randomBytes } from "node:crypto";
import { isBlobStoreError } from "../errors";
import { ExclusiveKeys } from "../key-locks";
import { assertByteCount, assertStagingId } from "../paths";
import type { BlobStore } from "../types";
import { checkedBytes, checkedExpectations, moreThanExpected, owningSource, tooLarge } from "../write-contract";
import { appendStaged } from "./s3-append";
import { commitStaged, discardStaged, refreshIfStored } from "./s3-commit";
import { putObject } from "./s3-objects";
import type { S3StoreDeps } from "./staging-deps";

type StagingOps = Pick<BlobStore, "put" | "putBytes" | "stagedSize" | "append" | "commit" | "discard" | "listStaged">;

// The write half of the S3 store, with the disk store's contract: argument checks, BUSY for a
// second operation on the same id in this process (across processes the record's compare-and-set
// turns a concurrent writer into BUSY), sources always consumed or destroyed, and a put that
// leaves nothing behind. A put is an append and a commit under a fresh id, so a put killed midway
// leaves a staged record that the orphan sweep finds, as a disk staging file would be.
export function createS3Staging(deps: S3StoreDeps): StagingOps {
  const busy = new ExclusiveKeys();

  const append: BlobStore["append"] = (id, source, opts) =>
    owningSource(source, async () => {
      assertStagingId(id);
      const offset = assertByteCount(opts.offset, "offset");
      const maxBytes = assertByteCount(opts.maxBytes, "maxBytes");
      return busy.run(id, () => appendStaged(deps, id, source, offset, maxBytes));
    });

  const commit: BlobStore["commit"] = async (id, opts) => {
    assertStagingId(id);
    const expect = checkedExpectations(opts);
    return busy.run(id, () => commitStaged(deps, id, expect));
  };

  const discard: BlobStore["discard"] = async (id) => {
    assertStagingId(id);
    await busy.run(id, () => discardStaged(deps, id));
  };

  return {
    put: (source, opts) =>
      owningSource(source, async () => {
        const maxBytes = assertByteCount(opts.maxBytes, "maxBytes");
        const expect = checkedExpectations(opts);
        const { expectedSize } = expect;
        if (expectedSize !== undefined && expectedSize > maxBytes) throw tooLarge(maxBytes);
        const id = `put-${randomBytes(16).toString("base64url")}`;
        try {
          await append(id, source, { offset: 0, maxBytes: expectedSize ?? maxBytes }).catch((error: unknown) => {
            if (expectedSize === undefined || !isBlobStoreError(error, "TOO_LARGE")) throw error;
            throw moreThanExpected(expectedSize);
          });
          return await commit(id, expect);
        } catch (error) {
          await discard(id).catch(() => {});
          throw error;
        }
      }),

    putBytes: async (bytes, opts) => {
      const digests = checkedBytes(bytes, opts);
      // The digest is known before any byte is written: one PUT straight to the content address.
      return deps.locks.run(digests.sha256, async () => {
        if (await refreshIfStored(deps, digests)) return { ...digests, deduplicated: true };
        await putObject(deps, deps.keys.blob(digests.sha256), bytes);
        await deps.state.markStored(digests.sha256, deps.now());
        return { ...digests, deduplicated: false };
      });
    },

    stagedSize: async (id) => (await deps.state.get(assertStagingId(id)))?.size ?? null,
    append,
    commit,
    discard,
    listStaged: async function* () {
      for await (const record of deps.state.list()) yield { id: record.id, size: record.size, modifiedAt: record.modifiedAt };
    },
  };
}
