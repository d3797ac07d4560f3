import type { AppMember } from "@/domain/roles";
import { newId } from "../ids";
import type { AppMemberRepository, EndedSessionRepository, InvitationRepository, PasswordResetRepository } from "../types";
import { copy, paginate, requireRow, type MemoryState } from "./state";
import { forgetTesterRows } from "./tester-group-repositories";

type State = () => MemoryState;

/** The key of a membership: one row per app and user, as the SQL table's primary key. */
export function memberKey(appId: string, userId: string): string {
  return `${appId}\u0000${userId}`;
}

function byKey(a: AppMember, b: AppMember, first: "appId" | "userId"): number {
  const second = first === "appId" ? "userId" : "appId";
  return a[first] < b[first] ? -1 : a[first] > b[first] ? 1 : a[second] < b[second] ? -1 : a[second] > b[second] ? 1 : 0;
}

export function memoryMembers(state: State): AppMemberRepository {
  const rows = () => [...state().members.values()];
  return {
    async set(appId, userId, role) {
      const s = state();
      requireRow(s.apps, appId, "app");
      requireRow(s.users, userId, "user");
      const existing = s.members.get(memberKey(appId, userId));
      const member = existing ? { ...existing, role } : { appId, userId, role, createdAt: new Date() };
      s.members.set(memberKey(appId, userId), member);
      return copy(member);
    },
    async remove(appId, userId) {
      state().members.delete(memberKey(appId, userId));
    },
    async get(appId, userId) {
      const member = state().members.get(memberKey(appId, userId));
      return member ? copy(member) : null;
    },
    async listByUser(userId) {
      return copy(
        rows()
          .filter((m) => m.userId === userId)
          .sort((a, b) => byKey(a, b, "appId")),
      );
    },
    async listByUsers(userIds) {
      const wanted = new Set(userIds);
      return copy(
        rows()
          .filter((m) => wanted.has(m.userId))
          .sort((a, b) => byKey(a, b, "userId")),
      );
    },
    async listByApp(appId) {
      return copy(
        rows()
          .filter((m) => m.appId === appId)
          .sort((a, b) => byKey(a, b, "userId")),
      );
    },
  };
}

export function memoryInvitations(state: State): InvitationRepository {
  return {
    async create(data) {
      const s = state();
      if ([...s.invitations.values()].some((i) => i.tokenHash === data.tokenHash)) throw new Error("duplicate invitation secret");
      const invitation = { ...copy(data), id: newId(), createdAt: new Date(), acceptedAt: null, acceptedBy: null, revokedAt: null };
      s.invitations.set(invitation.id, invitation);
      return copy(invitation);
    },
    async getById(id) {
      const row = state().invitations.get(id);
      return row ? copy(row) : null;
    },
    async getByHash(tokenHash) {
      const row = [...state().invitations.values()].find((i) => i.tokenHash === tokenHash);
      return row ? copy(row) : null;
    },
    async list(page) {
      return paginate(state().invitations.values(), page);
    },
    async claim(id, userId, now) {
      const row = state().invitations.get(id);
      if (!row || row.acceptedAt || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return false;
      Object.assign(row, { acceptedAt: now, acceptedBy: userId });
      return true;
    },
    async revoke(id, now) {
      const row = state().invitations.get(id);
      if (!row || row.acceptedAt || row.revokedAt) return false;
      row.revokedAt = now;
      return true;
    },
    async revokePending(email, now) {
      let count = 0;
      for (const row of state().invitations.values()) {
        if (row.email !== email || row.acceptedAt || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) continue;
        row.revokedAt = now;
        count++;
      }
      return count;
    },
    async getPendingByEmail(email, now) {
      const pending = [...state().invitations.values()].filter((row) => row.email === email && !row.acceptedAt && !row.revokedAt && row.expiresAt.getTime() > now.getTime());
      const newest = pending.sort((a, b) => (a.id < b.id ? 1 : -1))[0];
      return newest ? copy(newest) : null;
    },
  };
}

export function memoryPasswordResets(state: State): PasswordResetRepository {
  return {
    async create(data) {
      const s = state();
      requireRow(s.users, data.userId, "user");
      const reset = { ...copy(data), id: newId(), createdAt: new Date(), usedAt: null };
      s.passwordResets.set(reset.id, reset);
      return copy(reset);
    },
    async getByHash(tokenHash) {
      const row = [...state().passwordResets.values()].find((r) => r.tokenHash === tokenHash);
      return row ? copy(row) : null;
    },
    async claim(id, now) {
      const row = state().passwordResets.get(id);
      if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime()) return false;
      row.usedAt = now;
      return true;
    },
  };
}

export function memoryEndedSessions(state: State): EndedSessionRepository {
  return {
    async end(session) {
      const s = state();
      const known = s.endedSessions.get(session.id);
      const expiresAt = known && known.expiresAt > session.expiresAt ? known.expiresAt : session.expiresAt;
      s.endedSessions.set(session.id, { ...copy(session), expiresAt: new Date(expiresAt) });
    },
    async isEnded(id) {
      return state().endedSessions.has(id);
    },
    async forgetExpired(now) {
      const s = state();
      let count = 0;
      for (const [id, row] of s.endedSessions) {
        if (row.expiresAt.getTime() > now.getTime()) continue;
        s.endedSessions.delete(id);
        count++;
      }
      return count;
    },
  };
}

/** As the SQL schema's cascades do when a user is deleted. */
export function forgetUser(s: MemoryState, userId: string): void {
  for (const [key, member] of s.members) if (member.userId === userId) s.members.delete(key);
  for (const [id, reset] of s.passwordResets) if (reset.userId === userId) s.passwordResets.delete(id);
  forgetTesterRows(s, { userId });
  for (const app of s.apps.values()) if (app.ownerId === userId) app.ownerId = null;
}
