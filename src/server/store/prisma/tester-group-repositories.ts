import { DomainError } from "@/domain/errors";
import { MAX_MEMBERS_PER_TESTER_GROUP, MAX_TESTER_GROUPS_PER_APP, type TesterGroup } from "@/domain/tester-group";
import type * as db from "@/generated/prisma/client";
import { newId } from "../ids";
import type { TesterGroupRepository } from "../tester-group-types";
import { json } from "./mappers";
import type { Db } from "./repositories";

function toGroup(row: db.TesterGroup): TesterGroup {
  return { ...row, channels: Array.isArray(row.channels) ? row.channels.filter((c): c is string => typeof c === "string") : [] };
}

const ORDER = [{ appId: "asc" as const }, { name: "asc" as const }];

export function prismaTesterGroups(db: Db): TesterGroupRepository {
  return {
    async create(data) {
      if ((await db.testerGroup.count({ where: { appId: data.appId } })) >= MAX_TESTER_GROUPS_PER_APP) {
        throw new DomainError("CONFLICT", `an app has at most ${MAX_TESTER_GROUPS_PER_APP} tester groups`);
      }
      const now = new Date();
      return toGroup(await db.testerGroup.create({ data: { ...data, channels: json(data.channels), id: newId(), createdAt: now, updatedAt: now } }));
    },
    async getById(id) {
      const row = await db.testerGroup.findUnique({ where: { id } });
      return row ? toGroup(row) : null;
    },
    async listByApp(appId) {
      return (await db.testerGroup.findMany({ where: { appId }, orderBy: ORDER, take: MAX_TESTER_GROUPS_PER_APP })).map(toGroup);
    },
    async update(id, patch) {
      const { channels, ...rest } = patch;
      return toGroup(await db.testerGroup.update({ where: { id }, data: { ...rest, ...(channels && { channels: json(channels) }), updatedAt: new Date() } }));
    },
    async delete(id) {
      await db.testerGroup.delete({ where: { id } });
    },
    async addMember(data) {
      if ((await db.testerGroupMember.count({ where: { groupId: data.groupId } })) >= MAX_MEMBERS_PER_TESTER_GROUP) {
        throw new DomainError("CONFLICT", `a tester group has at most ${MAX_MEMBERS_PER_TESTER_GROUP} members`);
      }
      return db.testerGroupMember.create({ data: { ...data, id: newId(), createdAt: new Date() } });
    },
    getMember(id) {
      return db.testerGroupMember.findUnique({ where: { id } });
    },
    setMemberShareLink(id, shareLinkId) {
      return db.testerGroupMember.update({ where: { id }, data: { shareLinkId } });
    },
    async removeMember(id) {
      await db.testerGroupMember.delete({ where: { id } });
    },
    async listMembers(groupIds) {
      if (groupIds.length === 0) return [];
      return db.testerGroupMember.findMany({ where: { groupId: { in: [...groupIds] } }, orderBy: { id: "asc" } });
    },
    async groupsOfUser(userId, appId) {
      const rows = await db.testerGroup.findMany({ where: { members: { some: { userId } }, ...(appId !== undefined && { appId }) }, orderBy: ORDER });
      return rows.map(toGroup);
    },
    async groupOfShareLink(appId, shareLinkId) {
      // Through the app's groups (at most MAX_TESTER_GROUPS_PER_APP) and their members by group.
      const row = await db.testerGroup.findFirst({ where: { appId, members: { some: { shareLinkId } } } });
      return row ? toGroup(row) : null;
    },
  };
}
