import { conflictError } from "../conflicts";
import type { AccountRepository } from "../account-types";
import { copy, type MemoryState, requireRow } from "./state";

/** The key of an account: one row per provider and provider account id, as the SQL table's primary key. */
function accountKey(provider: string, providerAccountId: string): string {
  return `${provider}\u0000${providerAccountId}`;
}

export function memoryAccounts(state: () => MemoryState): AccountRepository {
  return {
    async get(provider, providerAccountId) {
      const row = state().accounts.get(accountKey(provider, providerAccountId));
      return row ? copy(row) : null;
    },
    async listByUser(userId) {
      return copy([...state().accounts.values()].filter((a) => a.userId === userId).sort((a, b) => (a.provider + a.providerAccountId < b.provider + b.providerAccountId ? -1 : 1)));
    },
    async link(account) {
      const s = state();
      requireRow(s.users, account.userId, "user");
      const key = accountKey(account.provider, account.providerAccountId);
      if (s.accounts.has(key)) throw conflictError(null);
      s.accounts.set(key, copy(account));
      return copy(account);
    },
  };
}
