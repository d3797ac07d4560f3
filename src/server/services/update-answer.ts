import type { Artifact } from "@/domain/artifact";
import { renderReleaseNotes } from "@/domain/markdown";
import type { Release } from "@/domain/release";
import type { UpdateCheckResult } from "./update-check";

// What the update API says to an app, as a status and a JSON body (the transport writes them).

/** Where a device installs the offered file from, and the release's install page. */
export interface UpdateLinks {
  installUrl: string;
  downloadUrl: string;
  pageUrl: string;
}

export type UpdateAnswer = { status: 204 } | { status: 200; body: Record<string, unknown> };

export function updateAnswer(result: UpdateCheckResult & { notesHtml?: string }, channel: string, linksFor: (release: Release, artifact: Artifact) => UpdateLinks): UpdateAnswer {
  if (result.kind === "up_to_date") return { status: 204 };
  const { release, artifact } = result;
  const summary = { releaseId: release.id, version: release.version, build: release.build, channel };
  if (result.kind === "device_not_provisioned") {
    return { status: 200, body: { ...summary, status: "device_not_provisioned", message: "a newer build exists, but this device is not in its provisioning profile" } };
  }
  const meta = artifact.metadata;
  const links = linksFor(release, artifact);
  return {
    status: 200,
    body: {
      ...summary,
      status: "update_available",
      mandatory: result.mandatory,
      notes: release.notes,
      notesHtml: result.notesHtml ?? renderReleaseNotes(release.notes),
      minOsVersion: typeof meta.minimumOsVersion === "string" ? meta.minimumOsVersion : null,
      minSdk: typeof meta.minSdk === "number" ? meta.minSdk : null,
      size: artifact.sizeBytes,
      sha256: artifact.sha256,
      publishedAt: (release.publishedAt ?? release.createdAt).toISOString(),
      installUrl: links.installUrl,
      downloadUrl: links.downloadUrl,
      pageUrl: links.pageUrl,
    },
  };
}
