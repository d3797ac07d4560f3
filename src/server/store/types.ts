// Repository interfaces: the only way services touch persistence. Narrow on purpose, so the memory
// and Prisma implementations stay interchangeable and one contract suite can hold them to the same
// behaviour (tests/integration/store-contract.test.ts). Lists are cursor-paginated, newest first.

import type { App } from "@/domain/app";
import type { Artifact, ArtifactMetadata, ValidationStatus } from "@/domain/artifact";
import type { AuditEvent, AuditFilter, NewAuditEvent } from "@/domain/audit";
import type { Channel, ChannelHistoryEntry, NewChannelHistoryEntry } from "@/domain/channel";
import type { Page } from "@/domain/pagination";
import type { InstallEvent, InstallFunnel, NewInstallEvent } from "@/domain/install-event";
import type { Platform } from "@/domain/platform";
import type { Release } from "@/domain/release";
import type { ShareLink } from "@/domain/share-link";
import type { Token } from "@/domain/token";
import type { UploadSession } from "@/domain/upload";
import type { Invitation, PasswordReset } from "@/domain/invitation";
import type { AppMember, AppRole } from "@/domain/roles";
import type { User } from "@/domain/user";
import type { AccountRepository } from "./account-types";
import type { MailOutboxRepository, WebhookDeliveryRepository, WebhookRepository } from "./outbox-types";
import type { ReadStore } from "./read-only";
import type { TesterGroupRepository } from "./tester-group-types";

/** A bounded page request; the store never returns more than `limit` rows. */
export interface PageRequest {
  cursor?: string;
  limit: number;
}

type New<T> = Omit<T, "id" | "createdAt" | "updatedAt">;

export type NewApp = Omit<New<App>, "updateKey"> & { updateKey?: string | null };
export type AppPatch = Partial<Pick<App, "displayName" | "bundleIds" | "visibility" | "updateKey">>;

export interface AppFilter {
  visibility?: App["visibility"];
  /** Part of the slug or the display name. */
  search?: string;
  /** Only these apps (a member's): no rows when empty. */
  ids?: readonly string[];
}

export interface AppRepository {
  create(app: NewApp): Promise<App>;
  getById(id: string): Promise<App | null>;
  getBySlug(slug: string): Promise<App | null>;
  list(page: PageRequest, filter?: AppFilter): Promise<Page<App>>;
  update(id: string, patch: AppPatch): Promise<App>;
  /**
   * Removes an app with everything that belongs to it: channels and their history, releases,
   * artifacts, upload sessions, share links, install events and the tokens restricted to it.
   * Audit events stay. NOT_FOUND when missing. Blobs stay: garbage collection decides about those.
   */
  delete(id: string): Promise<void>;
}

export type NewRelease = New<Release>;

export interface ReleaseFilter {
  /** The channel the release was published to. */
  channel?: string;
  /** Releases with at least one artifact for this platform. */
  platform?: Platform;
  /** Releases with at least one artifact in this state. */
  validationStatus?: ValidationStatus;
  /** Part of the version or the build. */
  search?: string;
}

export interface ReleaseRepository {
  create(release: NewRelease): Promise<Release>;
  getById(id: string): Promise<Release | null>;
  /** Several releases at once (one query), in no particular order; unknown ids are skipped. */
  getByIds(ids: readonly string[]): Promise<Release[]>;
  /** The release of an app with this version and build (their one unique key), if any. */
  getByVersion(appId: string, version: string, build: string): Promise<Release | null>;
  listByApp(appId: string, page: PageRequest, filter?: ReleaseFilter): Promise<Page<Release>>;
  update(id: string, patch: Partial<Pick<Release, "notes" | "publishedAt">>): Promise<Release>;
  /**
   * Removes a release with its artifacts and the channel history entries that moved onto it (a
   * channel whose fallback it was loses the fallback). INTEGRITY while a channel's current
   * release; NOT_FOUND when missing. Blobs stay: garbage collection decides about those.
   */
  delete(id: string): Promise<void>;
}

export type NewArtifact = New<Artifact>;

export interface ArtifactRepository {
  create(artifact: NewArtifact): Promise<Artifact>;
  getById(id: string): Promise<Artifact | null>;
  /** All artifacts of one release (bounded by MAX_ARTIFACTS_PER_RELEASE), oldest first. */
  listByRelease(releaseId: string): Promise<Artifact[]>;
  /** The artifacts of several releases at once (one query), in no particular order. */
  listByReleases(releaseIds: readonly string[]): Promise<Artifact[]>;
  /**
   * The previous file of a platform: among the app's releases older than `releaseId` (release ids
   * order releases) that have an artifact of this platform, the newest one's first such artifact
   * (oldest first, as listByRelease orders them). One query, however far back it lies; null if none.
   */
  latestOfPlatformBefore(appId: string, platform: Platform, releaseId: string): Promise<Artifact | null>;
  listBySha256(sha256: string, page: PageRequest): Promise<Page<Artifact>>;
  /** Bytes and artifact count per app, for the given apps (apps without artifacts are absent). */
  storageByApps(appIds: readonly string[]): Promise<Array<{ appId: string; artifacts: number; bytes: number }>>;
  /** Every artifact of every app, newest first (blob GC reads the icon digests in their metadata). */
  list(page: PageRequest): Promise<Page<Artifact>>;
  update(id: string, patch: { metadata?: ArtifactMetadata; validationStatus?: ValidationStatus }): Promise<Artifact>;
}

export type NewChannel = New<Channel>;
export type ChannelPatch = Partial<Pick<Channel, "currentReleaseId" | "previousReleaseId" | "policy" | "rolloutPercent">>;

/** Upper bound on channels per app; listByApp returns them all, sorted by name. */
export const MAX_CHANNELS_PER_APP = 50;

export interface ChannelRepository {
  create(channel: NewChannel): Promise<Channel>;
  getById(id: string): Promise<Channel | null>;
  getByName(appId: string, name: string): Promise<Channel | null>;
  listByApp(appId: string): Promise<Channel[]>;
  /** The channels of several apps at once (one query), sorted by app then name. */
  listByApps(appIds: readonly string[]): Promise<Channel[]>;
  update(id: string, patch: ChannelPatch): Promise<Channel>;
  /** Writes the labels of the releases named too, so the entry names them after they are deleted. */
  appendHistory(entry: NewChannelHistoryEntry): Promise<ChannelHistoryEntry>;
  /** Every entry of the channel, also those whose releases are deleted (their ids null, labels kept). */
  listHistory(channelId: string, page: PageRequest): Promise<Page<ChannelHistoryEntry>>;
  /** History entries that moved a channel onto or away from a release, newest first (bounded). */
  listHistoryOfRelease(releaseId: string, limit: number): Promise<ChannelHistoryEntry[]>;
}

export type NewToken = Omit<Token, "id" | "createdAt" | "lastUsedAt" | "revokedAt">;

export interface TokenRepository {
  create(token: NewToken): Promise<Token>;
  getById(id: string): Promise<Token | null>;
  getByHash(tokenHash: string): Promise<Token | null>;
  /** Several tokens at once (one query), in no particular order; unknown ids are skipped. */
  getByIds(ids: readonly string[]): Promise<Token[]>;
  /** Newest first; `only`: the tokens restricted to these apps. */
  list(page: PageRequest, only?: readonly string[]): Promise<Page<Token>>;
  update(id: string, patch: Partial<Pick<Token, "lastUsedAt" | "revokedAt" | "expiresAt">>): Promise<Token>;
}

export interface AuditRepository {
  append(event: NewAuditEvent): Promise<AuditEvent>;
  getById(id: string): Promise<AuditEvent | null>;
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>>;
}

/** What creating a user needs; the rest starts enabled, at session version 0, mailed about releases. */
export type NewUser = Omit<New<User>, "disabledAt" | "sessionVersion" | "lastSignInAt" | "notifyReleases"> & Partial<Pick<User, "notifyReleases">>;
export type UserPatch = Partial<Pick<User, "name" | "role" | "passwordHash" | "disabledAt" | "sessionVersion" | "lastSignInAt" | "notifyReleases">>;

export interface UserRepository {
  create(user: NewUser): Promise<User>;
  getById(id: string): Promise<User | null>;
  /** Several users at once (one query), in no particular order; unknown ids are skipped. */
  getByIds(ids: readonly string[]): Promise<User[]>;
  getByEmail(email: string): Promise<User | null>;
  /** Every user, newest first (the audit log's actor filter lists them). */
  list(page: PageRequest): Promise<Page<User>>;
  count(): Promise<number>;
  update(id: string, patch: UserPatch): Promise<User>;
  /** Deletes the user; their memberships, resets and tester rows go with them (audit rows stay). */
  delete(id: string): Promise<void>;
}

export interface AppMemberRepository {
  /** Gives `userId` this role on the app, replacing the role they had there. */
  set(appId: string, userId: string, role: AppRole): Promise<AppMember>;
  remove(appId: string, userId: string): Promise<void>;
  get(appId: string, userId: string): Promise<AppMember | null>;
  listByUser(userId: string): Promise<AppMember[]>;
  /** The memberships of several users (one query), for a users page. */
  listByUsers(userIds: readonly string[]): Promise<AppMember[]>;
  listByApp(appId: string): Promise<AppMember[]>;
}

export type NewInvitation = Omit<Invitation, "id" | "createdAt" | "acceptedAt" | "acceptedBy" | "revokedAt">;

export interface InvitationRepository {
  create(invitation: NewInvitation): Promise<Invitation>;
  getById(id: string): Promise<Invitation | null>;
  getByHash(tokenHash: string): Promise<Invitation | null>;
  /** Newest first. */
  list(page: PageRequest): Promise<Page<Invitation>>;
  /** Marks a pending invitation accepted by `userId`, if it still is pending at `now`: one conditional write. */
  claim(id: string, userId: string, now: Date): Promise<boolean>;
  /** Revokes it unless it was accepted or revoked already; false then. */
  revoke(id: string, now: Date): Promise<boolean>;
  /** Revokes every pending invitation of this email; how many. */
  revokePending(email: string, now: Date): Promise<number>;
  /** The newest invitation of this email still pending at `now` (single sign-on accepts it), or null. */
  getPendingByEmail(email: string, now: Date): Promise<Invitation | null>;
}

export type NewPasswordReset = Omit<PasswordReset, "id" | "createdAt" | "usedAt">;

export interface PasswordResetRepository {
  create(reset: NewPasswordReset): Promise<PasswordReset>;
  getByHash(tokenHash: string): Promise<PasswordReset | null>;
  /** Uses the reset if it is unused and unexpired at `now`: one conditional write, so a link works once. */
  claim(id: string, now: Date): Promise<boolean>;
}

/** A signed-in session ended (signed out) before its cookie expires (domain/session.ts). */
export interface EndedSession {
  /** The session's id, the token's `sid`. */
  id: string;
  userId: string;
  /** When every copy of its cookie has expired: the row may be forgotten then. */
  expiresAt: Date;
}

export interface EndedSessionRepository {
  /** Records the session as ended; ending it again keeps the later expiry. */
  end(session: EndedSession, now: Date): Promise<void>;
  isEnded(id: string): Promise<boolean>;
  /** Forgets the sessions whose cookies have all expired by `now`; answers how many. */
  forgetExpired(now: Date): Promise<number>;
}

export type NewUploadSession = Omit<UploadSession, "id" | "createdAt">;
export type UploadSessionPatch = Partial<Pick<UploadSession, "state" | "receivedBytes" | "inspection" | "releaseId" | "completedAt" | "failureReason">>;

export interface UploadSessionRepository {
  /** The id is the capability in the upload URL, so the caller supplies an unguessable one. */
  create(id: string, session: NewUploadSession): Promise<UploadSession>;
  getById(id: string): Promise<UploadSession | null>;
  update(id: string, patch: UploadSessionPatch): Promise<UploadSession>;
  /**
   * Marks a complete session that no release used yet as used by `releaseId`, in one conditional
   * write, so of two publishes racing for one upload exactly one gets true; false when the
   * session is missing, not complete, or already used.
   */
  claimForRelease(id: string, releaseId: string): Promise<boolean>;
  /**
   * Takes or renews the right to receive bytes for a session until `until`, in one conditional
   * write: true when nobody else holds it past `now`. Across app servers, one PATCH at a time.
   */
  claimLease(id: string, owner: string, until: Date, now: Date): Promise<boolean>;
  /** Gives the lease back, if `owner` still holds it. */
  releaseLease(id: string, owner: string): Promise<void>;
  /** Open sessions whose expiry is before `now`, oldest first, at most `limit`. */
  listExpired(now: Date, limit: number): Promise<UploadSession[]>;
  /** Complete sessions no release used, completed before `completedBefore`, oldest first, at most `limit`. */
  listUnpublished(completedBefore: Date, limit: number): Promise<UploadSession[]>;
  /** Sessions holding a digest that no release uses yet (blob GC must keep their bytes). */
  countUnconsumedBySha256(sha256: string): Promise<number>;
}

export type NewShareLink = Omit<ShareLink, "id" | "createdAt" | "installCount" | "lastUsedAt" | "revokedAt">;

export interface ShareLinkRepository {
  create(link: NewShareLink): Promise<ShareLink>;
  getById(id: string): Promise<ShareLink | null>;
  getByHash(tokenHash: string): Promise<ShareLink | null>;
  listByApp(appId: string, page: PageRequest): Promise<Page<ShareLink>>;
  update(id: string, patch: Partial<Pick<ShareLink, "lastUsedAt" | "revokedAt">>): Promise<ShareLink>;
  /**
   * Counts one install against the link if, at `now`, it is neither revoked nor expired and is
   * under its cap. One conditional write, so concurrent installs can never overshoot the cap.
   */
  claimInstall(id: string, now: Date): Promise<boolean>;
}

export interface InstallEventRepository {
  appendMany(events: readonly NewInstallEvent[]): Promise<number>;
  /** Events of one app, newest first. */
  listByApp(appId: string, page: PageRequest): Promise<Page<InstallEvent>>;
  /** Counts per kind for one release (every kind present, zero when none). */
  funnelForRelease(releaseId: string): Promise<InstallFunnel>;
  /** The funnels of several releases in one query; every id asked for is in the map (zeros when none). */
  funnelsForReleases(releaseIds: readonly string[]): Promise<Map<string, InstallFunnel>>;
}

export interface Store {
  apps: AppRepository;
  releases: ReleaseRepository;
  artifacts: ArtifactRepository;
  channels: ChannelRepository;
  tokens: TokenRepository;
  audit: AuditRepository;
  users: UserRepository;
  /** Sign-in accounts at outside providers (single sign-on). */
  accounts: AccountRepository;
  members: AppMemberRepository;
  invitations: InvitationRepository;
  passwordResets: PasswordResetRepository;
  /** Sessions ended by signing out, refused until their cookies expire. */
  endedSessions: EndedSessionRepository;
  uploads: UploadSessionRepository;
  shareLinks: ShareLinkRepository;
  installEvents: InstallEventRepository;
  webhooks: WebhookRepository;
  /** The webhook outbox. */
  webhookDeliveries: WebhookDeliveryRepository;
  /** The mail outbox. */
  mail: MailOutboxRepository;
  testerGroups: TesterGroupRepository;
  /**
   * Runs fn atomically: every write through the store passed to fn commits together, or none does
   * when fn throws. Calling transaction on that inner store joins the same transaction.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Runs fn on one consistent snapshot with read methods only (ReadStore): a page that reads many
   * rows sees them as of one moment and takes SQLite's lock once, not once per call. Inside a
   * transaction it joins that transaction.
   */
  readTransaction<T>(fn: (tx: ReadStore) => Promise<T>): Promise<T>;
}
