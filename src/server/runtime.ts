// Per-process wiring of the server's long-lived parts: the store, the blob store and the upload
// settings. Kept on globalThis so Next's dev reloads reuse them.
import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { env } from "@/env";
import { createDownloadGrant } from "./http/grants";
import { getStore } from "./db";
import { createInspectionPool } from "./inspect/pool";
import { createJanitorLog, type JanitorLog } from "./janitor-log";
import { createArtifactInspector } from "./services/inspection";
import { createInstallEventRecorder, type InstallEventRecorder } from "./services/install-events";
import { createLocalBlobStore } from "./storage/local-disk";
import type { BlobStore } from "./storage/types";
import type { UploadDeps } from "./services/uploads";

const globalRuntime = globalThis as unknown as {
  shipyardBlobs?: BlobStore;
  shipyardInspector?: Promise<ReturnType<typeof createArtifactInspector>>;
  shipyardInstallEvents?: Promise<InstallEventRecorder>;
  shipyardJanitorLog?: JanitorLog;
};

export function getBlobStore(): BlobStore {
  globalRuntime.shipyardBlobs ??= createLocalBlobStore(env().dataDir);
  return globalRuntime.shipyardBlobs;
}

/** What the janitor did last: written by the janitor (started from instrumentation), read by the health page. */
export function getJanitorLog(): JanitorLog {
  globalRuntime.shipyardJanitorLog ??= createJanitorLog();
  return globalRuntime.shipyardJanitorLog;
}

/** One inspection pool per process: archive parsing runs in worker threads, never in a request. */
export function getInspector(): Promise<ReturnType<typeof createArtifactInspector>> {
  globalRuntime.shipyardInspector ??= getStore().then((store) =>
    createArtifactInspector({
      store,
      blobs: getBlobStore(),
      runner: createInspectionPool({ concurrency: 1, timeoutMs: 120_000 }),
    }),
  );
  return globalRuntime.shipyardInspector;
}

export async function getUploadDeps(): Promise<UploadDeps> {
  const config = env();
  const inspector = await getInspector();
  return {
    store: await getStore(),
    blobs: getBlobStore(),
    maxUploadBytes: config.maxUploadBytes,
    sessionTtlMs: config.uploadSessionTtlMs,
    onComplete: (session) => inspector.prefetch(session),
  };
}

/** The process's install-event queue (written behind requests, once a second). */
export function getInstallEvents(): Promise<InstallEventRecorder> {
  globalRuntime.shipyardInstallEvents ??= getStore().then((store) => createInstallEventRecorder(store));
  return globalRuntime.shipyardInstallEvents;
}

/** Records an install event without making the caller wait or fail. */
export function recordInstallEvent(event: Parameters<InstallEventRecorder["record"]>[0]): void {
  getInstallEvents().then(
    (recorder) => recorder.record(event),
    (error: unknown) => console.error("install events unavailable:", error),
  );
}

/**
 * A link that downloads an artifact: open for public and unlisted apps, a grant for private ones
 * (the given one, or a new one valid for `grantTtlSeconds`, an hour by default).
 */
export function downloadUrlFor(
  app: Pick<App, "visibility">,
  artifact: Pick<Artifact, "id" | "filename">,
  options: { grant?: string; grantTtlSeconds?: number } = {},
): string {
  const name = encodeURIComponent(artifact.filename);
  if (app.visibility !== "private") return `${env().publicUrl}/d/${artifact.id}/${name}`;
  const grant = options.grant ?? createDownloadGrant(artifact.id, options.grantTtlSeconds ?? 3600);
  return `${env().publicUrl}/g/${grant}/${name}`;
}

/** Where a release's testers go. */
export function installUrlFor(appSlug: string, releaseId: string): string {
  return `${env().publicUrl}/${appSlug}/releases/${releaseId}`;
}

/** The capability URL where a session's bytes go (PUT, or PATCH to resume; HEAD for the offset). */
export function uploadUrlFor(sessionId: string): string {
  return `${env().publicUrl}/api/uploads/${sessionId}`;
}
