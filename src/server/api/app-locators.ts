import type { AppLocator } from "./trpc";

// Where procedures keyed by something other than appId find their app (see appProcedure).

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** `{ id }` of a release. */
export const byReleaseId: AppLocator = async (store, input) => {
  const id = text(input.id);
  const release = id === null ? null : await store.releases.getById(id);
  return release ? [release.appId] : null;
};

/** `{ id }` of an upload session. */
export const byUploadId: AppLocator = async (store, input) => {
  const id = text(input.id);
  const upload = id === null ? null : await store.uploads.getById(id);
  return upload ? [upload.appId] : null;
};

/** `{ ids }` of upload sessions: every one must exist, and the caller needs the role on each app. */
export const byUploadIds: AppLocator = async (store, input) => {
  if (!Array.isArray(input.ids) || input.ids.length === 0 || input.ids.length > 100) return null;
  const apps: string[] = [];
  for (const raw of input.ids) {
    const id = text(raw);
    const upload = id === null ? null : await store.uploads.getById(id);
    if (!upload) return null;
    apps.push(upload.appId);
  }
  return apps;
};

/** `{ id }` or `{ slug }` of an app. */
export const byAppIdOrSlug: AppLocator = async (store, input) => {
  const id = text(input.id);
  if (id !== null) return [id];
  const slug = text(input.slug);
  const app = slug === null ? null : await store.apps.getBySlug(slug);
  return app ? [app.id] : null;
};

/** `{ id }` of an audit event: an event of no app (users, settings) is an admin's to read. */
export const byAuditEventId: AppLocator = async (store, input) => {
  const id = text(input.id);
  const event = id === null ? null : await store.audit.getById(id);
  if (!event) return null;
  return event.appId ? [event.appId] : [];
};

/** `{ id }` of a token: a token of no app (unrestricted) is an admin's. */
export const byTokenId: AppLocator = async (store, input) => {
  const id = text(input.id);
  const token = id === null ? null : await store.tokens.getById(id);
  if (!token) return null;
  return token.appId ? [token.appId] : [];
};

/** A new token's app (by slug): a token for every app is an admin's to make. */
export const byNewTokenApp: AppLocator = async (store, input) => {
  if (input.app === undefined) return [];
  const slug = text(input.app);
  const app = slug === null ? null : await store.apps.getBySlug(slug);
  return app ? [app.id] : null;
};

/** `{ filter: { appId } }` of the audit log: without an app, the whole log is an admin's. */
export const byAuditFilterApp: AppLocator = async (_store, input) => {
  const filter = input.filter;
  const id = filter !== null && typeof filter === "object" ? text((filter as Record<string, unknown>).appId) : null;
  return id === null ? [] : [id];
};
