import { emptyFunnel, INSTALL_EVENT_KINDS, type InstallEventKind } from "@/domain/install-event";
import { Prisma } from "@/generated/prisma/client";
import { toPage } from "@/domain/pagination";
import { newId } from "../ids";
import type { InstallEventRepository, PageRequest, ShareLinkRepository } from "../types";
import { toInstallEvent } from "./mappers";
import type { Db } from "./repositories";

function pageWhere(page: PageRequest) {
  return page.cursor === undefined ? {} : { id: { lt: page.cursor } };
}

export function prismaShareLinks(db: Db): ShareLinkRepository {
  return {
    async create(data) {
      return db.shareLink.create({ data: { ...data, id: newId(), installCount: 0, createdAt: new Date() } });
    },
    async getById(id) {
      return db.shareLink.findUnique({ where: { id } });
    },
    async getByHash(tokenHash) {
      return db.shareLink.findUnique({ where: { tokenHash } });
    },
    async listByApp(appId, page) {
      const rows = await db.shareLink.findMany({ where: { ...pageWhere(page), appId }, orderBy: { id: "desc" }, take: page.limit + 1 });
      return toPage(rows, page.limit);
    },
    async update(id, patch) {
      return db.shareLink.update({ where: { id }, data: patch });
    },
    async claimInstall(id, now) {
      // A field reference keeps the cap check and the increment in one UPDATE … WHERE.
      const { count } = await db.shareLink.updateMany({
        where: {
          id,
          revokedAt: null,
          AND: [{ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, { OR: [{ maxInstalls: null }, { installCount: { lt: db.shareLink.fields.maxInstalls } }] }],
        },
        data: { installCount: { increment: 1 }, lastUsedAt: now },
      });
      return count === 1;
    },
  };
}

/** Rows per INSERT: 9 bound parameters each stays far below SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const INSERT_ROWS = 500;

export function prismaInstallEvents(db: Db): InstallEventRepository {
  return {
    async appendMany(events) {
      // Plain multi-row INSERTs: createMany of a second's worth of page views (thousands of rows)
      // kept the event loop busy for 1–2 s in Prisma's query compiler and interpreter; this is a
      // few ms. Standard SQL and bound parameters only, so it runs on PostgreSQL as well.
      let count = 0;
      for (let i = 0; i < events.length; i += INSERT_ROWS) {
        const rows = events
          .slice(i, i + INSERT_ROWS)
          .map((e) => Prisma.sql`(${newId()}, ${e.appId}, ${e.kind}, ${e.releaseId}, ${e.artifactId}, ${e.channel}, ${e.platform}, ${e.shareLinkId}, ${e.createdAt})`);
        count +=
          await db.$executeRaw`INSERT INTO "install_events" ("id", "app_id", "kind", "release_id", "artifact_id", "channel", "platform", "share_link_id", "created_at") VALUES ${Prisma.join(rows)}`;
      }
      return count;
    },
    async listByApp(appId, page) {
      const rows = await db.installEvent.findMany({ where: { ...pageWhere(page), appId }, orderBy: { id: "desc" }, take: page.limit + 1 });
      return toPage(rows.map(toInstallEvent), page.limit);
    },
    async funnelForRelease(releaseId) {
      const groups = await db.installEvent.groupBy({ by: ["kind"], where: { releaseId }, _count: { _all: true } });
      const funnel = emptyFunnel();
      for (const group of groups) {
        if ((INSTALL_EVENT_KINDS as readonly string[]).includes(group.kind)) funnel[group.kind as InstallEventKind] = group._count._all;
      }
      return funnel;
    },
    async funnelsForReleases(releaseIds) {
      const funnels = new Map(releaseIds.map((id) => [id, emptyFunnel()]));
      if (releaseIds.length === 0) return funnels;
      const groups = await db.installEvent.groupBy({ by: ["releaseId", "kind"], where: { releaseId: { in: [...funnels.keys()] } }, _count: { _all: true } });
      for (const group of groups) {
        const funnel = group.releaseId === null ? undefined : funnels.get(group.releaseId);
        if (funnel && (INSTALL_EVENT_KINDS as readonly string[]).includes(group.kind)) funnel[group.kind as InstallEventKind] = group._count._all;
      }
      return funnels;
    },
  };
}
