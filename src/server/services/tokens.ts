import { randomBytes } from "node:crypto";
import type { Actor } from "@/domain/actor";
import { actorRef } from "@/domain/actor";
import { channelNameSchema } from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import { type Page, type PageInput, pageInputSchema } from "@/domain/pagination";
import { type CreateTokenInput, createTokenInputSchema, type PublicToken, type Token, toPublicToken } from "@/domain/token";
import { hasScope, type TokenGrant } from "@/domain/token-grant";
import { formatToken, isWellFormedToken, TOKEN_RANDOM_BYTES, tokenDisplayPrefix } from "@/domain/token-format";
import { parseOrThrow } from "@/domain/validate";
import { hashesEqual, hashToken } from "../crypto/token-hash";
import type { ReadStore } from "../store/read-only";
import type { Store } from "../store/types";
import { getAppBySlugOrThrow } from "./apps";
import { recordAudit } from "./audit";
import { getChannelByNameOrThrow } from "./channels";

const DAY_MS = 24 * 60 * 60 * 1000;
/** last_used_at is written at most this often per token, so a busy CI token does not write on every request. */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

export interface TokenPolicy {
  defaultTtlDays: number;
  maxTtlDays: number;
}

export interface CreatedToken {
  token: PublicToken;
  /** The only time the raw token exists outside the caller's hands. Never logged or stored. */
  raw: string;
}

/**
 * Who is creating the token: an admin user (anything, including no expiry), or a token with
 * tokens:manage, which can only hand out scopes it holds itself and never a token without expiry.
 */
export type TokenCreator = { kind: "admin" } | { kind: "token"; grant: TokenGrant };

export async function createToken(store: Store, actor: Actor, creator: TokenCreator, raw: CreateTokenInput, policy: TokenPolicy, now = new Date()): Promise<CreatedToken> {
  const input = parseOrThrow(createTokenInputSchema, raw, "token");
  const scopes = [...new Set(input.scopes)];
  if (creator.kind === "token") {
    const beyond = scopes.filter((s) => !hasScope(creator.grant, s));
    if (beyond.length > 0) throw new DomainError("FORBIDDEN", `cannot grant scopes this token does not hold: ${beyond.join(", ")}`);
  }
  if (input.channel !== undefined && input.app === undefined) {
    throw new DomainError("INVALID", "Invalid token: a channel restriction needs an app restriction too");
  }
  const lifetime = input.expiresInDays ?? policy.defaultTtlDays;
  if (lifetime === "never" && !(creator.kind === "admin" || hasScope(creator.grant, "admin"))) {
    throw new DomainError("FORBIDDEN", "only an admin can create a token that never expires");
  }
  if (lifetime !== "never" && lifetime > policy.maxTtlDays) {
    throw new DomainError("INVALID", `Invalid token: expiry must be at most ${policy.maxTtlDays} days`);
  }
  const rawToken = formatToken(randomBytes(TOKEN_RANDOM_BYTES));
  return store.transaction(async (tx) => {
    const app = input.app === undefined ? null : await getAppBySlugOrThrow(tx, input.app);
    let channel: string | null = null;
    if (input.channel !== undefined && app) {
      channel = (await getChannelByNameOrThrow(tx, app.id, parseOrThrow(channelNameSchema, input.channel, "channel"))).name;
    }
    const token = await tx.tokens.create({
      name: input.name,
      tokenHash: hashToken(rawToken),
      displayPrefix: tokenDisplayPrefix(rawToken),
      scopes,
      appId: app?.id ?? null,
      channel,
      createdBy: actorRef(actor),
      expiresAt: lifetime === "never" ? null : new Date(now.getTime() + lifetime * DAY_MS),
    });
    await recordAudit(
      tx,
      actor,
      "token.create",
      { type: "token", id: token.id },
      {
        name: token.name,
        scopes: token.scopes,
        appId: token.appId,
        channel: token.channel,
        expiresAt: token.expiresAt?.toISOString() ?? null,
        displayPrefix: token.displayPrefix,
      },
    );
    return { token: toPublicToken(token), raw: rawToken };
  });
}

export type TokenRejection = "malformed" | "unknown" | "expired" | "revoked";

export const TOKEN_REJECTION_MESSAGES: Record<TokenRejection, string> = {
  malformed: "malformed token",
  unknown: "invalid token",
  expired: "token expired",
  revoked: "token revoked",
};

/** Resolves a raw bearer token to its row, or says why it is refused. Does not record use. */
export async function authenticateToken(store: Pick<ReadStore, "tokens">, raw: string, now = new Date()): Promise<{ ok: true; token: Token } | { ok: false; reason: TokenRejection }> {
  if (!isWellFormedToken(raw)) return { ok: false, reason: "malformed" };
  const hash = hashToken(raw);
  const token = await store.tokens.getByHash(hash);
  if (!token || !hashesEqual(token.tokenHash, hash)) return { ok: false, reason: "unknown" };
  if (token.revokedAt) return { ok: false, reason: "revoked" };
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, token };
}

/** Records that a token was used: at most once per interval, with an audit event each time. */
export async function recordTokenUse(store: Store, token: Token, context: Record<string, unknown>, now = new Date()): Promise<boolean> {
  if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < LAST_USED_WRITE_INTERVAL_MS) return false;
  await store.transaction(async (tx) => {
    await tx.tokens.update(token.id, { lastUsedAt: now });
    await recordAudit(tx, { kind: "token", id: token.id }, "token.use", { type: "token", id: token.id, appId: token.appId }, context);
  });
  return true;
}

export async function revokeToken(store: Store, actor: Actor, tokenId: string, now = new Date()): Promise<PublicToken> {
  return store.transaction(async (tx) => {
    const token = await tx.tokens.getById(tokenId);
    if (!token) throw DomainError.notFound("token", tokenId);
    if (token.revokedAt) return toPublicToken(token);
    const revoked = await tx.tokens.update(tokenId, { revokedAt: now });
    await recordAudit(tx, actor, "token.revoke", { type: "token", id: tokenId, appId: token.appId }, { name: token.name, displayPrefix: token.displayPrefix });
    return toPublicToken(revoked);
  });
}

/** Tokens newest first; `only`: those restricted to these apps (a maintainer's). */
export async function listTokens(store: Store, page: PageInput = {}, only?: readonly string[]): Promise<Page<PublicToken>> {
  const result = await store.tokens.list(parseOrThrow(pageInputSchema, page, "page"), only);
  return { items: result.items.map(toPublicToken), nextCursor: result.nextCursor };
}
