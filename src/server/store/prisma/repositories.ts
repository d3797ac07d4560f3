import type { AuditFilter } from "@/domain/audit";
import { CHANGE_CHANNEL } from "../../db/change-channel";
import type { DatabaseKind } from "../../db/database-kind";
import { type Prisma, Prisma as PrismaNamespace } from "@/generated/prisma/client";

const DbNull = PrismaNamespace.DbNull;
import { toPage } from "@/domain/pagination";
import { searchFragments } from "@/domain/search";
import { idFloorAt, newId } from "../ids";
import type {
  AppRepository,
  ArtifactRepository,
  AuditRepository,
  ChannelRepository,
  PageRequest,
  ReleaseFilter,
  ReleaseRepository,
  TokenRepository,
  UploadSessionRepository,
  UserRepository,
} from "../types";
import { json, toApp, toArtifact, toAuditEvent, toChannel, toChannelHistory, toRelease, toToken, toUploadSession, toUser } from "./mappers";

export type Db = Prisma.TransactionClient;

/** Newest first, strictly after the cursor; one extra row tells whether another page exists. */
function pageArgs(page: PageRequest) {
  return {
    where: page.cursor === undefined ? {} : { id: { lt: page.cursor } },
    orderBy: { id: "desc" as const },
    take: page.limit + 1,
  };
}

/**
 * Search ignores case on both databases: SQLite's LIKE already does (for ASCII), PostgreSQL's needs
 * ILIKE, which Prisma writes for mode "insensitive" (a mode the SQLite client's types do not have).
 */
function containsIgnoringCase(kind: DatabaseKind): (part: string) => { contains: string } {
  return kind === "postgresql" ? (part) => ({ contains: part, mode: "insensitive" }) as { contains: string } : (part) => ({ contains: part });
}

export function prismaApps(db: Db, kind: DatabaseKind): AppRepository {
  const contains = containsIgnoringCase(kind);
  return {
    async create(data) {
      const now = new Date();
      const row = await db.app.create({
        data: { ...data, bundleIds: json(data.bundleIds), id: newId(), createdAt: now, updatedAt: now },
      });
      return toApp(row);
    },
    async getById(id) {
      const row = await db.app.findUnique({ where: { id } });
      return row && toApp(row);
    },
    async getBySlug(slug) {
      const row = await db.app.findUnique({ where: { slug } });
      return row && toApp(row);
    },
    async list(page, filter = {}) {
      const args = pageArgs(page);
      const rows = await db.app.findMany({
        ...args,
        where: {
          ...args.where,
          ...(filter.visibility && { visibility: filter.visibility }),
          ...(filter.ids && { id: { ...(page.cursor !== undefined && { lt: page.cursor }), in: [...filter.ids] } }),
          AND: searchFragments(filter.search).map((part) => ({ OR: [{ slug: contains(part) }, { displayName: contains(part) }] })),
        },
      });
      return toPage(rows.map(toApp), page.limit);
    },
    async update(id, patch) {
      const { bundleIds, ...rest } = patch;
      const row = await db.app.update({
        where: { id },
        data: { ...rest, ...(bundleIds && { bundleIds: json(bundleIds) }), updatedAt: new Date() },
      });
      return toApp(row);
    },
    async delete(id) {
      // A channel's current release is a restricting key, so the channels (and their history) go
      // first; everything else cascades from the app row (schema.prisma).
      await db.channel.deleteMany({ where: { appId: id } });
      await db.app.delete({ where: { id } });
    },
  };
}

function releaseWhere(filter: ReleaseFilter, contains: (part: string) => { contains: string }): Prisma.ReleaseWhereInput {
  const artifact = {
    ...(filter.platform && { platform: filter.platform }),
    ...(filter.validationStatus && { validationStatus: filter.validationStatus }),
  };
  return {
    ...(filter.channel && { channel: filter.channel }),
    ...(Object.keys(artifact).length > 0 && { artifacts: { some: artifact } }),
    AND: searchFragments(filter.search).map((part) => ({ OR: [{ version: contains(part) }, { build: contains(part) }] })),
  };
}

export function prismaReleases(db: Db, kind: DatabaseKind): ReleaseRepository {
  const contains = containsIgnoringCase(kind);
  return {
    async create(data) {
      return toRelease(await db.release.create({ data: { ...data, id: newId(), createdAt: new Date() } }));
    },
    async getById(id) {
      const row = await db.release.findUnique({ where: { id } });
      return row && toRelease(row);
    },
    async getByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.release.findMany({ where: { id: { in: [...ids] } } });
      return rows.map(toRelease);
    },
    async getByVersion(appId, version, build) {
      const row = await db.release.findUnique({ where: { appId_version_build: { appId, version, build } } });
      return row && toRelease(row);
    },
    async listByApp(appId, page, filter = {}) {
      const args = pageArgs(page);
      const rows = await db.release.findMany({ ...args, where: { ...args.where, appId, ...releaseWhere(filter, contains) } });
      return toPage(rows.map(toRelease), page.limit);
    },
    async update(id, patch) {
      return toRelease(await db.release.update({ where: { id }, data: patch }));
    },
    async delete(id) {
      // Artifacts and history cascade, fallbacks are set null, a current pointer restricts (schema.prisma).
      await db.release.delete({ where: { id } });
    },
  };
}

export function prismaArtifacts(db: Db): ArtifactRepository {
  return {
    async create(data) {
      const row = await db.artifact.create({
        data: {
          ...data,
          sizeBytes: BigInt(data.sizeBytes),
          metadata: json(data.metadata),
          id: newId(),
          createdAt: new Date(),
        },
      });
      return toArtifact(row);
    },
    async getById(id) {
      const row = await db.artifact.findUnique({ where: { id } });
      return row && toArtifact(row);
    },
    async listByRelease(releaseId) {
      const rows = await db.artifact.findMany({ where: { releaseId }, orderBy: { id: "asc" } });
      return rows.map(toArtifact);
    },
    async listByReleases(releaseIds) {
      if (releaseIds.length === 0) return [];
      const rows = await db.artifact.findMany({ where: { releaseId: { in: [...releaseIds] } }, orderBy: { id: "asc" } });
      return rows.map(toArtifact);
    },
    async latestOfPlatformBefore(appId, platform, releaseId) {
      const row = await db.artifact.findFirst({
        where: { appId, platform, releaseId: { lt: releaseId } },
        orderBy: [{ releaseId: "desc" }, { id: "asc" }],
      });
      return row && toArtifact(row);
    },
    async listBySha256(sha256, page) {
      const args = pageArgs(page);
      const rows = await db.artifact.findMany({ ...args, where: { ...args.where, sha256 } });
      return toPage(rows.map(toArtifact), page.limit);
    },
    async storageByApps(appIds) {
      if (appIds.length === 0) return [];
      const groups = await db.artifact.groupBy({
        by: ["appId"],
        where: { appId: { in: [...appIds] } },
        _sum: { sizeBytes: true },
        _count: { _all: true },
      });
      return groups.map((g) => ({ appId: g.appId, artifacts: g._count._all, bytes: Number(g._sum.sizeBytes ?? 0) }));
    },
    async list(page) {
      const rows = await db.artifact.findMany(pageArgs(page));
      return toPage(rows.map(toArtifact), page.limit);
    },
    async update(id, patch) {
      const row = await db.artifact.update({
        where: { id },
        data: {
          ...(patch.validationStatus && { validationStatus: patch.validationStatus }),
          ...(patch.metadata && { metadata: json(patch.metadata) }),
        },
      });
      return toArtifact(row);
    },
  };
}

export function prismaChannels(db: Db): ChannelRepository {
  return {
    async create(data) {
      const now = new Date();
      const row = await db.channel.create({
        data: { ...data, policy: json(data.policy), id: newId(), createdAt: now, updatedAt: now },
      });
      return toChannel(row);
    },
    async getById(id) {
      const row = await db.channel.findUnique({ where: { id } });
      return row && toChannel(row);
    },
    async getByName(appId, name) {
      const row = await db.channel.findUnique({ where: { appId_name: { appId, name } } });
      return row && toChannel(row);
    },
    async listByApp(appId) {
      const rows = await db.channel.findMany({ where: { appId }, orderBy: { name: "asc" } });
      return rows.map(toChannel);
    },
    async listByApps(appIds) {
      if (appIds.length === 0) return [];
      const rows = await db.channel.findMany({ where: { appId: { in: [...appIds] } }, orderBy: [{ appId: "asc" }, { name: "asc" }] });
      return rows.map(toChannel);
    },
    async update(id, patch) {
      const { policy, ...rest } = patch;
      const row = await db.channel.update({
        where: { id },
        data: { ...rest, ...(policy && { policy: json(policy) }), updatedAt: new Date() },
      });
      return toChannel(row);
    },
    async appendHistory({ release, fromRelease, ...data }) {
      // The foreign keys refuse a release that does not exist (INTEGRITY).
      const row = await db.channelHistory.create({
        data: {
          ...data,
          releaseId: release.id,
          releaseVersion: release.version,
          releaseBuild: release.build,
          fromReleaseId: fromRelease?.id ?? null,
          fromReleaseVersion: fromRelease?.version ?? null,
          fromReleaseBuild: fromRelease?.build ?? null,
          id: newId(),
          createdAt: new Date(),
        },
      });
      return toChannelHistory(row);
    },
    async listHistory(channelId, page) {
      const args = pageArgs(page);
      const rows = await db.channelHistory.findMany({ ...args, where: { ...args.where, channelId } });
      return toPage(rows.map(toChannelHistory), page.limit);
    },
    async listHistoryOfRelease(releaseId, limit) {
      const rows = await db.channelHistory.findMany({
        where: { OR: [{ releaseId }, { fromReleaseId: releaseId }] },
        orderBy: { id: "desc" },
        take: limit,
      });
      return rows.map(toChannelHistory);
    },
  };
}

export function prismaTokens(db: Db): TokenRepository {
  return {
    async create(data) {
      const row = await db.token.create({
        data: { ...data, scopes: json(data.scopes), id: newId(), createdAt: new Date() },
      });
      return toToken(row);
    },
    async getById(id) {
      const row = await db.token.findUnique({ where: { id } });
      return row && toToken(row);
    },
    async getByHash(tokenHash) {
      const row = await db.token.findUnique({ where: { tokenHash } });
      return row && toToken(row);
    },
    async getByIds(ids) {
      if (ids.length === 0) return [];
      return (await db.token.findMany({ where: { id: { in: [...ids] } } })).map(toToken);
    },
    async list(page, only) {
      const args = pageArgs(page);
      const rows = await db.token.findMany({ ...args, where: { ...args.where, ...(only && { appId: { in: [...only] } }) } });
      return toPage(rows.map(toToken), page.limit);
    },
    async update(id, patch) {
      return toToken(await db.token.update({ where: { id }, data: patch }));
    },
  };
}

// An id's leading bits are its creation time, within milliseconds of created_at (counter overflow
// can push it ahead). So a date range also bounds the ids, with this much slack either side: the
// created_at test stays exact, and the bound lets the id-ordered indexes skip everything outside.
const ID_CLOCK_SLACK_MS = 60_000;

function auditIdRange(filter: AuditFilter, cursor: string | undefined): { gte?: string; lt?: string } | undefined {
  const bounds = [cursor, filter.to && idFloorAt(filter.to.getTime() + ID_CLOCK_SLACK_MS)].filter((b): b is string => Boolean(b));
  const lt = bounds.sort()[0];
  const gte = filter.from && idFloorAt(filter.from.getTime() - ID_CLOCK_SLACK_MS);
  return lt || gte ? { ...(lt && { lt }), ...(gte && { gte }) } : undefined;
}

function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    actor: filter.actor,
    action: filter.action,
    targetType: filter.targetType,
    targetId: filter.targetId,
    appId: filter.appId,
    createdAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
  };
}

export function prismaAudit(db: Db, kind: DatabaseKind): AuditRepository {
  return {
    async append(data) {
      const row = await db.auditEvent.create({
        data: { ...data, metadata: json(data.metadata), id: newId(), createdAt: new Date() },
      });
      // Other app servers drop their caches when this commits (db/change-channel.ts).
      if (kind === "postgresql") await db.$executeRaw`SELECT pg_notify(${CHANGE_CHANNEL}, '')`;
      return toAuditEvent(row);
    },
    async getById(id) {
      const row = await db.auditEvent.findUnique({ where: { id } });
      return row && toAuditEvent(row);
    },
    async list(filter, page) {
      const args = pageArgs(page);
      const rows = await db.auditEvent.findMany({ ...args, where: { ...auditWhere(filter), id: auditIdRange(filter, page.cursor) } });
      return toPage(rows.map(toAuditEvent), page.limit);
    },
  };
}

export function prismaUsers(db: Db): UserRepository {
  return {
    async create(data) {
      const now = new Date();
      return toUser(await db.user.create({ data: { ...data, notifyReleases: data.notifyReleases ?? true, id: newId(), createdAt: now, updatedAt: now } }));
    },
    async getById(id) {
      const row = await db.user.findUnique({ where: { id } });
      return row && toUser(row);
    },
    async getByIds(ids) {
      if (ids.length === 0) return [];
      return (await db.user.findMany({ where: { id: { in: [...ids] } } })).map(toUser);
    },
    async getByEmail(email) {
      const row = await db.user.findUnique({ where: { email } });
      return row && toUser(row);
    },
    async list(page) {
      const rows = await db.user.findMany(pageArgs(page));
      return toPage(rows.map(toUser), page.limit);
    },
    async count() {
      return db.user.count();
    },
    async update(id, patch) {
      return toUser(await db.user.update({ where: { id }, data: patch }));
    },
    async delete(id) {
      await db.user.delete({ where: { id } });
    },
  };
}

export function prismaUploads(db: Db): UploadSessionRepository {
  return {
    async create(id, data) {
      const { inspection, ...rest } = data;
      const row = await db.uploadSession.create({
        data: {
          ...rest,
          ...(inspection !== null && { inspection: json(inspection) }),
          sizeBytes: BigInt(data.sizeBytes),
          receivedBytes: BigInt(data.receivedBytes),
          id,
          createdAt: new Date(),
        },
      });
      return toUploadSession(row);
    },
    async getById(id) {
      const row = await db.uploadSession.findUnique({ where: { id } });
      return row && toUploadSession(row);
    },
    async update(id, patch) {
      const { inspection, receivedBytes, ...rest } = patch;
      const row = await db.uploadSession.update({
        where: { id },
        data: {
          ...rest,
          ...(receivedBytes !== undefined && { receivedBytes: BigInt(receivedBytes) }),
          ...(inspection !== undefined && { inspection: inspection === null ? DbNull : json(inspection) }),
        },
      });
      return toUploadSession(row);
    },
    async claimForRelease(id, releaseId) {
      const { count } = await db.uploadSession.updateMany({ where: { id, state: "complete", releaseId: null }, data: { releaseId } });
      return count === 1;
    },
    async claimLease(id, owner, until, now) {
      const { count } = await db.uploadSession.updateMany({
        where: { id, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: owner }] },
        data: { leaseOwner: owner, leaseUntil: until },
      });
      return count === 1;
    },
    async releaseLease(id, owner) {
      await db.uploadSession.updateMany({ where: { id, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
    },
    async listExpired(now, limit) {
      const rows = await db.uploadSession.findMany({ where: { state: "open", expiresAt: { lt: now } }, orderBy: { expiresAt: "asc" }, take: limit });
      return rows.map(toUploadSession);
    },
    async listUnpublished(completedBefore, limit) {
      const rows = await db.uploadSession.findMany({
        where: { state: "complete", releaseId: null, completedAt: { lt: completedBefore } },
        orderBy: { completedAt: "asc" },
        take: limit,
      });
      return rows.map(toUploadSession);
    },
    async countUnconsumedBySha256(sha256) {
      return db.uploadSession.count({ where: { sha256, releaseId: null, state: { in: ["open", "complete"] } } });
    },
  };
}
