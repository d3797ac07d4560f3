// Per-process wiring of the server's long-lived parts: the store, the blob store and the upload
// settings. Kept on globalThis so Next's dev reloads reuse them.
import { env } from "@/env";
import { getStore } from "./db";
import { createLocalBlobStore } from "./storage/local-disk";
import type { BlobStore } from "./storage/types";
import type { UploadDeps } from "./services/uploads";

const globalRuntime = globalThis as unknown as { shipyardBlobs?: BlobStore };

export function getBlobStore(): BlobStore {
  globalRuntime.shipyardBlobs ??= createLocalBlobStore(env().dataDir);
  return globalRuntime.shipyardBlobs;
}

export async function getUploadDeps(): Promise<UploadDeps> {
  const config = env();
  return {
    store: await getStore(),
    blobs: getBlobStore(),
    maxUploadBytes: config.maxUploadBytes,
    sessionTtlMs: config.uploadSessionTtlMs,
  };
}

/** The capability URL where a session's bytes go (PUT, or PATCH to resume; HEAD for the offset). */
export function uploadUrlFor(sessionId: string): string {
  return `${env().publicUrl}/api/uploads/${sessionId}`;
}
