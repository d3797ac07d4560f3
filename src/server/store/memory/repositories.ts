import type { AuditFilter } from "@/domain/audit";
import type { Artifact } from "@/domain/artifact";
import type { ChannelHistoryEntry } from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import type { Release } from "@/domain/release";
import { releaseLabel } from "@/domain/release-label";
import { matchesFragments, searchFragments } from "@/domain/search";
import { newId } from "../ids";
import type { AppRepository, ArtifactRepository, AuditRepository, ChannelRepository, ReleaseRepository, TokenRepository, UploadSessionRepository, UserRepository } from "../types";
import { forgetUser } from "./team-repositories";
import { forgetTesterRows } from "./tester-group-repositories";
import { conflict, copy, getOrThrow, type MemoryState, paginate, requireRow } from "./state";

// Each method does all its work synchronously after being called, so no other operation can
// interleave with it; MemoryStore serialises them against transactions.
type State = () => MemoryState;

/** Copies of the rows with these ids (each once), skipping unknown ids: the memory side of a bulk read. */
function pickByIds<T>(rows: ReadonlyMap<string, T>, ids: readonly string[]): T[] {
  return [...new Set(ids)].flatMap((id) => {
    const row = rows.get(id);
    return row ? [copy(row)] : [];
  });
}

export function memoryApps(state: State): AppRepository {
  return {
    async create(data) {
      const s = state();
      if ([...s.apps.values()].some((a) => a.slug === data.slug)) throw conflict("appSlug");
      requireRow(s.users, data.ownerId, "user");
      const now = new Date();
      if (data.updateKey && [...s.apps.values()].some((a) => a.updateKey === data.updateKey)) throw conflict("appUpdateKey");
      const app = { ...copy(data), updateKey: data.updateKey ?? null, id: newId(), createdAt: now, updatedAt: now };
      s.apps.set(app.id, app);
      return copy(app);
    },
    async getById(id) {
      const app = state().apps.get(id);
      return app ? copy(app) : null;
    },
    async getBySlug(slug) {
      const app = [...state().apps.values()].find((a) => a.slug === slug);
      return app ? copy(app) : null;
    },
    async list(page, filter = {}) {
      const parts = searchFragments(filter.search);
      return paginate(
        [...state().apps.values()].filter(
          (a) =>
            (filter.visibility === undefined || a.visibility === filter.visibility) &&
            (filter.ids === undefined || filter.ids.includes(a.id)) &&
            parts.every((part) => matchesFragments(a.slug, [part]) || matchesFragments(a.displayName, [part])),
        ),
        page,
      );
    },
    async update(id, patch) {
      const s = state();
      const app = getOrThrow(s.apps, id, "app");
      if (patch.updateKey && [...s.apps.values()].some((a) => a.id !== id && a.updateKey === patch.updateKey)) throw conflict("appUpdateKey");
      Object.assign(app, copy(patch), { updatedAt: new Date() });
      return copy(app);
    },
    async delete(id) {
      const s = state();
      getOrThrow(s.apps, id, "app");
      // As the SQL schema's cascades do; audit events keep the app's id as a plain value.
      const channelIds = new Set([...s.channels.values()].filter((c) => c.appId === id).map((c) => c.id));
      for (const [entryId, entry] of s.channelHistory) if (channelIds.has(entry.channelId)) s.channelHistory.delete(entryId);
      const tables = [s.channels, s.releases, s.artifacts, s.uploads, s.shareLinks, s.installEvents] as const;
      for (const table of tables) for (const [rowId, row] of table) if (row.appId === id) table.delete(rowId);
      for (const [tokenId, token] of s.tokens) if (token.appId === id) s.tokens.delete(tokenId);
      for (const [webhookId, webhook] of s.webhooks) {
        if (webhook.appId !== id) continue;
        for (const [deliveryId, delivery] of s.webhookDeliveries) if (delivery.webhookId === webhookId) s.webhookDeliveries.delete(deliveryId);
        s.webhooks.delete(webhookId);
      }
      for (const [key, member] of s.members) if (member.appId === id) s.members.delete(key);
      forgetTesterRows(s, { appId: id });
      s.apps.delete(id);
    },
  };
}

export function memoryReleases(state: State): ReleaseRepository {
  return {
    async create(data) {
      const s = state();
      requireRow(s.apps, data.appId, "app");
      const duplicate = [...s.releases.values()].some((r) => r.appId === data.appId && r.version === data.version && r.build === data.build);
      if (duplicate) throw conflict("releaseVersion");
      const release = { ...copy(data), id: newId(), createdAt: new Date() };
      s.releases.set(release.id, release);
      return copy(release);
    },
    async getById(id) {
      const release = state().releases.get(id);
      return release ? copy(release) : null;
    },
    async getByIds(ids) {
      return pickByIds(state().releases, ids);
    },
    async getByVersion(appId, version, build) {
      const release = [...state().releases.values()].find((r) => r.appId === appId && r.version === version && r.build === build);
      return release ? copy(release) : null;
    },
    async listByApp(appId, page, filter = {}) {
      const s = state();
      const parts = searchFragments(filter.search);
      const hasArtifact = (releaseId: string) =>
        [...s.artifacts.values()].some(
          (a) =>
            a.releaseId === releaseId && (filter.platform === undefined || a.platform === filter.platform) && (filter.validationStatus === undefined || a.validationStatus === filter.validationStatus),
        );
      const matches = (r: Release) =>
        r.appId === appId &&
        (filter.channel === undefined || r.channel === filter.channel) &&
        parts.every((part) => matchesFragments(r.version, [part]) || matchesFragments(r.build, [part])) &&
        ((filter.platform === undefined && filter.validationStatus === undefined) || hasArtifact(r.id));
      return paginate([...s.releases.values()].filter(matches), page);
    },
    async update(id, patch) {
      const release = getOrThrow(state().releases, id, "release");
      Object.assign(release, copy(patch));
      return copy(release);
    },
    async delete(id) {
      const s = state();
      getOrThrow(s.releases, id, "release");
      // As the SQL schema's foreign keys do: restrict, set null, cascade. History rows stay, with
      // the release's label.
      const current = [...s.channels.values()].find((c) => c.currentReleaseId === id);
      if (current) throw new DomainError("INTEGRITY", `release ${id} is the current release of channel ${current.name}`);
      for (const channel of s.channels.values()) if (channel.previousReleaseId === id) channel.previousReleaseId = null;
      for (const entry of s.channelHistory.values()) {
        if (entry.releaseId === id) entry.releaseId = null;
        if (entry.fromReleaseId === id) entry.fromReleaseId = null;
      }
      for (const [artifactId, artifact] of s.artifacts) if (artifact.releaseId === id) s.artifacts.delete(artifactId);
      s.releases.delete(id);
    },
  };
}

export function memoryArtifacts(state: State): ArtifactRepository {
  return {
    async create(data) {
      const s = state();
      requireRow(s.apps, data.appId, "app");
      requireRow(s.releases, data.releaseId, "release");
      const artifact = { ...copy(data), id: newId(), createdAt: new Date() };
      s.artifacts.set(artifact.id, artifact);
      return copy(artifact);
    },
    async getById(id) {
      const artifact = state().artifacts.get(id);
      return artifact ? copy(artifact) : null;
    },
    async listByReleases(releaseIds) {
      const wanted = new Set(releaseIds);
      return [...state().artifacts.values()].filter((a) => wanted.has(a.releaseId)).map(copy);
    },
    async latestOfPlatformBefore(appId, platform, releaseId) {
      let found: Artifact | null = null;
      for (const a of state().artifacts.values()) {
        if (a.appId !== appId || a.platform !== platform || a.releaseId >= releaseId) continue;
        if (!found || a.releaseId > found.releaseId || (a.releaseId === found.releaseId && a.id < found.id)) found = a;
      }
      return found && copy(found);
    },
    async storageByApps(appIds) {
      const wanted = new Set(appIds);
      const totals = new Map<string, { appId: string; artifacts: number; bytes: number }>();
      for (const a of state().artifacts.values()) {
        if (!wanted.has(a.appId)) continue;
        const total = totals.get(a.appId) ?? { appId: a.appId, artifacts: 0, bytes: 0 };
        total.artifacts++;
        total.bytes += a.sizeBytes;
        totals.set(a.appId, total);
      }
      return [...totals.values()];
    },
    async listByRelease(releaseId) {
      return [...state().artifacts.values()]
        .filter((a) => a.releaseId === releaseId)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map(copy);
    },
    async listBySha256(sha256, page) {
      return paginate(
        [...state().artifacts.values()].filter((a) => a.sha256 === sha256),
        page,
      );
    },
    async list(page) {
      return paginate([...state().artifacts.values()], page);
    },
    async update(id, patch) {
      const artifact = getOrThrow(state().artifacts, id, "artifact");
      Object.assign(artifact, copy(patch));
      return copy(artifact);
    },
  };
}

export function memoryChannels(state: State): ChannelRepository {
  return {
    async create(data) {
      const s = state();
      requireRow(s.apps, data.appId, "app");
      requireRow(s.releases, data.currentReleaseId, "release");
      requireRow(s.releases, data.previousReleaseId, "release");
      if ([...s.channels.values()].some((c) => c.appId === data.appId && c.name === data.name)) {
        throw conflict("channelName");
      }
      const now = new Date();
      const channel = { ...copy(data), id: newId(), createdAt: now, updatedAt: now };
      s.channels.set(channel.id, channel);
      return copy(channel);
    },
    async getById(id) {
      const channel = state().channels.get(id);
      return channel ? copy(channel) : null;
    },
    async getByName(appId, name) {
      const channel = [...state().channels.values()].find((c) => c.appId === appId && c.name === name);
      return channel ? copy(channel) : null;
    },
    async listByApp(appId) {
      return [...state().channels.values()]
        .filter((c) => c.appId === appId)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(copy);
    },
    async listByApps(appIds) {
      const wanted = new Set(appIds);
      return [...state().channels.values()]
        .filter((c) => wanted.has(c.appId))
        .sort((a, b) => (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : a.name.localeCompare(b.name)))
        .map(copy);
    },
    async update(id, patch) {
      const s = state();
      const channel = getOrThrow(s.channels, id, "channel");
      if (patch.currentReleaseId !== undefined) requireRow(s.releases, patch.currentReleaseId, "release");
      if (patch.previousReleaseId !== undefined) requireRow(s.releases, patch.previousReleaseId, "release");
      Object.assign(channel, copy(patch), { updatedAt: new Date() });
      return copy(channel);
    },
    async appendHistory({ release, fromRelease, ...data }) {
      const s = state();
      requireRow(s.channels, data.channelId, "channel");
      requireRow(s.releases, release.id, "release");
      requireRow(s.releases, fromRelease?.id ?? null, "release");
      const entry: ChannelHistoryEntry = {
        ...copy(data),
        releaseId: release.id,
        releaseLabel: releaseLabel(release),
        fromReleaseId: fromRelease?.id ?? null,
        fromReleaseLabel: fromRelease && releaseLabel(fromRelease),
        id: newId(),
        createdAt: new Date(),
      };
      s.channelHistory.set(entry.id, entry);
      return copy(entry);
    },
    async listHistory(channelId, page) {
      return paginate(
        [...state().channelHistory.values()].filter((h) => h.channelId === channelId),
        page,
      );
    },
    async listHistoryOfRelease(releaseId, limit) {
      const entries = [...state().channelHistory.values()].filter((h) => h.releaseId === releaseId || h.fromReleaseId === releaseId);
      return paginate(entries, { limit }).items;
    },
  };
}

export function memoryTokens(state: State): TokenRepository {
  return {
    async create(data) {
      const s = state();
      if ([...s.tokens.values()].some((t) => t.tokenHash === data.tokenHash)) throw conflict("tokenHash");
      requireRow(s.apps, data.appId, "app");
      const token = { ...copy(data), id: newId(), createdAt: new Date(), lastUsedAt: null, revokedAt: null };
      s.tokens.set(token.id, token);
      return copy(token);
    },
    async getById(id) {
      const token = state().tokens.get(id);
      return token ? copy(token) : null;
    },
    async getByHash(tokenHash) {
      const token = [...state().tokens.values()].find((t) => t.tokenHash === tokenHash);
      return token ? copy(token) : null;
    },
    async getByIds(ids) {
      return pickByIds(state().tokens, ids);
    },
    async list(page, only) {
      return paginate(
        [...state().tokens.values()].filter((t) => only === undefined || (t.appId !== null && only.includes(t.appId))),
        page,
      );
    },
    async update(id, patch) {
      const token = getOrThrow(state().tokens, id, "token");
      Object.assign(token, copy(patch));
      return copy(token);
    },
  };
}

function matchesAuditFilter(filter: AuditFilter) {
  return (e: { actor: string; action: string; targetType: string; targetId: string; appId: string | null; createdAt: Date }) =>
    (filter.actor === undefined || e.actor === filter.actor) &&
    (filter.action === undefined || e.action === filter.action) &&
    (filter.targetType === undefined || e.targetType === filter.targetType) &&
    (filter.targetId === undefined || e.targetId === filter.targetId) &&
    (filter.appId === undefined || e.appId === filter.appId) &&
    (filter.from === undefined || e.createdAt >= filter.from) &&
    (filter.to === undefined || e.createdAt < filter.to);
}

export function memoryAudit(state: State): AuditRepository {
  return {
    async append(data) {
      const event = { ...copy(data), id: newId(), createdAt: new Date() };
      state().audit.set(event.id, event);
      return copy(event);
    },
    async getById(id) {
      const event = state().audit.get(id);
      return event ? copy(event) : null;
    },
    async list(filter, page) {
      return paginate([...state().audit.values()].filter(matchesAuditFilter(filter)), page);
    },
  };
}

export function memoryUsers(state: State): UserRepository {
  return {
    async create(data) {
      const s = state();
      if ([...s.users.values()].some((u) => u.email === data.email)) throw conflict("userEmail");
      const now = new Date();
      const user = { ...copy(data), notifyReleases: data.notifyReleases ?? true, disabledAt: null, sessionVersion: 0, lastSignInAt: null, id: newId(), createdAt: now, updatedAt: now };
      s.users.set(user.id, user);
      return copy(user);
    },
    async getById(id) {
      const user = state().users.get(id);
      return user ? copy(user) : null;
    },
    async getByIds(ids) {
      return pickByIds(state().users, ids);
    },
    async getByEmail(email) {
      const user = [...state().users.values()].find((u) => u.email === email);
      return user ? copy(user) : null;
    },
    async list(page) {
      return paginate(state().users.values(), page);
    },
    async count() {
      return state().users.size;
    },
    async update(id, patch) {
      const user = getOrThrow(state().users, id, "user");
      Object.assign(user, copy(patch), { updatedAt: new Date() });
      return copy(user);
    },
    async delete(id) {
      const s = state();
      getOrThrow(s.users, id, "user");
      forgetUser(s, id);
      for (const [key, account] of s.accounts) if (account.userId === id) s.accounts.delete(key);
      s.users.delete(id);
    },
  };
}

export function memoryUploads(state: State): UploadSessionRepository {
  return {
    async create(id, data) {
      const s = state();
      if (s.uploads.has(id)) throw conflict("uploadId");
      requireRow(s.apps, data.appId, "app");
      const session = { ...copy(data), id, createdAt: new Date() };
      s.uploads.set(id, session);
      return copy(session);
    },
    async getById(id) {
      const session = state().uploads.get(id);
      return session ? copy(session) : null;
    },
    async update(id, patch) {
      const session = getOrThrow(state().uploads, id, "upload session");
      Object.assign(session, copy(patch));
      return copy(session);
    },
    async claimForRelease(id, releaseId) {
      const session = state().uploads.get(id);
      if (session?.state !== "complete" || session.releaseId !== null) return false;
      session.releaseId = releaseId;
      return true;
    },
    async claimLease(id, owner, until, now) {
      if (!state().uploads.has(id)) return false;
      const held = state().uploadLeases.get(id);
      if (held && held.owner !== owner && held.until >= now) return false;
      state().uploadLeases.set(id, { owner, until });
      return true;
    },
    async releaseLease(id, owner) {
      if (state().uploadLeases.get(id)?.owner === owner) state().uploadLeases.delete(id);
    },
    async listExpired(now, limit) {
      return [...state().uploads.values()]
        .filter((u) => u.state === "open" && u.expiresAt < now)
        .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
        .slice(0, limit)
        .map(copy);
    },
    async listUnpublished(completedBefore, limit) {
      return [...state().uploads.values()]
        .filter((u) => u.state === "complete" && u.releaseId === null && u.completedAt !== null && u.completedAt < completedBefore)
        .sort((a, b) => (a.completedAt?.getTime() ?? 0) - (b.completedAt?.getTime() ?? 0))
        .slice(0, limit)
        .map(copy);
    },
    async countUnconsumedBySha256(sha256) {
      return [...state().uploads.values()].filter((u) => u.sha256 === sha256 && u.releaseId === null && u.state !== "expired" && u.state !== "failed").length;
    },
  };
}
