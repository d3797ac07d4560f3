import type { NewInstallEvent } from "@/domain/install-event";
import type { Store } from "../store/types";

// Install events are written behind the request: a page view must not wait for (or contend on)
// a database write. Events queue in memory and go out in one batch per interval, so a crash
// loses at most one interval of funnel counts, never a release or an artifact.

export interface InstallEventRecorder {
  record(event: Omit<NewInstallEvent, "createdAt">): void;
  /** Writes what is queued now; resolves when it is stored. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export interface RecorderOptions {
  flushIntervalMs?: number;
  /** Beyond this many queued events the oldest are dropped (the database is down or stuck). */
  maxQueued?: number;
  onError?: (error: unknown) => void;
}

export function createInstallEventRecorder(store: Store, options: RecorderOptions = {}): InstallEventRecorder {
  const interval = options.flushIntervalMs ?? 1000;
  const maxQueued = options.maxQueued ?? 50_000;
  const onError = options.onError ?? ((error) => console.error("install events could not be stored:", error));
  let queue: NewInstallEvent[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const batch = queue;
    queue = [];
    writing = writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await store.installEvents.appendMany(batch);
      } catch (error) {
        onError(error);
      }
    });
    return writing;
  };

  return {
    record(event) {
      queue.push({ ...event, createdAt: new Date() });
      if (queue.length > maxQueued) queue.splice(0, queue.length - maxQueued);
      if (!timer) {
        timer = setTimeout(() => void flush(), interval);
        timer.unref();
      }
    },
    flush,
    stop: flush,
  };
}
