// Background upkeep of one server process: expire upload sessions past their deadline, remove
// staged bytes nobody will finish, and every hour apply retention (releases the channels no longer
// keep) and collect blobs nothing references any more. Runs once the server has started (the boot
// sweep of staging itself is bootstrap's, before the server listens) and then periodically.
import type { JanitorLog } from "./services/janitor-log";
import { collectUnreferencedBlobs } from "./services/blob-gc";
import { pruneOutboxes } from "./services/outbox-worker";
import { applyRetentionEverywhere } from "./services/retention";
import { sweepOrphanedStaging } from "./services/upload-recovery";
import { expireUploadSessions, type UploadDeps } from "./services/uploads";

/** What the janitor works on, from the composition root. */
export interface JanitorDeps {
  uploads: UploadDeps;
  janitorLog: JanitorLog;
  clock: () => Date;
  /** Several app servers share one janitor: the one that leads runs each round (see ServerContext). */
  runJanitorRound(fn: () => Promise<void>): Promise<boolean>;
}

const INTERVAL_MS = 10 * 60 * 1000;
/** Retention and blob GC walk whole tables and the whole store, so they run on every sixth tick only. */
const HOURLY_EVERY_TICKS = 6;
/** Longer than a session TTL: see services/blob-gc.ts for what this grace protects. */
const GC_GRACE_BEYOND_TTL_MS = 60 * 60 * 1000;
const ORPHAN_GRACE_MS = 60 * 60 * 1000;

export async function runJanitorOnce(janitor: JanitorDeps, opts: { hourly: boolean }) {
  const now = janitor.clock();
  const deps = janitor.uploads;
  const run = janitor.janitorLog.begin({ hourly: opts.hourly, startedAt: now });
  const expiredSessions = await run.task(
    "expire-upload-sessions",
    () => expireUploadSessions(deps, now),
    (expired) => ({ expired }),
  );
  // Open sessions keep their staged bytes until they expire (above); anything else staged is an
  // orphan. The hour spares a put (an icon) that another process may still be writing.
  const swept = await run.task(
    "sweep-staging",
    () => sweepOrphanedStaging(deps, new Date(now.getTime() - ORPHAN_GRACE_MS)),
    (ids) => ({ swept: ids.length }),
  );
  if (!opts.hourly) {
    run.finish();
    return { expiredSessions, sweptStagingFiles: swept.length };
  }
  const deletedReleases = await run.task(
    "apply-retention",
    () => applyRetentionEverywhere(deps.store, now),
    (deleted) => ({ deleted }),
  );
  const blobs = await run.task(
    "collect-blobs",
    () => collectUnreferencedBlobs(deps, { now, graceMs: deps.sessionTtlMs + GC_GRACE_BEYOND_TTL_MS }),
    (gc) => ({ scanned: gc.scanned, removed: gc.removed, removedBytes: gc.removedBytes }),
  );
  const forgottenSessions = await run.task(
    "forget-ended-sessions",
    () => deps.store.endedSessions.forgetExpired(now),
    (forgotten) => ({ forgotten }),
  );
  const prunedOutboxes = await run.task(
    "prune-outboxes",
    () => pruneOutboxes(deps.store, now),
    (pruned) => pruned,
  );
  run.finish();
  return { expiredSessions, sweptStagingFiles: swept.length, deletedReleases, blobs, forgottenSessions, prunedOutboxes };
}

/** Runs now and every ten minutes in the background; the timer does not keep the process alive. */
export function startJanitor(janitor: JanitorDeps): void {
  let ticks = 0;
  const tick = () => {
    const hourly = ticks++ % HOURLY_EVERY_TICKS === 0;
    return janitor
      .runJanitorRound(async () => {
        await runJanitorOnce(janitor, { hourly });
      })
      .catch((error: unknown) => {
        console.error("janitor run failed:", error);
      });
  };
  void tick();
  setInterval(tick, INTERVAL_MS).unref();
}
