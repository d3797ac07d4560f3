import type { AccountRepository, LinkedAccount } from "../account-types";
import type { Db } from "./repositories";

// Only the link is kept: Shipyard never calls the provider on the user's behalf, so its access,
// refresh and ID tokens are not stored (the table's token columns stay empty).

function toLinked(row: { userId: string; provider: string; providerAccountId: string; type: string }): LinkedAccount {
  return { userId: row.userId, provider: row.provider, providerAccountId: row.providerAccountId, type: row.type };
}

export function prismaAccounts(db: Db): AccountRepository {
  return {
    async get(provider, providerAccountId) {
      const row = await db.account.findUnique({ where: { provider_providerAccountId: { provider, providerAccountId } } });
      return row && toLinked(row);
    },
    async listByUser(userId) {
      return (await db.account.findMany({ where: { userId }, orderBy: [{ provider: "asc" }, { providerAccountId: "asc" }] })).map(toLinked);
    },
    async link(account) {
      return toLinked(await db.account.create({ data: { ...account } }));
    },
  };
}
