import type { Store } from "./types";

// The read methods of every repository, named once: the type of what a read transaction hands
// out, and the list that builds it at run time, so code in a read transaction cannot write even
// through a cast (the write methods are simply absent).

export const READ_METHODS = {
  apps: ["getById", "getBySlug", "list"],
  releases: ["getById", "getByIds", "getByVersion", "listByApp"],
  artifacts: ["getById", "listByRelease", "listByReleases", "latestOfPlatformBefore", "listBySha256", "storageByApps", "list"],
  channels: ["getById", "getByName", "listByApp", "listByApps", "listHistory", "listHistoryOfRelease"],
  tokens: ["getById", "getByHash", "getByIds", "list"],
  audit: ["getById", "list"],
  users: ["getById", "getByIds", "getByEmail", "list", "count"],
  accounts: ["get", "listByUser"],
  members: ["get", "listByUser", "listByUsers", "listByApp"],
  invitations: ["getById", "getByHash", "list", "getPendingByEmail"],
  passwordResets: ["getByHash"],
  endedSessions: ["isEnded"],
  uploads: ["getById", "listExpired", "listUnpublished", "countUnconsumedBySha256"],
  shareLinks: ["getById", "getByHash", "listByApp"],
  installEvents: ["listByApp", "funnelForRelease", "funnelsForReleases"],
  webhooks: ["getById", "listByApp"],
  webhookDeliveries: ["getById", "listByWebhook"],
  mail: ["getById", "list"],
  testerGroups: ["getById", "listByApp", "getMember", "listMembers", "groupsOfUser", "groupOfShareLink"],
} as const satisfies { [R in keyof Repositories]: readonly (keyof Repositories[R])[] };

type Repositories = Omit<Store, "transaction" | "readTransaction">;

/** The store as a read transaction sees it: every repository, read methods only. */
export type ReadStore = { [R in keyof typeof READ_METHODS]: Pick<Repositories[R], Extract<(typeof READ_METHODS)[R][number], keyof Repositories[R]>> };

/** The read methods of a store, and nothing else (repository methods are closures: no `this` to bind). */
export function readOnly(store: Repositories): ReadStore {
  const view: Record<string, Record<string, unknown>> = {};
  for (const [repo, methods] of Object.entries(READ_METHODS)) {
    const source = store[repo as keyof Repositories] as unknown as Record<string, (...args: unknown[]) => unknown>;
    view[repo] = Object.fromEntries(
      methods.map((method) => {
        const fn = source[method];
        if (typeof fn !== "function") throw new Error(`store has no ${repo}.${method}`);
        return [method, fn];
      }),
    );
  }
  return view as unknown as ReadStore;
}
