// Background upkeep of one server process: expire upload sessions past their deadline, remove
// staged bytes nobody will finish, and (every hour) blobs nothing references any more. Runs at
// start (the "sweep at boot") and then periodically.
import { env } from "@/env";
import { getUploadDeps } from "./runtime";
import { collectUnreferencedBlobs } from "./services/blob-gc";
import { expireUploadSessions } from "./services/uploads";

const INTERVAL_MS = 10 * 60 * 1000;
/** Blob GC walks the whole store, so it runs on every sixth tick only. */
const GC_EVERY_TICKS = 6;
/** Longer than a session TTL: see services/blob-gc.ts for what this grace protects. */
const GC_GRACE_BEYOND_TTL_MS = 60 * 60 * 1000;

export async function runJanitorOnce(opts: { collectBlobs: boolean; now?: Date }) {
  const now = opts.now ?? new Date();
  const deps = await getUploadDeps();
  const expiredSessions = await expireUploadSessions(deps, now);
  // Anything staged longer than a session may live belongs to no open session any more.
  const swept = await deps.blobs.sweepStaging(new Date(now.getTime() - env().uploadSessionTtlMs));
  const blobs = opts.collectBlobs ? await collectUnreferencedBlobs(deps, { now, graceMs: env().uploadSessionTtlMs + GC_GRACE_BEYOND_TTL_MS }) : null;
  return { expiredSessions, sweptStagingFiles: swept.length, blobs };
}

export function startJanitor(): void {
  let ticks = 0;
  const tick = () =>
    runJanitorOnce({ collectBlobs: ticks++ % GC_EVERY_TICKS === 0 }).catch((error: unknown) => {
      console.error("janitor run failed:", error);
    });
  void tick();
  setInterval(tick, INTERVAL_MS).unref();
}
