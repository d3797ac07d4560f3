import type { AppRoleGrant, Invitation } from "@/domain/invitation";
import { toPage } from "@/domain/pagination";
import type { AppMember, AppRole } from "@/domain/roles";
import type { UserRole } from "@/domain/user";
import type * as db from "@/generated/prisma/client";
import { newId } from "../ids";
import type { AppMemberRepository, EndedSessionRepository, InvitationRepository, PageRequest, PasswordResetRepository } from "../types";
import { json } from "./mappers";
import type { Db } from "./repositories";

function toMember(row: db.AppMember): AppMember {
  return { ...row, role: row.role as AppRole };
}

function toInvitation(row: db.Invitation): Invitation {
  return { ...row, role: row.role as UserRole, appRoles: (Array.isArray(row.appRoles) ? row.appRoles : []) as unknown as AppRoleGrant[] };
}

function pageWhere(page: PageRequest) {
  return page.cursor === undefined ? {} : { id: { lt: page.cursor } };
}

export function prismaMembers(db: Db): AppMemberRepository {
  return {
    async set(appId, userId, role) {
      const row = await db.appMember.upsert({ where: { appId_userId: { appId, userId } }, create: { appId, userId, role, createdAt: new Date() }, update: { role } });
      return toMember(row);
    },
    async remove(appId, userId) {
      await db.appMember.deleteMany({ where: { appId, userId } });
    },
    async get(appId, userId) {
      const row = await db.appMember.findUnique({ where: { appId_userId: { appId, userId } } });
      return row && toMember(row);
    },
    async listByUser(userId) {
      return (await db.appMember.findMany({ where: { userId }, orderBy: { appId: "asc" } })).map(toMember);
    },
    async listByUsers(userIds) {
      if (userIds.length === 0) return [];
      return (await db.appMember.findMany({ where: { userId: { in: [...userIds] } }, orderBy: [{ userId: "asc" }, { appId: "asc" }] })).map(toMember);
    },
    async listByApp(appId) {
      return (await db.appMember.findMany({ where: { appId }, orderBy: { userId: "asc" } })).map(toMember);
    },
  };
}

export function prismaInvitations(db: Db): InvitationRepository {
  return {
    async create(data) {
      return toInvitation(await db.invitation.create({ data: { ...data, appRoles: json(data.appRoles), id: newId(), createdAt: new Date() } }));
    },
    async getById(id) {
      const row = await db.invitation.findUnique({ where: { id } });
      return row && toInvitation(row);
    },
    async getByHash(tokenHash) {
      const row = await db.invitation.findUnique({ where: { tokenHash } });
      return row && toInvitation(row);
    },
    async list(page) {
      const rows = await db.invitation.findMany({ where: pageWhere(page), orderBy: { id: "desc" }, take: page.limit + 1 });
      return toPage(rows.map(toInvitation), page.limit);
    },
    async claim(id, userId, now) {
      const { count } = await db.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { acceptedAt: now, acceptedBy: userId } });
      return count === 1;
    },
    async revoke(id, now) {
      const { count } = await db.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
      return count === 1;
    },
    async revokePending(email, now) {
      const { count } = await db.invitation.updateMany({ where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
      return count;
    },
    async getPendingByEmail(email, now) {
      const row = await db.invitation.findFirst({ where: { email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, orderBy: { id: "desc" } });
      return row && toInvitation(row);
    },
  };
}

export function prismaPasswordResets(db: Db): PasswordResetRepository {
  return {
    async create(data) {
      return db.passwordReset.create({ data: { ...data, id: newId(), createdAt: new Date() } });
    },
    async getByHash(tokenHash) {
      return db.passwordReset.findUnique({ where: { tokenHash } });
    },
    async claim(id, now) {
      const { count } = await db.passwordReset.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
      return count === 1;
    },
  };
}

export function prismaEndedSessions(db: Db): EndedSessionRepository {
  return {
    async end(session, now) {
      // Two sign-outs of one session (two tabs) may race: neither fails, the later expiry stays.
      await db.endedSession.upsert({ where: { id: session.id }, create: { ...session, createdAt: now }, update: {} });
      await db.endedSession.updateMany({ where: { id: session.id, expiresAt: { lt: session.expiresAt } }, data: { expiresAt: session.expiresAt } });
    },
    async isEnded(id) {
      return (await db.endedSession.findUnique({ where: { id }, select: { id: true } })) !== null;
    },
    async forgetExpired(now) {
      return (await db.endedSession.deleteMany({ where: { expiresAt: { lte: now } } })).count;
    },
  };
}
