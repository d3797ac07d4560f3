"use client";

import { Badge, type BadgeTone, Button, Select } from "@/components/ui";
import type { Platform } from "@/domain/platform";
import { declaredText } from "@/domain/declared-version";
import { formatBytes, formatDuration } from "@/domain/format";
import type { UploadInspectionView } from "@/domain/upload-inspection";
import { sentence } from "./publish-outcome";
import { UPLOAD_ATTEMPTS, type UploadItem } from "./use-upload-queue";

const PLATFORM_LABELS: Record<Platform, string> = { ios: "iOS", android_apk: "Android", macos: "macOS", linux: "Linux", windows: "Windows" };

function progressOf(item: UploadItem): { done: number; label: string } {
  const { status, file } = item;
  switch (status.kind) {
    case "hashing":
      return { done: status.hashed, label: "Computing SHA-256" };
    case "uploading":
    case "retrying":
      return { done: status.sent, label: "Uploaded" };
    case "done":
      return { done: file.size, label: "Uploaded" };
    default:
      return { done: 0, label: "" };
  }
}

function stateText(item: UploadItem, now: number): string {
  const { status } = item;
  switch (status.kind) {
    case "needs-platform":
      return "Choose the platform";
    case "queued":
      return "Waiting";
    case "hashing":
      return "Hashing";
    case "uploading":
      return "Uploading";
    case "retrying":
      return `Retrying in ${Math.max(1, Math.ceil((status.until - now) / 1000))} s`;
    case "done":
      return "Done";
    case "failed":
      return "Failed";
  }
}

const STATE_TONES: Record<UploadItem["status"]["kind"], BadgeTone> = {
  "needs-platform": "warning",
  queued: "neutral",
  hashing: "info",
  uploading: "info",
  retrying: "warning",
  done: "success",
  failed: "danger",
};

export function UploadFileRow({
  item,
  now,
  onPlatform,
  onRetry,
  onRemove,
  locked,
  inspection,
}: {
  item: UploadItem;
  now: number;
  onPlatform: (platform: Platform) => void;
  onRetry: () => void;
  onRemove: () => void;
  /** After publishing: the files belong to the release. */
  locked: boolean;
  /** What the server read from the uploaded file, once it has. */
  inspection?: UploadInspectionView;
}) {
  const { file, status } = item;
  const { done, label } = progressOf(item);
  const percent = file.size > 0 ? Math.floor((done / file.size) * 100) : 0;
  const rate = status.kind === "uploading" ? status.rate : 0;
  const eta = rate > 0 ? formatDuration((file.size - done) / rate) : "--:--";

  return (
    <li data-testid="upload-row" data-filename={file.name} data-state={status.kind} className="flex flex-col gap-2 py-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <span className="min-w-0 font-medium break-all">{file.name}</span>
        <span className="flex items-baseline gap-3 text-sm">
          <span className="text-slate-600 dark:text-slate-400">{formatBytes(file.size)}</span>
          {item.platform && <Badge>{PLATFORM_LABELS[item.platform]}</Badge>}
          <Badge role="status" tone={STATE_TONES[status.kind]} data-testid="upload-state">
            {stateText(item, now)}
          </Badge>
        </span>
      </div>

      {status.kind === "needs-platform" && (
        <Select label={`Platform of ${file.name}`} defaultValue="" onChange={(event) => event.target.value && onPlatform(event.target.value as Platform)} wrapperClassName="max-w-xs">
          <option value="" disabled>
            choose…
          </option>
          {status.choices.map((p) => (
            <option key={p} value={p}>
              {PLATFORM_LABELS[p]}
            </option>
          ))}
        </Select>
      )}

      {label && (
        <>
          <div
            role="progressbar"
            aria-label={`${label}: ${file.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
          >
            <div className={`h-full rounded-full ${status.kind === "done" ? "bg-emerald-500" : status.kind === "retrying" ? "bg-amber-500" : "bg-brand-500"}`} style={{ width: `${percent}%` }} />
          </div>
          <p className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
            {label} {formatBytes(done)} of {formatBytes(file.size)} · {percent}%{status.kind === "uploading" && ` · ${formatBytes(rate)}/s · ETA ${eta}`}
          </p>
        </>
      )}

      {status.kind === "retrying" && (
        <p className="text-xs text-amber-700 dark:text-amber-300">
          Interrupted ({status.reason}); resuming from the server&apos;s offset, attempt {status.attempt + 1} of {UPLOAD_ATTEMPTS}.
        </p>
      )}
      {status.kind === "done" && item.retries > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="upload-resumed">
          Resumed after {item.retries} interruption{item.retries === 1 ? "" : "s"}.
        </p>
      )}
      {status.kind === "done" && inspection?.inspected && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="upload-declares">
          {inspection.declared.version !== undefined || inspection.declared.build !== undefined ? `Declares ${declaredText(inspection.declared)}.` : "Declares no version: give it below."}
        </p>
      )}
      {status.kind === "done" && inspection?.status === "invalid" && (
        <ul className="text-sm text-red-700 dark:text-red-300" data-testid="upload-inspection-reasons">
          {inspection.reasons.map((reason) => (
            <li key={reason}>{sentence(reason)}</li>
          ))}
        </ul>
      )}
      {status.kind === "failed" && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {status.message}
        </p>
      )}

      {!locked && (
        <div className="flex gap-2">
          {status.kind === "failed" && item.platform && (
            <Button variant="secondary" size="sm" onClick={onRetry} aria-label={`Retry ${file.name}`}>
              Retry
            </Button>
          )}
          <Button variant="secondary" size="sm" onClick={onRemove} aria-label={`Remove ${file.name}`}>
            Remove
          </Button>
        </div>
      )}
    </li>
  );
}
