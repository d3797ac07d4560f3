import { randomBytes } from "node:crypto";
import { type Actor, actorRef } from "@/domain/actor";
import type { App } from "@/domain/app";
import { DomainError } from "@/domain/errors";
import { type Page, type PageInput, pageInputSchema } from "@/domain/pagination";
import { type CreateShareLinkInput, createShareLinkInputSchema, type PublicShareLink, type ShareLink, type ShareLinkState, shareLinkState, toPublicShareLink } from "@/domain/share-link";
import { formatToken, isWellFormedToken, SHARE_LINK_PREFIX, TOKEN_RANDOM_BYTES, tokenDisplayPrefix } from "@/domain/token-format";
import { parseOrThrow } from "@/domain/validate";
import { hashesEqual, hashToken } from "../crypto/token-hash";
import type { ReadStore } from "../store/read-only";
import type { Store } from "../store/types";
import { getAppOrThrow } from "./apps";
import { recordAudit } from "./audit";
import type { InstallEventRecorder } from "./install-events";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreatedShareLink {
  link: PublicShareLink;
  /** The secret part of the URL: shown once, never stored. */
  raw: string;
}

/** `secret`: a tester's personal link brings its own (derived, crypto/tester-link.ts); random otherwise. */
export async function createShareLink(
  store: Store,
  actor: Actor,
  appId: string,
  raw: CreateShareLinkInput,
  now = new Date(),
  secret = formatToken(randomBytes(TOKEN_RANDOM_BYTES), SHARE_LINK_PREFIX),
): Promise<CreatedShareLink> {
  const input = parseOrThrow(createShareLinkInputSchema, raw, "share link");
  return store.transaction(async (tx) => {
    const app = await getAppOrThrow(tx, appId);
    const link = await tx.shareLinks.create({
      appId: app.id,
      name: input.name,
      tokenHash: hashToken(secret),
      displayPrefix: tokenDisplayPrefix(secret),
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      maxInstalls: input.maxInstalls,
      createdBy: actorRef(actor),
    });
    await recordAudit(
      tx,
      actor,
      "share_link.create",
      { type: "share_link", id: link.id },
      {
        appId: app.id,
        name: link.name,
        expiresAt: link.expiresAt?.toISOString() ?? null,
        maxInstalls: link.maxInstalls,
        displayPrefix: link.displayPrefix,
      },
    );
    return { link: toPublicShareLink(link), raw: secret };
  });
}

export async function revokeShareLink(store: Store, actor: Actor, appId: string, linkId: string, now = new Date()): Promise<PublicShareLink> {
  return store.transaction(async (tx) => {
    const link = await tx.shareLinks.getById(linkId);
    if (!link || link.appId !== appId) throw DomainError.notFound("share link", linkId);
    if (link.revokedAt) return toPublicShareLink(link);
    const revoked = await tx.shareLinks.update(linkId, { revokedAt: now });
    await recordAudit(tx, actor, "share_link.revoke", { type: "share_link", id: linkId }, { appId, name: link.name, installCount: link.installCount });
    return toPublicShareLink(revoked);
  });
}

export async function listShareLinks(store: Store, appId: string, page: PageInput = {}): Promise<Page<PublicShareLink>> {
  const result = await store.shareLinks.listByApp(appId, parseOrThrow(pageInputSchema, page, "page"));
  return { ...result, items: result.items.map(toPublicShareLink) };
}

export type ShareLinkCheck = { ok: true; link: ShareLink } | { ok: false; reason: "unknown" | Exclude<ShareLinkState, "active" | "exhausted"> };

/**
 * Resolves a raw share secret. An exhausted link still opens the page (testers can read the notes
 * and see why the install button is gone); callers decide what "exhausted" allows.
 */
export async function resolveShareLink(store: Pick<ReadStore, "shareLinks">, raw: string, now = new Date()): Promise<ShareLinkCheck | { ok: true; link: ShareLink; exhausted: true }> {
  if (!isWellFormedToken(raw, SHARE_LINK_PREFIX)) return { ok: false, reason: "unknown" };
  const hash = hashToken(raw);
  const link = await store.shareLinks.getByHash(hash);
  if (!link || !hashesEqual(link.tokenHash, hash)) return { ok: false, reason: "unknown" };
  const state = shareLinkState(link, now);
  if (state === "exhausted") return { ok: true, link, exhausted: true };
  if (state !== "active") return { ok: false, reason: state };
  return { ok: true, link };
}

export type RedeemedShareLink = { ok: true; app: App; link: ShareLink } | { ok: false; reason: Extract<ShareLinkCheck, { ok: false }>["reason"] };

/** A visitor opening a share link: the app it leads to, counted as a share_open for the app's funnel. */
export async function redeemShareLink(deps: { store: Store; recordInstallEvent: InstallEventRecorder["record"] }, raw: string, now = new Date()): Promise<RedeemedShareLink> {
  const result = await resolveShareLink(deps.store, raw, now);
  if (!result.ok) return result;
  const app = await deps.store.apps.getById(result.link.appId);
  if (!app) return { ok: false, reason: "unknown" };
  deps.recordInstallEvent({ appId: app.id, kind: "share_open", releaseId: null, artifactId: null, channel: null, platform: null, shareLinkId: result.link.id });
  return { ok: true, app, link: result.link };
}
