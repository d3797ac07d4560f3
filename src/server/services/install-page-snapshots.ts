import type { Store } from "../store/types";
import { createGenerationCache } from "./generation-cache";
import { type InstallSnapshot, type InstallSnapshotSource, readInstallSnapshot } from "./install-page";

// Install page snapshots kept in memory between requests. Reading one was about a fifth of a
// private app's page under load (Prisma's interactive transaction and query interpretation, and
// the garbage they leave), for data that only an audited change alters: the app, its channels,
// releases and files. So a snapshot is read once per URL after each change. Nothing of a visitor is in it: who may see the page (session, share link and its
// state) and which side of a staged rollout they are on are decided per request from it.

/** Changes that make no audit event (another process writing the same database) show within this. */
export const INSTALL_SNAPSHOT_MAX_AGE_MS = 5_000;
/**
 * A snapshot holds a page of history with its files (tens of KB); a bound this low still keeps
 * every channel and release page of a few hundred apps, and URLs made up to miss (unknown slugs,
 * history cursors) only make the cache start over.
 */
const MAX_SNAPSHOTS = 1_000;

export function createInstallSnapshots(deps: { store: Store; generation: () => number; maxAgeMs?: number; now?: () => number }): InstallSnapshotSource {
  const cache = createGenerationCache<InstallSnapshot | null>({
    generation: deps.generation,
    maxAgeMs: deps.maxAgeMs ?? INSTALL_SNAPSHOT_MAX_AGE_MS,
    maxEntries: MAX_SNAPSHOTS,
    now: deps.now,
  });
  return {
    read(query) {
      const key = [query.slug, query.channel ?? "", query.releaseId ?? "", query.before ?? ""].join("\u0000");
      return cache.get(key, () => deps.store.readTransaction((tx) => readInstallSnapshot(tx, query)));
    },
  };
}
