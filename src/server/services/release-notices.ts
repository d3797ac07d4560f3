// "A new build is out" mail: when an audited promotion brings a release onto a channel (a publish
// that makes it current promotes too), every member of the app's groups given that channel gets
// one, queued in the transaction of the promotion (so a rollback sends nothing). Users who opted
// out or are disabled get none; outside addresses get theirs with their personal link while it is
// open. Wired into the store by the composition root (outbox-store.ts), like webhook deliveries.
import type { AuditEvent } from "@/domain/audit";
import { releaseNoticeMail } from "@/domain/release-notice";
import { shareLinkState } from "@/domain/share-link";
import type { TesterGroup, TesterGroupMember } from "@/domain/tester-group";
import type { Store } from "../store/types";
import { enqueueMail, mailEnabled } from "./mail";
import { personalShareUrl, type TesterDeps } from "./tester-groups";

interface Recipient {
  personalUrl: string | null;
  groups: string[];
  isUser: boolean;
}

/** Who gets a notice, by address: an address in several groups gets one mail naming them all. */
async function recipientsOf(tx: Store, deps: TesterDeps, groups: TesterGroup[], now: Date): Promise<Map<string, Recipient>> {
  const members = await tx.testerGroups.listMembers(groups.map((g) => g.id));
  const userIds = [...new Set(members.flatMap((m) => (m.userId ? [m.userId] : [])))];
  const users = new Map((userIds.length > 0 ? await tx.users.getByIds(userIds) : []).map((u) => [u.id, u]));
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const recipients = new Map<string, Recipient>();
  for (const member of members) {
    const entry = await recipientOf(tx, deps, member, users, now);
    if (!entry) continue;
    const name = groupName.get(member.groupId) ?? "";
    const known = recipients.get(entry.to);
    if (known) {
      known.groups.push(name);
      // An address with an account needs no personal link; one without keeps the first open one.
      if (!known.isUser) known.personalUrl ??= entry.personalUrl;
    } else recipients.set(entry.to, { personalUrl: entry.personalUrl, groups: [name], isUser: entry.isUser });
  }
  return recipients;
}

async function recipientOf(tx: Store, deps: TesterDeps, member: TesterGroupMember, users: Map<string, { email: string; disabledAt: Date | null; notifyReleases: boolean }>, now: Date) {
  if (member.userId !== null) {
    const user = users.get(member.userId);
    if (!user || user.disabledAt || !user.notifyReleases) return null;
    return { to: user.email, personalUrl: null, isUser: true };
  }
  if (member.shareLinkId === null) return null;
  const link = await tx.shareLinks.getById(member.shareLinkId);
  if (!link || shareLinkState(link, now) !== "active") return null;
  return { to: member.email, personalUrl: personalShareUrl(deps, member.id), isUser: false };
}

/** Queues the notices of an audited event in `tx`; answers how many (0 for any event but a promotion, or with mail off). */
export async function queueReleaseNotices(tx: Store, event: AuditEvent, deps: TesterDeps): Promise<number> {
  if (event.action !== "channel.promote" || event.appId === null || !mailEnabled(deps.mail)) return 0;
  const channel = event.metadata.name;
  const releaseId = event.metadata.toReleaseId;
  if (typeof channel !== "string" || typeof releaseId !== "string") return 0;
  const groups = (await tx.testerGroups.listByApp(event.appId)).filter((g) => g.channels.includes(channel));
  if (groups.length === 0) return 0;
  const [app, release] = [await tx.apps.getById(event.appId), await tx.releases.getById(releaseId)];
  if (!app || !release) return 0;
  const recipients = await recipientsOf(tx, deps, groups, event.createdAt);
  const installUrl = `${deps.publicUrl}/${encodeURIComponent(app.slug)}/${encodeURIComponent(channel)}`;
  for (const [to, recipient] of recipients) {
    const mail = releaseNoticeMail({
      appName: app.displayName,
      version: release.version,
      build: release.build,
      channel,
      notes: release.notes,
      installUrl,
      personalUrl: recipient.isUser ? null : recipient.personalUrl,
      groups: recipient.groups,
      settingsUrl: recipient.isUser ? `${deps.publicUrl}/` : null,
    });
    await enqueueMail(tx, deps.mail, { kind: "release_notice", to, ...mail }, event.createdAt);
  }
  return recipients.size;
}
