"use client";

// The upload list of the admin app page: files are hashed, given an upload session (tRPC) and sent
// (browser-upload.ts) one at a time, in the order they were added.
import { useMutation } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { inferPlatform, platformsForFilename, uploadFilenameProblem } from "@/domain/artifact-formats";
import type { Platform } from "@/domain/platform";
import { useTRPC } from "@/trpc/react";
import { RateMeter, sameOriginUploadUrl, sha256OfBlob, UploadFailedError, uploadWithResume } from "./browser-upload";
import { errorMessage } from "./error-message";

export type UploadStatus =
  | { kind: "needs-platform"; choices: Platform[] }
  | { kind: "queued" }
  | { kind: "hashing"; hashed: number }
  | { kind: "uploading"; sent: number; rate: number }
  | { kind: "retrying"; sent: number; until: number; attempt: number; reason: string }
  | { kind: "done" }
  | { kind: "failed"; message: string };

export interface UploadItem {
  key: string;
  file: File;
  platform: Platform | null;
  sha256: string | null;
  uploadId: string | null;
  uploadUrl: string | null;
  /** Interruptions survived so far (each one resumed from the server's offset). */
  retries: number;
  status: UploadStatus;
}

export const UPLOAD_ATTEMPTS = 8;

let nextKey = 0;

function statusForNewFile(file: File): { platform: Platform | null; status: UploadStatus } {
  if (file.size === 0) return { platform: null, status: { kind: "failed", message: "the file is empty" } };
  const platform = inferPlatform(file.name);
  if (platform) return { platform, status: { kind: "queued" } };
  const choices = platformsForFilename(file.name);
  if (choices.length === 0) return { platform: null, status: { kind: "failed", message: uploadFilenameProblem(file.name, undefined) ?? "not a file type Shipyard publishes" } };
  return { platform: null, status: { kind: "needs-platform", choices } };
}

export function useUploadQueue(appId: string) {
  const trpc = useTRPC();
  const createUpload = useMutation(trpc.uploads.create.mutationOptions());
  const [items, setItems] = useState<UploadItem[]>([]);
  const itemsRef = useRef<UploadItem[]>([]);
  const queue = useRef<string[]>([]);
  const active = useRef<{ key: string; controller: AbortController } | null>(null);

  const update = useCallback((key: string, patch: Partial<UploadItem> | ((item: UploadItem) => Partial<UploadItem>)) => {
    itemsRef.current = itemsRef.current.map((item) => (item.key === key ? { ...item, ...(typeof patch === "function" ? patch(item) : patch) } : item));
    setItems(itemsRef.current);
  }, []);

  const runItem = useCallback(
    async (key: string) => {
      const item = itemsRef.current.find((i) => i.key === key);
      if (!item) return;
      const controller = new AbortController();
      const { signal } = controller;
      active.current = { key, controller };
      try {
        let { sha256, uploadUrl } = item;
        if (!sha256) {
          update(key, { status: { kind: "hashing", hashed: 0 } });
          sha256 = await sha256OfBlob(item.file, { signal, onProgress: (hashed) => update(key, { status: { kind: "hashing", hashed } }) });
          update(key, { sha256 });
        }
        if (!uploadUrl) {
          const session = await createUpload.mutateAsync({
            appId,
            filename: item.file.name,
            size: item.file.size,
            sha256,
            ...(item.platform && { platform: item.platform }),
          });
          uploadUrl = sameOriginUploadUrl(session.uploadUrl, window.location.origin);
          update(key, { uploadId: session.id, uploadUrl });
        }
        if (signal.aborted) return;
        const meter = new RateMeter();
        let sent = 0;
        update(key, { status: { kind: "uploading", sent: 0, rate: 0 } });
        // A retried item's session keeps what it got: the tus client starts from the server's offset.
        await uploadWithResume(item.file, uploadUrl, {
          signal,
          attempts: UPLOAD_ATTEMPTS,
          onProgress: (bytes) => {
            sent = bytes;
            meter.add(bytes, performance.now());
            update(key, { status: { kind: "uploading", sent, rate: meter.rate() } });
          },
          onRetry: ({ attempt, delayMs, reason }) => update(key, (current) => ({ retries: current.retries + 1, status: { kind: "retrying", sent, until: Date.now() + delayMs, attempt, reason } })),
        });
        update(key, { status: { kind: "done" } });
      } catch (error) {
        if (signal.aborted) return;
        // A refused upload or a dead session cannot continue: a retry starts over from hashing.
        const startOver = error instanceof UploadFailedError && error.sessionUnusable;
        update(key, { status: { kind: "failed", message: errorMessage(error) }, ...(startOver && { sha256: null, uploadId: null, uploadUrl: null }) });
      } finally {
        if (active.current?.key === key) active.current = null;
      }
    },
    [appId, createUpload.mutateAsync, update],
  );

  const pumping = useRef(false);
  const pump = useCallback(async () => {
    if (pumping.current) return;
    pumping.current = true;
    try {
      for (let key = queue.current.shift(); key !== undefined; key = queue.current.shift()) await runItem(key);
    } finally {
      pumping.current = false;
    }
  }, [runItem]);

  const enqueue = useCallback(
    (key: string) => {
      update(key, { status: { kind: "queued" } });
      queue.current.push(key);
      void pump();
    },
    [pump, update],
  );

  const addFiles = useCallback(
    (files: File[]) => {
      const added = files.map((file): UploadItem => ({ key: `f${nextKey++}`, file, sha256: null, uploadId: null, uploadUrl: null, retries: 0, ...statusForNewFile(file) }));
      itemsRef.current = [...itemsRef.current, ...added];
      setItems(itemsRef.current);
      for (const item of added) if (item.status.kind === "queued") enqueue(item.key);
    },
    [enqueue],
  );

  const choosePlatform = useCallback(
    (key: string, platform: Platform) => {
      update(key, { platform });
      enqueue(key);
    },
    [enqueue, update],
  );

  const remove = useCallback((key: string) => {
    if (active.current?.key === key) active.current.controller.abort();
    queue.current = queue.current.filter((k) => k !== key);
    itemsRef.current = itemsRef.current.filter((item) => item.key !== key);
    setItems(itemsRef.current);
  }, []);

  const clear = useCallback(() => {
    active.current?.controller.abort();
    queue.current = [];
    itemsRef.current = [];
    setItems([]);
  }, []);

  return { items, addFiles, choosePlatform, retry: enqueue, remove, clear };
}
