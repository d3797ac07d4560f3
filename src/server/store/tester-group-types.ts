// Repository interface of tester groups and their members (domain/tester-group.ts).

import type { TesterGroup, TesterGroupMember } from "@/domain/tester-group";

export type NewTesterGroup = Pick<TesterGroup, "appId" | "name" | "channels">;
export type TesterGroupPatch = Partial<Pick<TesterGroup, "name" | "channels">>;
export type NewTesterGroupMember = Pick<TesterGroupMember, "groupId" | "userId" | "email" | "shareLinkId">;

export interface TesterGroupRepository {
  /** CONFLICT when the app has a group of that name, or already MAX_TESTER_GROUPS_PER_APP groups. */
  create(group: NewTesterGroup): Promise<TesterGroup>;
  getById(id: string): Promise<TesterGroup | null>;
  /** Every group of the app (bounded by MAX_TESTER_GROUPS_PER_APP), sorted by name. */
  listByApp(appId: string): Promise<TesterGroup[]>;
  /** CONFLICT on a name another group of the app has; NOT_FOUND when missing. */
  update(id: string, patch: TesterGroupPatch): Promise<TesterGroup>;
  /** Removes the group with its members. NOT_FOUND when missing. */
  delete(id: string): Promise<void>;
  /** CONFLICT when the address is in the group already, or the group is full (MAX_MEMBERS_PER_TESTER_GROUP). */
  addMember(member: NewTesterGroupMember): Promise<TesterGroupMember>;
  getMember(id: string): Promise<TesterGroupMember | null>;
  setMemberShareLink(id: string, shareLinkId: string | null): Promise<TesterGroupMember>;
  /** NOT_FOUND when missing. */
  removeMember(id: string): Promise<void>;
  /** The members of these groups (one query), oldest first. */
  listMembers(groupIds: readonly string[]): Promise<TesterGroupMember[]>;
  /** The groups `userId` is a member of, of every app or of one app, sorted by app then name. */
  groupsOfUser(userId: string, appId?: string): Promise<TesterGroup[]>;
  /** The group of the app whose outside member holds this personal share link, or null for any other link. */
  groupOfShareLink(appId: string, shareLinkId: string): Promise<TesterGroup | null>;
}
