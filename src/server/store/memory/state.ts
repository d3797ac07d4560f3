import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import type { AuditEvent } from "@/domain/audit";
import type { Channel, ChannelHistoryEntry } from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import { type Page, toPage } from "@/domain/pagination";
import type { InstallEvent } from "@/domain/install-event";
import type { Invitation, PasswordReset } from "@/domain/invitation";
import type { AppMember } from "@/domain/roles";
import type { Release } from "@/domain/release";
import type { ShareLink } from "@/domain/share-link";
import type { Token } from "@/domain/token";
import type { UploadSession } from "@/domain/upload";
import type { User } from "@/domain/user";
import type { MailMessage } from "@/domain/mail";
import type { LinkedAccount } from "../account-types";
import type { Webhook, WebhookDelivery } from "@/domain/webhook";
import type { TesterGroup, TesterGroupMember } from "@/domain/tester-group";
import { conflictError, type UniqueConflict } from "../conflicts";
import type { EndedSession, PageRequest } from "../types";

/** Every table of the memory store. Cloned whole at the start of a transaction. */
export interface MemoryState {
  apps: Map<string, App>;
  releases: Map<string, Release>;
  artifacts: Map<string, Artifact>;
  channels: Map<string, Channel>;
  channelHistory: Map<string, ChannelHistoryEntry>;
  tokens: Map<string, Token>;
  audit: Map<string, AuditEvent>;
  users: Map<string, User>;
  /** Keyed by provider and provider account id. */
  accounts: Map<string, LinkedAccount>;
  /** Keyed by memberKey(appId, userId). */
  members: Map<string, AppMember>;
  invitations: Map<string, Invitation>;
  passwordResets: Map<string, PasswordReset>;
  endedSessions: Map<string, EndedSession>;
  uploads: Map<string, UploadSession>;
  /** Upload leases by session id (not part of the domain object, as in the database). */
  uploadLeases: Map<string, { owner: string; until: Date }>;
  shareLinks: Map<string, ShareLink>;
  installEvents: Map<string, InstallEvent>;
  webhooks: Map<string, Webhook>;
  webhookDeliveries: Map<string, WebhookDelivery>;
  mailOutbox: Map<string, MailMessage>;
  testerGroups: Map<string, TesterGroup>;
  testerGroupMembers: Map<string, TesterGroupMember>;
}

export function emptyState(): MemoryState {
  return {
    apps: new Map(),
    releases: new Map(),
    artifacts: new Map(),
    channels: new Map(),
    channelHistory: new Map(),
    tokens: new Map(),
    audit: new Map(),
    users: new Map(),
    accounts: new Map(),
    members: new Map(),
    invitations: new Map(),
    passwordResets: new Map(),
    endedSessions: new Map(),
    uploads: new Map(),
    uploadLeases: new Map(),
    shareLinks: new Map(),
    installEvents: new Map(),
    webhooks: new Map(),
    webhookDeliveries: new Map(),
    mailOutbox: new Map(),
    testerGroups: new Map(),
    testerGroupMembers: new Map(),
  };
}

/** Callers get copies, as they would from a database: mutating a result never changes the store. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Newest first (ids are time-ordered), strictly after the cursor, at most limit rows. */
export function paginate<T extends { id: string }>(rows: Iterable<T>, page: PageRequest): Page<T> {
  const sorted = [...rows].filter((row) => page.cursor === undefined || row.id < page.cursor).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return toPage(sorted.slice(0, page.limit + 1).map(copy), page.limit);
}

/** A unique violation, in the words the SQLite store uses too (see ../conflicts.ts). */
export function conflict(which: UniqueConflict): DomainError {
  return conflictError(which);
}

/** Mirrors a foreign-key violation: the referenced row must exist. */
export function requireRow<T>(map: Map<string, T>, id: string | null, what: string): void {
  if (id !== null && !map.has(id)) throw new DomainError("INTEGRITY", `referenced ${what} does not exist: ${id}`);
}

export function getOrThrow<T>(map: Map<string, T>, id: string, what: string): T {
  const row = map.get(id);
  if (!row) throw DomainError.notFound(what, id);
  return row;
}
