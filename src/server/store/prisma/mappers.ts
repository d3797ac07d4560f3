// Row → domain conversions. The database holds closed sets as strings and JSON as JSON; the
// domain types narrow them. Writes only ever come from validated domain values, so the casts
// here restate what was stored rather than trusting outside input.
import type { App, Visibility } from "@/domain/app";
import type { Artifact, ArtifactMetadata, ValidationStatus } from "@/domain/artifact";
import type { AuditEvent, AuditTargetType } from "@/domain/audit";
import type { BundleIds } from "@/domain/bundle-id";
import { type Channel, type ChannelHistoryEntry, type ChannelHistoryKind, channelPolicySchema } from "@/domain/channel";
import type { Platform } from "@/domain/platform";
import type { InstallEvent, InstallEventKind } from "@/domain/install-event";
import type { Release } from "@/domain/release";
import type { Token, TokenScope } from "@/domain/token";
import type { UploadSession, UploadState } from "@/domain/upload";
import type { User, UserRole } from "@/domain/user";
import type * as db from "@/generated/prisma/client";

type Json = db.Prisma.JsonValue;

function asObject(value: Json): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function toApp(row: db.App): App {
  return {
    id: row.id,
    slug: row.slug,
    displayName: row.displayName,
    bundleIds: asObject(row.bundleIds) as BundleIds,
    ownerId: row.ownerId,
    visibility: row.visibility as Visibility,
    updateKey: row.updateKey,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toRelease(row: db.Release): Release {
  return { ...row };
}

export function toArtifact(row: db.Artifact): Artifact {
  return {
    ...row,
    platform: row.platform as Platform,
    sizeBytes: Number(row.sizeBytes),
    metadata: asObject(row.metadata) as ArtifactMetadata,
    validationStatus: row.validationStatus as ValidationStatus,
  };
}

export function toChannel(row: db.Channel): Channel {
  return { ...row, policy: channelPolicySchema.parse(asObject(row.policy)) };
}

export function toChannelHistory(row: db.ChannelHistory): ChannelHistoryEntry {
  const { releaseVersion, releaseBuild, fromReleaseVersion, fromReleaseBuild, ...rest } = row;
  return {
    ...rest,
    kind: row.kind as ChannelHistoryKind,
    releaseLabel: { version: releaseVersion, build: releaseBuild },
    // Written together: a version without a build never occurs.
    fromReleaseLabel: fromReleaseVersion === null ? null : { version: fromReleaseVersion, build: fromReleaseBuild ?? "" },
  };
}

export function toToken(row: db.Token): Token {
  return { ...row, scopes: (Array.isArray(row.scopes) ? row.scopes : []) as TokenScope[] };
}

export function toAuditEvent(row: db.AuditEvent): AuditEvent {
  return { ...row, targetType: row.targetType as AuditTargetType, metadata: asObject(row.metadata) };
}

export function toUser(row: db.User): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as UserRole,
    passwordHash: row.passwordHash,
    disabledAt: row.disabledAt,
    sessionVersion: row.sessionVersion,
    lastSignInAt: row.lastSignInAt,
    notifyReleases: row.notifyReleases,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Domain JSON values are plain objects/arrays; Prisma wants its own InputJsonValue type. */
export function json(value: unknown): db.Prisma.InputJsonValue {
  return value as db.Prisma.InputJsonValue;
}

export function toUploadSession(row: db.UploadSession): UploadSession {
  return {
    ...row,
    platform: row.platform as Platform | null,
    sizeBytes: Number(row.sizeBytes),
    receivedBytes: Number(row.receivedBytes),
    state: row.state as UploadState,
    inspection: row.inspection === null ? null : asObject(row.inspection),
  };
}

export function toInstallEvent(row: db.InstallEvent): InstallEvent {
  return { ...row, kind: row.kind as InstallEventKind, platform: row.platform as Platform | null };
}
