import type { Store } from "@/server/store/types";

type RepoName = Exclude<keyof Store, "transaction">;

/**
 * Wraps a store so that the nth call (1-based) of one repository method throws, inside or outside
 * transactions: a way to inject a crash at an exact point of a write path.
 */
export function failOnCall(store: Store, repo: RepoName, method: string, n: number): Store {
  let calls = 0;
  const wrap = (inner: Store): Store => {
    const target = inner[repo] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const original = target[method];
    if (!original) throw new Error(`no method ${repo}.${method}`);
    const patchedRepo = {
      ...target,
      [method]: async (...args: unknown[]) => {
        calls++;
        if (calls === n) throw new Error(`injected failure in ${repo}.${method} (call ${n})`);
        return original(...args);
      },
    };
    const self = {
      ...inner,
      [repo]: patchedRepo,
      transaction: (fn) => inner.transaction((tx) => fn(tx === inner ? self : wrap(tx))),
    } as Store;
    return self;
  };
  return wrap(store);
}
