import { MAX_PAGE_SIZE } from "@/domain/pagination";
import type { Store } from "../store/types";

/** An app a new token can be restricted to, with the channels it can be narrowed to. */
export interface TokenTarget {
  id: string;
  slug: string;
  displayName: string;
  channels: string[];
}

/** Enough for any real installation's picker; beyond it the select would be unusable anyway. */
export const MAX_TOKEN_TARGETS = 1000;

/**
 * Every app (up to MAX_TOKEN_TARGETS) with its channel names, sorted by name for the create form's
 * select: pages of apps, then one read for all their channels (not one per app).
 */
export async function listTokenTargets(store: Store, only?: readonly string[]): Promise<TokenTarget[]> {
  const apps = [];
  let cursor: string | undefined;
  do {
    const page = await store.apps.list({ limit: MAX_PAGE_SIZE, cursor }, only ? { ids: only } : {});
    apps.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && apps.length < MAX_TOKEN_TARGETS);
  const chosen = apps.slice(0, MAX_TOKEN_TARGETS);
  const channels = await store.channels.listByApps(chosen.map((a) => a.id));
  const byApp = new Map<string, string[]>();
  for (const channel of channels) byApp.set(channel.appId, [...(byApp.get(channel.appId) ?? []), channel.name]);
  return chosen
    .map((app) => ({ id: app.id, slug: app.slug, displayName: app.displayName, channels: byApp.get(app.id) ?? [] }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, "en") || a.slug.localeCompare(b.slug));
}
