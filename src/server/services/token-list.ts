import type { Page, PageInput } from "@/domain/pagination";
import type { PublicToken } from "@/domain/token";
import { type TokenState, tokenState } from "@/domain/token-state";
import type { Store } from "../store/types";
import { type ActorDescription, actorFrom } from "@/domain/actor";
import { describeActors } from "./actors";
import { listTokens } from "./tokens";

/** A token as the console's list shows it: its restriction by slug, its creator by name, its state. */
export interface TokenListRow extends PublicToken {
  /** Slug of the app it is restricted to; null for every app. */
  appSlug: string | null;
  /** The creating user (by email), token (by name) or the server shell ("Shipyard"). */
  creator: ActorDescription;
  state: TokenState;
}

/** One page of tokens with everything the list names, in a fixed number of reads per page. */
export async function listTokenRows(store: Store, page: PageInput = {}, now = new Date(), only?: readonly string[]): Promise<Page<TokenListRow>> {
  const tokens = await listTokens(store, page, only);
  const appIds = [...new Set(tokens.items.flatMap((t) => (t.appId ? [t.appId] : [])))];
  // Tokens restricted to an app are deleted with it, so every id resolves; the few apps of a page are read at once.
  const [actors, apps] = await Promise.all([
    describeActors(
      store,
      tokens.items.map((t) => t.createdBy),
    ),
    Promise.all(appIds.map((id) => store.apps.getById(id))),
  ]);
  const slugs = new Map(apps.flatMap((app) => (app ? [[app.id, app.slug] as const] : [])));
  return {
    nextCursor: tokens.nextCursor,
    items: tokens.items.map((token) => ({
      ...token,
      appSlug: token.appId ? (slugs.get(token.appId) ?? "deleted app") : null,
      creator: actorFrom(actors, token.createdBy),
      state: tokenState(token, now),
    })),
  };
}
