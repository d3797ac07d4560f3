import { randomBytes } from "node:crypto";
import type { Actor } from "@/domain/actor";
import { type App, type CreateAppInput, createAppInputSchema, type UpdateAppInput, updateAppInputSchema } from "@/domain/app";
import { DEFAULT_CHANNEL_POLICY, DEFAULT_CHANNELS } from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import { type Page, type PageInput, pageInputSchema } from "@/domain/pagination";
import { APP_KEY_PREFIX, formatToken, TOKEN_RANDOM_BYTES } from "@/domain/token-format";
import type { TokenGrant } from "@/domain/token-grant";
import { withUpdateKeyFor } from "@/domain/update-key-access";
import { parseOrThrow } from "@/domain/validate";
import type { ReadStore } from "../store/read-only";
import type { Store } from "../store/types";
import { recordAudit } from "./audit";

export async function getAppOrThrow(store: Pick<ReadStore, "apps">, id: string): Promise<App> {
  const app = await store.apps.getById(id);
  if (!app) throw DomainError.notFound("app", id);
  return app;
}

export async function getAppBySlugOrThrow(store: Pick<ReadStore, "apps">, slug: string): Promise<App> {
  const app = await store.apps.getBySlug(slug);
  if (!app) throw DomainError.notFound("app", slug);
  return app;
}

/** Every app, or only those of `only` (a member's apps). */
export function listApps(store: Store, page: PageInput = {}, only?: readonly string[]): Promise<Page<App>> {
  return store.apps.list(parseOrThrow(pageInputSchema, page, "page"), only ? { ids: only } : {});
}

/** The public apps, by display name, for the home page (the first 100: a directory, not a catalogue). */
export async function listPublicApps(store: Store): Promise<App[]> {
  const { items } = await store.apps.list({ limit: 100 }, { visibility: "public" });
  return [...items].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/**
 * The apps a token can see, as it may see them: an app-restricted token its own app only, every
 * app without its update key unless the token may read it.
 */
export async function listAppsForToken(store: Store, grant: TokenGrant, page: PageInput = {}): Promise<Page<App | Omit<App, "updateKey">>> {
  const found = grant.appId ? { items: [await getAppOrThrow(store, grant.appId)], nextCursor: null } : await listApps(store, page);
  return { ...found, items: found.items.map((app) => withUpdateKeyFor(grant, app)) };
}

/** Creates an app with the default channels (stable, beta, internal), all in one audited transaction. */
export async function createApp(store: Store, actor: Actor, raw: CreateAppInput): Promise<App> {
  const input = parseOrThrow(createAppInputSchema, raw, "app");
  return store.transaction(async (tx) => {
    if (await tx.apps.getBySlug(input.slug)) {
      const message = `an app with slug "${input.slug}" already exists`;
      throw new DomainError("CONFLICT", message, { issues: [{ path: "slug", message }] });
    }
    const app = await tx.apps.create({ ...input, ownerId: actor.kind === "user" ? actor.id : null, updateKey: newUpdateKey() });
    for (const name of DEFAULT_CHANNELS) {
      await tx.channels.create({
        appId: app.id,
        name,
        currentReleaseId: null,
        previousReleaseId: null,
        policy: DEFAULT_CHANNEL_POLICY,
        rolloutPercent: 100,
      });
    }
    // One mutation, one audit event: the default channels are part of creating the app.
    await recordAudit(
      tx,
      actor,
      "app.create",
      { type: "app", id: app.id },
      {
        slug: app.slug,
        visibility: app.visibility,
        channels: [...DEFAULT_CHANNELS],
      },
    );
    return app;
  });
}

export async function updateApp(store: Store, actor: Actor, appId: string, raw: UpdateAppInput): Promise<App> {
  const patch = parseOrThrow(updateAppInputSchema, raw, "app update");
  return store.transaction(async (tx) => {
    const before = await getAppOrThrow(tx, appId);
    const app = await tx.apps.update(appId, patch);
    const changed = Object.fromEntries(Object.keys(patch).map((key) => [key, { from: before[key as keyof App], to: app[key as keyof App] }]));
    await recordAudit(tx, actor, "app.update", { type: "app", id: app.id }, { changed });
    return app;
  });
}

function newUpdateKey(): string {
  return formatToken(randomBytes(TOKEN_RANDOM_BYTES), APP_KEY_PREFIX);
}

/** Issues a new update key; builds that ship the old one stop getting update answers. */
export async function rotateUpdateKey(store: Store, actor: Actor, appId: string): Promise<App> {
  return store.transaction(async (tx) => {
    const before = await getAppOrThrow(tx, appId);
    const app = await tx.apps.update(appId, { updateKey: newUpdateKey() });
    await recordAudit(tx, actor, "app.rotate_update_key", { type: "app", id: app.id }, { hadKey: before.updateKey !== null });
    return app;
  });
}

/**
 * Deletes an app and everything of it (channels, releases, artifacts, uploads, share links, install
 * events, the tokens restricted to it) in one audited transaction. The audit log keeps its events;
 * the files are left to blob garbage collection, which frees what no other app references.
 */
export async function deleteApp(store: Store, actor: Actor, appId: string): Promise<App> {
  return store.transaction(async (tx) => {
    const app = await getAppOrThrow(tx, appId);
    const [storage] = await tx.artifacts.storageByApps([app.id]);
    await tx.apps.delete(app.id);
    await recordAudit(
      tx,
      actor,
      "app.delete",
      { type: "app", id: app.id },
      {
        slug: app.slug,
        displayName: app.displayName,
        artifacts: storage?.artifacts ?? 0,
        bytes: storage?.bytes ?? 0,
      },
    );
    return app;
  });
}
