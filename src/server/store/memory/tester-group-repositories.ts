import { DomainError } from "@/domain/errors";
import { MAX_MEMBERS_PER_TESTER_GROUP, MAX_TESTER_GROUPS_PER_APP, type TesterGroup, type TesterGroupMember } from "@/domain/tester-group";
import { newId } from "../ids";
import type { TesterGroupRepository } from "../tester-group-types";
import { conflict, copy, getOrThrow, type MemoryState, requireRow } from "./state";

type State = () => MemoryState;

const byName = (a: TesterGroup, b: TesterGroup) => (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function nameTaken(s: MemoryState, appId: string, name: string, except: string | null): boolean {
  return [...s.testerGroups.values()].some((g) => g.appId === appId && g.name === name && g.id !== except);
}

export function memoryTesterGroups(state: State): TesterGroupRepository {
  return {
    async create(data) {
      const s = state();
      requireRow(s.apps, data.appId, "app");
      if (nameTaken(s, data.appId, data.name, null)) throw conflict("testerGroupName");
      if ([...s.testerGroups.values()].filter((g) => g.appId === data.appId).length >= MAX_TESTER_GROUPS_PER_APP) {
        throw new DomainError("CONFLICT", `an app has at most ${MAX_TESTER_GROUPS_PER_APP} tester groups`);
      }
      const now = new Date();
      const group: TesterGroup = { ...copy(data), id: newId(), createdAt: now, updatedAt: now };
      s.testerGroups.set(group.id, group);
      return copy(group);
    },
    async getById(id) {
      const group = state().testerGroups.get(id);
      return group ? copy(group) : null;
    },
    async listByApp(appId) {
      return [...state().testerGroups.values()]
        .filter((g) => g.appId === appId)
        .sort(byName)
        .map(copy);
    },
    async update(id, patch) {
      const s = state();
      const group = getOrThrow(s.testerGroups, id, "tester group");
      if (patch.name !== undefined && nameTaken(s, group.appId, patch.name, id)) throw conflict("testerGroupName");
      Object.assign(group, copy(patch), { updatedAt: new Date() });
      return copy(group);
    },
    async delete(id) {
      const s = state();
      getOrThrow(s.testerGroups, id, "tester group");
      for (const [memberId, member] of s.testerGroupMembers) if (member.groupId === id) s.testerGroupMembers.delete(memberId);
      s.testerGroups.delete(id);
    },
    async addMember(data) {
      const s = state();
      requireRow(s.testerGroups, data.groupId, "tester group");
      requireRow(s.users, data.userId, "user");
      const members = [...s.testerGroupMembers.values()].filter((m) => m.groupId === data.groupId);
      if (members.some((m) => m.email === data.email)) throw conflict("testerGroupMember");
      if (members.length >= MAX_MEMBERS_PER_TESTER_GROUP) throw new DomainError("CONFLICT", `a tester group has at most ${MAX_MEMBERS_PER_TESTER_GROUP} members`);
      const member: TesterGroupMember = { ...copy(data), id: newId(), createdAt: new Date() };
      s.testerGroupMembers.set(member.id, member);
      return copy(member);
    },
    async getMember(id) {
      const member = state().testerGroupMembers.get(id);
      return member ? copy(member) : null;
    },
    async setMemberShareLink(id, shareLinkId) {
      const member = getOrThrow(state().testerGroupMembers, id, "tester group member");
      member.shareLinkId = shareLinkId;
      return copy(member);
    },
    async removeMember(id) {
      const s = state();
      getOrThrow(s.testerGroupMembers, id, "tester group member");
      s.testerGroupMembers.delete(id);
    },
    async listMembers(groupIds) {
      const ids = new Set(groupIds);
      return [...state().testerGroupMembers.values()]
        .filter((m) => ids.has(m.groupId))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map(copy);
    },
    async groupsOfUser(userId, appId) {
      const s = state();
      const groupIds = new Set([...s.testerGroupMembers.values()].filter((m) => m.userId === userId).map((m) => m.groupId));
      return [...s.testerGroups.values()]
        .filter((g) => groupIds.has(g.id) && (appId === undefined || g.appId === appId))
        .sort(byName)
        .map(copy);
    },
    async groupOfShareLink(appId, shareLinkId) {
      const s = state();
      const member = [...s.testerGroupMembers.values()].find((m) => m.shareLinkId === shareLinkId && s.testerGroups.get(m.groupId)?.appId === appId);
      const group = member && s.testerGroups.get(member.groupId);
      return group ? copy(group) : null;
    },
  };
}

/** As the SQL schema's cascades do when an app or a user is deleted. */
export function forgetTesterRows(s: MemoryState, gone: { appId?: string; userId?: string }): void {
  if (gone.appId !== undefined) for (const [id, group] of s.testerGroups) if (group.appId === gone.appId) s.testerGroups.delete(id);
  for (const [id, member] of s.testerGroupMembers) {
    if ((gone.userId !== undefined && member.userId === gone.userId) || !s.testerGroups.has(member.groupId)) s.testerGroupMembers.delete(id);
  }
}
