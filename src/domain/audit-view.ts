// How the console shows an audit event's target and metadata: pure, given the rows the page
// looked up in bulk (src/server/services/audit-log.ts).
import type { AuditEvent } from "./audit";
import { formatRelease } from "./release-label";
import { visibleText } from "./visible-text";

export interface AuditTargetLookups {
  apps: ReadonlyMap<string, { slug: string; displayName: string }>;
  releases: ReadonlyMap<string, { appId: string; version: string; build: string }>;
  channels: ReadonlyMap<string, { appId: string; name: string }>;
  tokens: ReadonlyMap<string, { name: string }>;
}

export interface AuditTargetView {
  label: string;
  /** The target's console page (or its app's when it has none); null when there is nothing to open. */
  href: string | null;
  /** The target had a page but no longer exists. */
  deleted: boolean;
}

// Recorded values (an account name a stranger typed at sign-in) go through visibleText, so a row
// can never display as something it does not hold.

const shortId = (id: string) => (id.length > 12 ? id.slice(0, 8) : id);
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
const appHref = (slug: string) => `/admin/apps/${encodeURIComponent(slug)}`;

/** The words naming a target, from the metadata the event recorded when the row itself is gone. */
function recordedLabel(event: AuditEvent): string {
  const m = event.metadata;
  switch (event.targetType) {
    case "app":
      return text(m.slug) ?? `app ${shortId(event.targetId)}`;
    case "release": {
      const version = text(m.version);
      return version ? `${version}${text(m.build) ? ` (${String(m.build)})` : ""}` : `release ${shortId(event.targetId)}`;
    }
    case "channel":
    case "token":
    case "share_link":
      return text(m.name) ?? `${event.targetType.replace("_", " ")} ${shortId(event.targetId)}`;
    case "user":
      return text(m.email) ?? event.targetId;
    case "blob":
      return `file ${event.targetId.slice(0, 12)}`;
    default:
      return `${event.targetType} ${shortId(event.targetId)}`;
  }
}

export function auditTargetView(event: AuditEvent, lookups: AuditTargetLookups): AuditTargetView {
  const view = targetView(event, lookups);
  return { ...view, label: visibleText(view.label) };
}

function targetView(event: AuditEvent, lookups: AuditTargetLookups): AuditTargetView {
  const eventApp = event.appId ? lookups.apps.get(event.appId) : undefined;
  switch (event.targetType) {
    case "app": {
      const app = lookups.apps.get(event.targetId);
      return app ? { label: app.slug, href: appHref(app.slug), deleted: false } : { label: recordedLabel(event), href: null, deleted: true };
    }
    case "release": {
      const release = lookups.releases.get(event.targetId);
      const app = release && lookups.apps.get(release.appId);
      if (!release || !app) return { label: recordedLabel(event), href: null, deleted: true };
      return { label: formatRelease(release), href: `${appHref(app.slug)}/releases/${encodeURIComponent(event.targetId)}`, deleted: false };
    }
    case "channel": {
      const channel = lookups.channels.get(event.targetId);
      const app = channel && lookups.apps.get(channel.appId);
      if (!channel || !app) return { label: recordedLabel(event), href: null, deleted: true };
      return { label: channel.name, href: `${appHref(app.slug)}/channels/${encodeURIComponent(channel.name)}`, deleted: false };
    }
    case "token": {
      const token = lookups.tokens.get(event.targetId);
      return token ? { label: token.name, href: "/admin/tokens", deleted: false } : { label: recordedLabel(event), href: null, deleted: true };
    }
    default:
      // Uploads, files, share links, users and the rest have no page of their own: their app's, if any.
      return { label: recordedLabel(event), href: eventApp ? appHref(eventApp.slug) : null, deleted: false };
  }
}

function summaryValue(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "string") return value.length > 40 ? `${value.slice(0, 39)}…` : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 1 ? "1 item" : `${value.length} items`;
  return "{…}";
}

/**
 * A one-line glimpse of the metadata ("name: beta · build: 42 · +3 more"); the page shows the JSON
 * on demand. The app id is left out: the row names the app already.
 */
export function summarizeAuditMetadata(metadata: Record<string, unknown>, max = 3): string {
  const entries = Object.entries(metadata).filter(([key]) => key !== "appId");
  const shown = entries.slice(0, max).map(([key, value]) => `${key}: ${summaryValue(value)}`);
  if (entries.length > max) shown.push(`+${entries.length - max} more`);
  return visibleText(shown.join(" · "));
}
