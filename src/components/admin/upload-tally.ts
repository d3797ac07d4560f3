import type { UploadItem } from "./use-upload-queue";

/** Where the files of the upload list stand, as far as publishing is concerned. */
export interface UploadTally {
  done: number;
  /** Queued, hashing, uploading or retrying: they finish on their own. */
  inProgress: number;
  /** Waiting for the admin to pick a platform. */
  needsPlatform: number;
  /** Stopped for good until removed or retried: they never finish on their own. */
  failed: number;
  /** Failed files the Retry button can restart (those with a known platform). */
  retryable: number;
}

export function tallyUploads(items: readonly Pick<UploadItem, "status" | "platform">[]): UploadTally {
  const tally: UploadTally = { done: 0, inProgress: 0, needsPlatform: 0, failed: 0, retryable: 0 };
  for (const { status, platform } of items) {
    if (status.kind === "done") tally.done++;
    else if (status.kind === "needs-platform") tally.needsPlatform++;
    else if (status.kind === "failed") {
      tally.failed++;
      if (platform) tally.retryable++;
    } else tally.inProgress++;
  }
  return tally;
}

const files = (n: number) => `${n} file${n === 1 ? "" : "s"}`;

/**
 * Why Publish is disabled, or null when the files allow it. Failed files come first: they are the
 * only ones that need the admin's hand, and a "waiting" message would have them wait forever.
 */
export function publishBlocker(tally: UploadTally): string | null {
  if (tally.failed > 0) {
    const them = tally.failed === 1 ? "it" : "them";
    const fix = tally.retryable > 0 ? `remove or retry ${them}` : `remove ${them}`;
    return `${files(tally.failed)} failed: ${fix} before publishing.`;
  }
  if (tally.needsPlatform > 0) return `Choose the platform of ${files(tally.needsPlatform)}.`;
  if (tally.inProgress > 0) return `Waiting for ${files(tally.inProgress)} to finish uploading.`;
  if (tally.done === 0) return "Add at least one file.";
  return null;
}
