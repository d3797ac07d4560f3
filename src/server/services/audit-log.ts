import type { ActorDescription } from "@/domain/actor";
import type { App } from "@/domain/app";
import type { AuditEvent, AuditFilter } from "@/domain/audit";
import { type AuditQuery, parseAuditQuery } from "@/domain/audit-query";
import type { AuditTargetLookups } from "@/domain/audit-view";
import { DomainError, isDomainError } from "@/domain/errors";
import type { Page } from "@/domain/pagination";
import type { Store } from "../store/types";
import { describeActors } from "./actors";
import { listAuditEvents } from "./audit";

// Ids are UUIDs: an app id that no longer resolves may still name a deleted app's history.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The store filter for a parsed query: `app` is looked up as a slug, then as an id. A deleted
 * app's id still filters (its events stay); anything else unknown is INVALID, named in words.
 */
export async function resolveAuditFilter(store: Store, query: Pick<AuditQuery, "app" | "filter">): Promise<{ filter: AuditFilter; app: App | null }> {
  if (query.app === undefined) return { filter: query.filter, app: null };
  const app = (await store.apps.getBySlug(query.app)) ?? (await store.apps.getById(query.app));
  if (!app && !UUID.test(query.app)) {
    throw new DomainError("INVALID", `Invalid audit filter: app: no app has the slug or id "${query.app}"`, {
      issues: [{ path: "app", message: `no app has the slug or id "${query.app}"` }],
    });
  }
  return { filter: { ...query.filter, appId: app?.id ?? query.app }, app };
}

const APPS_FOR_FILTER = 500;

/**
 * What the console's filters offer: apps, users and tokens (the first 500 of each, newest first;
 * past that the REST API filters by any id). Also the apps by id, reused to link events to apps.
 */
export async function auditFilterOptions(store: Store) {
  const [apps, users, tokens] = await Promise.all([store.apps.list({ limit: APPS_FOR_FILTER }), store.users.list({ limit: APPS_FOR_FILTER }), store.tokens.list({ limit: APPS_FOR_FILTER })]);
  const byName =
    <T>(key: (row: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b));
  return {
    apps: apps.items.map((a) => ({ id: a.id, slug: a.slug, displayName: a.displayName })).sort(byName((a) => a.slug)),
    users: users.items.map((u) => ({ id: u.id, email: u.email })).sort(byName((u) => u.email)),
    tokens: tokens.items.map((t) => ({ id: t.id, name: t.name, displayPrefix: t.displayPrefix, revoked: t.revokedAt !== null })).sort(byName((t) => t.name)),
  };
}

/**
 * The rows a page of events links to, read in bulk: releases and tokens by id, channels of the
 * apps involved, and the apps themselves (from `knownApps` when given, the rest by id).
 */
export async function loadAuditTargets(store: Store, events: readonly AuditEvent[], knownApps: ReadonlyArray<{ id: string; slug: string; displayName: string }> = []): Promise<AuditTargetLookups> {
  const idsOf = (type: AuditEvent["targetType"]) => [...new Set(events.filter((e) => e.targetType === type).map((e) => e.targetId))];
  const [releases, tokens] = await Promise.all([store.releases.getByIds(idsOf("release")), store.tokens.getByIds(idsOf("token"))]);
  const appIds = new Set([...events.flatMap((e) => (e.appId ? [e.appId] : [])), ...idsOf("app"), ...releases.map((r) => r.appId)]);
  const apps = new Map(knownApps.filter((a) => appIds.has(a.id)).map((a) => [a.id, { slug: a.slug, displayName: a.displayName }]));
  const missing = [...appIds].filter((id) => !apps.has(id));
  // Only apps beyond the filter list's first 500 (or none): each read once.
  for (const app of await Promise.all(missing.map((id) => store.apps.getById(id)))) {
    if (app) apps.set(app.id, { slug: app.slug, displayName: app.displayName });
  }
  const channelIds = new Set(idsOf("channel"));
  const channels = channelIds.size ? (await store.channels.listByApps([...apps.keys()])).filter((c) => channelIds.has(c.id)) : [];
  return {
    apps,
    releases: new Map(releases.map((r) => [r.id, { appId: r.appId, version: r.version, build: r.build }])),
    channels: new Map(channels.map((c) => [c.id, { appId: c.appId, name: c.name }])),
    tokens: new Map(tokens.map((t) => [t.id, { name: t.name }])),
  };
}

export type AuditFilterOptions = Awaited<ReturnType<typeof auditFilterOptions>>;

export type AuditLogPage =
  | { choices: AuditFilterOptions; errors: Record<string, string> }
  | { choices: AuditFilterOptions; query: AuditQuery; page: Page<AuditEvent>; actors: Map<string, ActorDescription>; lookups: AuditTargetLookups };

/**
 * The console's audit page for its URL's parameters: the filters' choices, and either a page of
 * events with who did them and what they touched, or what is wrong with the filters in the form's
 * words (one message per field).
 */
export async function loadAuditLogPage(store: Store, params: URLSearchParams): Promise<AuditLogPage> {
  const [choices, read] = await Promise.all([auditFilterOptions(store), readAuditQuery(store, params)]);
  if ("errors" in read) return { choices, errors: read.errors };
  const page = await listAuditEvents(store, read.filter, read.query.page);
  const [actors, lookups] = await Promise.all([
    describeActors(
      store,
      page.items.map((e) => e.actor),
    ),
    loadAuditTargets(store, page.items, choices.apps),
  ]);
  return { choices, query: read.query, page, actors, lookups };
}

async function readAuditQuery(store: Store, params: URLSearchParams): Promise<{ query: AuditQuery; filter: AuditFilter } | { errors: Record<string, string> }> {
  try {
    const query = parseAuditQuery(params);
    return { query, filter: (await resolveAuditFilter(store, query)).filter };
  } catch (error) {
    if (!isDomainError(error) || error.code !== "INVALID") throw error;
    const issues = error.details.issues?.length ? error.details.issues : [{ path: "", message: error.message }];
    return { errors: Object.fromEntries(issues.map((i) => [i.path, i.message])) };
  }
}
