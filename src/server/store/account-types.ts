// Repository of sign-in accounts at outside providers (next-auth's `accounts` table): which
// Shipyard user a provider's person (provider + providerAccountId) signs in as.

export interface LinkedAccount {
  userId: string;
  /** "oidc" for single sign-on: next-auth's provider id. */
  provider: string;
  /** The provider's stable id of the person (an ID token's sub). */
  providerAccountId: string;
  /** next-auth's provider type ("oidc"). */
  type: string;
}

export interface AccountRepository {
  get(provider: string, providerAccountId: string): Promise<LinkedAccount | null>;
  /** The accounts linked to one user, at every provider. */
  listByUser(userId: string): Promise<LinkedAccount[]>;
  /** Links an account; CONFLICT when this provider's person is linked already (to anyone). */
  link(account: LinkedAccount): Promise<LinkedAccount>;
}
