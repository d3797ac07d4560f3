// Transitional views of the composition root's parts (src/server/composition.ts) for the modules
// not yet handed their context. Each part exists once per process, built there.
import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { env } from "@/env";
import { serverContext } from "./composition";
import { createDownloadGrant, createIconGrant } from "./http/grants";
import type { InstallEventRecorder } from "./services/install-events";
import { createLinks } from "./services/links";
import type { UploadDeps } from "./services/uploads";

export async function getInspector() {
  return (await serverContext()).inspector;
}

export async function getUploadDeps(): Promise<UploadDeps> {
  return (await serverContext()).uploads;
}

/** Records an install event without making the caller wait or fail. */
export function recordInstallEvent(event: Parameters<InstallEventRecorder["record"]>[0]): void {
  serverContext().then(
    (context) => context.installEvents.record(event),
    (error: unknown) => console.error("install events unavailable:", error),
  );
}

const links = () => createLinks({ publicUrl: env().publicUrl, grants: { createDownloadGrant, createIconGrant } });

export function downloadUrlFor(app: Pick<App, "visibility">, artifact: Pick<Artifact, "id" | "filename">, options: { grant?: string; grantTtlSeconds?: number } = {}): string {
  return links().download(app, artifact, options);
}

export function installUrlFor(appSlug: string, releaseId: string): string {
  return links().installPage(appSlug, releaseId);
}

export function uploadUrlFor(sessionId: string): string {
  return links().upload(sessionId);
}
