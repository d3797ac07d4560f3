"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui";
import { PublishReleaseForm } from "./publish-release-form";
import { UploadDropzone } from "./upload-dropzone";
import { UploadFileRow } from "./upload-file-row";
import { publishBlocker, tallyUploads } from "./upload-tally";
import { useUploadInspections } from "./use-upload-inspections";
import { useUploadQueue } from "./use-upload-queue";

/** Re-renders every 250 ms while `active` (the "retrying in N s" countdown). */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** Upload build files from the browser and publish them as a release of one app. */
export function UploadPanel({ appId, channels }: { appId: string; channels: string[] }) {
  const queue = useUploadQueue(appId);
  const [published, setPublished] = useState(false);
  // Remounts the form (fresh fields, no old result) for the next release.
  const [round, setRound] = useState(0);
  const now = useNow(queue.items.some((item) => item.status.kind === "retrying"));
  const busy = queue.items.some((item) => ["queued", "hashing", "uploading", "retrying"].includes(item.status.kind));
  useEffect(() => {
    if (!busy) return;
    // Leaving the page would drop the files; the browser asks first.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);
  const files = queue.items.flatMap((item) => (item.status.kind === "done" && item.uploadId ? [{ upload: item.uploadId, filename: item.file.name }] : []));
  const blocker = publishBlocker(tallyUploads(queue.items));
  const inspections = useUploadInspections(files.map((f) => f.upload));

  return (
    <div className="flex flex-col gap-6">
      {!published && <UploadDropzone onFiles={queue.addFiles} />}
      {queue.items.length > 0 && (
        <ul aria-label="Files" className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="upload-list">
          {queue.items.map((item) => (
            <UploadFileRow
              key={item.key}
              item={item}
              now={now}
              locked={published}
              inspection={item.uploadId ? inspections.byUpload.get(item.uploadId) : undefined}
              onPlatform={(platform) => queue.choosePlatform(item.key, platform)}
              onRetry={() => queue.retry(item.key)}
              onRemove={() => queue.remove(item.key)}
            />
          ))}
        </ul>
      )}
      <PublishReleaseForm key={round} appId={appId} channels={channels} files={files} blocker={blocker} inspections={inspections} onPublished={() => setPublished(true)} />
      {published && (
        <Button
          variant="secondary"
          className="self-start"
          onClick={() => {
            queue.clear();
            setPublished(false);
            setRound((r) => r + 1);
          }}
        >
          Upload another release
        </Button>
      )}
    </div>
  );
}
