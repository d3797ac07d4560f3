// Tester groups of an app, as maintainers manage them: create, rename, give channels, delete, add
// and remove members. An address with an account is linked to the user; an outside address gets a
// personal share link of the app, mailed to it when mail is on and shown to the maintainer when
// not. Every change is audited in the transaction that makes it.
import type { Actor } from "@/domain/actor";
import { DomainError } from "@/domain/errors";
import { SHARE_LINK_MAX_TTL_DAYS } from "@/domain/share-link";
import {
  type CreateTesterGroupInput,
  createTesterGroupInputSchema,
  groupChannelsSchema,
  type TesterGroup,
  type TesterGroupMember,
  testerEmailSchema,
  testerGroupNameSchema,
  unknownChannels,
} from "@/domain/tester-group";
import { parseOrThrow } from "@/domain/validate";
import type { TesterLinkSecrets } from "../crypto/tester-link";
import type { ReadStore } from "../store/read-only";
import type { Store } from "../store/types";
import { getAppOrThrow } from "./apps";
import { recordAudit } from "./audit";
import { enqueueMail, type MailConfig } from "./mail";
import { createShareLink, revokeShareLink } from "./share-links";

export interface TesterDeps {
  publicUrl: string;
  mail: Pick<MailConfig, "smtpUrl">;
  /** An outside member's personal share link secret (crypto/tester-link.ts). */
  linkSecret: TesterLinkSecrets;
}

export interface TesterGroupMemberView extends TesterGroupMember {
  /** The linked user's name, when they have an account and gave one. */
  name: string | null;
}

export interface TesterGroupView extends TesterGroup {
  members: TesterGroupMemberView[];
}

export interface AddedTesterGroupMember {
  member: TesterGroupMember;
  /** An outside address's personal link, when mail is off (the maintainer passes it on); else null. */
  shareUrl: string | null;
  mailed: boolean;
}

/** The personal link of an outside member, as mailed and as release notices repeat it. */
export function personalShareUrl(deps: Pick<TesterDeps, "publicUrl" | "linkSecret">, memberId: string): string {
  return `${deps.publicUrl}/s/${encodeURIComponent(deps.linkSecret(memberId))}`;
}

async function getGroupOfAppOrThrow(store: Pick<ReadStore, "testerGroups">, appId: string, id: string): Promise<TesterGroup> {
  const group = await store.testerGroups.getById(id);
  if (!group || group.appId !== appId) throw DomainError.notFound("tester group", id);
  return group;
}

/** Refuses channels the app does not have (a typo would silently give nothing). */
async function requireChannels(store: Pick<ReadStore, "channels">, appId: string, channels: readonly string[]): Promise<void> {
  const missing = unknownChannels(
    channels,
    (await store.channels.listByApp(appId)).map((c) => c.name),
  );
  if (missing.length > 0) {
    throw new DomainError("INVALID", `no such channel in this app: ${missing.join(", ")}`, { issues: [{ path: "channels", message: `no such channel: ${missing.join(", ")}` }] });
  }
}

export async function listTesterGroups(store: Pick<ReadStore, "testerGroups" | "users">, appId: string): Promise<TesterGroupView[]> {
  const groups = await store.testerGroups.listByApp(appId);
  const members = await store.testerGroups.listMembers(groups.map((g) => g.id));
  const userIds = [...new Set(members.flatMap((m) => (m.userId ? [m.userId] : [])))];
  const names = new Map((userIds.length > 0 ? await store.users.getByIds(userIds) : []).map((u) => [u.id, u.name]));
  return groups.map((group) => ({
    ...group,
    members: members.filter((m) => m.groupId === group.id).map((m) => ({ ...m, name: m.userId ? (names.get(m.userId) ?? null) : null })),
  }));
}

export async function createTesterGroup(store: Store, actor: Actor, appId: string, raw: CreateTesterGroupInput): Promise<TesterGroup> {
  const input = parseOrThrow(createTesterGroupInputSchema, raw, "tester group");
  return store.transaction(async (tx) => {
    const app = await getAppOrThrow(tx, appId);
    await requireChannels(tx, app.id, input.channels);
    const group = await tx.testerGroups.create({ appId: app.id, name: input.name, channels: input.channels });
    await recordAudit(tx, actor, "tester_group.create", { type: "tester_group", id: group.id }, { appId, name: group.name, channels: group.channels });
    return group;
  });
}

export async function renameTesterGroup(store: Store, actor: Actor, appId: string, groupId: string, rawName: string): Promise<TesterGroup> {
  const name = parseOrThrow(testerGroupNameSchema, rawName, "group name");
  return store.transaction(async (tx) => {
    const before = await getGroupOfAppOrThrow(tx, appId, groupId);
    const group = await tx.testerGroups.update(groupId, { name });
    await recordAudit(tx, actor, "tester_group.update", { type: "tester_group", id: groupId }, { appId, name: { from: before.name, to: group.name } });
    return group;
  });
}

export async function setTesterGroupChannels(store: Store, actor: Actor, appId: string, groupId: string, rawChannels: string[]): Promise<TesterGroup> {
  const channels = parseOrThrow(groupChannelsSchema, rawChannels, "channels");
  return store.transaction(async (tx) => {
    const before = await getGroupOfAppOrThrow(tx, appId, groupId);
    await requireChannels(tx, appId, channels);
    const group = await tx.testerGroups.update(groupId, { channels });
    await recordAudit(tx, actor, "tester_group.update", { type: "tester_group", id: groupId }, { appId, name: group.name, channels: { from: before.channels, to: group.channels } });
    return group;
  });
}

/** Revokes an outside member's personal link: leaving the group must close the app to them. */
async function closePersonalLink(tx: Store, actor: Actor, appId: string, member: TesterGroupMember): Promise<void> {
  if (member.shareLinkId === null) return;
  const link = await tx.shareLinks.getById(member.shareLinkId);
  if (link && link.appId === appId && !link.revokedAt) await revokeShareLink(tx, actor, appId, link.id);
}

export async function deleteTesterGroup(store: Store, actor: Actor, appId: string, groupId: string): Promise<void> {
  await store.transaction(async (tx) => {
    const group = await getGroupOfAppOrThrow(tx, appId, groupId);
    const members = await tx.testerGroups.listMembers([groupId]);
    for (const member of members) await closePersonalLink(tx, actor, appId, member);
    await tx.testerGroups.delete(groupId);
    await recordAudit(tx, actor, "tester_group.delete", { type: "tester_group", id: groupId }, { appId, name: group.name, members: members.length });
  });
}

function invitationText(appName: string, group: TesterGroup, url: string, days: number): string {
  return [
    `You have been added to the testers of ${appName} (group "${group.name}").`,
    "",
    "Open your personal link to install its test builds:",
    url,
    "",
    `The link works for ${days} days. It is yours: anyone who has it can install the app.`,
  ].join("\n");
}

export async function addTesterGroupMember(store: Store, deps: TesterDeps, actor: Actor, appId: string, groupId: string, rawEmail: string, now = new Date()): Promise<AddedTesterGroupMember> {
  const email = parseOrThrow(testerEmailSchema, rawEmail, "email");
  return store.transaction(async (tx) => {
    const group = await getGroupOfAppOrThrow(tx, appId, groupId);
    const user = await tx.users.getByEmail(email);
    if (user) {
      const member = await tx.testerGroups.addMember({ groupId, userId: user.id, email, shareLinkId: null });
      await recordAudit(tx, actor, "tester_group.add_member", { type: "tester_group", id: groupId }, { appId, name: group.name, email, userId: user.id });
      return { member, shareUrl: null, mailed: false };
    }
    // The row first: the personal link's secret is derived from its id.
    const added = await tx.testerGroups.addMember({ groupId, userId: null, email, shareLinkId: null });
    const app = await getAppOrThrow(tx, appId);
    const secret = deps.linkSecret(added.id);
    const { link } = await createShareLink(tx, actor, appId, { name: `Tester ${email}`.slice(0, 100), expiresInDays: SHARE_LINK_MAX_TTL_DAYS }, now, secret);
    const member = await tx.testerGroups.setMemberShareLink(added.id, link.id);
    const url = personalShareUrl(deps, member.id);
    const subject = `Test builds of ${app.displayName}`;
    const mailed = (await enqueueMail(tx, deps.mail, { kind: "invitation", to: email, subject, text: invitationText(app.displayName, group, url, SHARE_LINK_MAX_TTL_DAYS) }, now)) !== null;
    await recordAudit(tx, actor, "tester_group.add_member", { type: "tester_group", id: groupId }, { appId, name: group.name, email, shareLinkId: link.id, mailed });
    return { member, shareUrl: mailed ? null : url, mailed };
  });
}

export async function removeTesterGroupMember(store: Store, actor: Actor, appId: string, groupId: string, memberId: string): Promise<void> {
  await store.transaction(async (tx) => {
    const group = await getGroupOfAppOrThrow(tx, appId, groupId);
    const member = await tx.testerGroups.getMember(memberId);
    if (!member || member.groupId !== groupId) throw DomainError.notFound("tester group member", memberId);
    await closePersonalLink(tx, actor, appId, member);
    await tx.testerGroups.removeMember(memberId);
    await recordAudit(tx, actor, "tester_group.remove_member", { type: "tester_group", id: groupId }, { appId, name: group.name, email: member.email });
  });
}
