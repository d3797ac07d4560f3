import { readOnly } from "../read-only";
import { memoryAccounts } from "./account-repository";
import type { Store } from "../types";
import { memoryApps, memoryArtifacts, memoryAudit, memoryChannels, memoryReleases, memoryTokens, memoryUploads, memoryUsers } from "./repositories";
import { memoryInstallEvents, memoryShareLinks } from "./install-repositories";
import { emptyState, type MemoryState } from "./state";
import { memoryMailOutbox, memoryWebhookDeliveries, memoryWebhooks } from "./outbox-repositories";
import { memoryEndedSessions, memoryInvitations, memoryMembers, memoryPasswordResets } from "./team-repositories";
import { memoryTesterGroups } from "./tester-group-repositories";

function buildStore(state: () => MemoryState, transaction: Store["transaction"], readTransaction: Store["readTransaction"]): Store {
  return {
    apps: memoryApps(state),
    releases: memoryReleases(state),
    artifacts: memoryArtifacts(state),
    channels: memoryChannels(state),
    tokens: memoryTokens(state),
    audit: memoryAudit(state),
    users: memoryUsers(state),
    accounts: memoryAccounts(state),
    members: memoryMembers(state),
    invitations: memoryInvitations(state),
    passwordResets: memoryPasswordResets(state),
    endedSessions: memoryEndedSessions(state),
    uploads: memoryUploads(state),
    shareLinks: memoryShareLinks(state),
    installEvents: memoryInstallEvents(state),
    webhooks: memoryWebhooks(state),
    webhookDeliveries: memoryWebhookDeliveries(state),
    mail: memoryMailOutbox(state),
    testerGroups: memoryTesterGroups(state),
    transaction,
    readTransaction,
  };
}

/**
 * An in-memory Store for tests and tools that must run without SQLite. Transactions work on a
 * clone of the state and swap it in on success; they are serialised, and writes outside a
 * transaction wait for the running one, so a commit never overwrites a concurrent write.
 */
export function createMemoryStore(): Store {
  let committed = emptyState();
  let queue: Promise<unknown> = Promise.resolve();

  const serialised = <T>(op: () => Promise<T>): Promise<T> => {
    const result = queue.then(op, op);
    queue = result.catch(() => undefined);
    return result;
  };

  const transaction: Store["transaction"] = (fn) =>
    serialised(async () => {
      const working = structuredClone(committed);
      const tx: Store = buildStore(
        () => working,
        (inner) => inner(tx),
        (inner) => inner(readOnly(tx)),
      );
      const result = await fn(tx);
      committed = working;
      return result;
    });

  // Reads need no copy: no write runs while fn does, and every read returns copies of the rows.
  const readTransaction: Store["readTransaction"] = (fn) => serialised(() => fn(readOnly(buildStore(() => committed, transaction, readTransaction))));

  const root = buildStore(() => committed, transaction, readTransaction);
  return wrapRepositories(root, serialised);
}

/** Routes every repository call of the root store through the serialising queue. */
function wrapRepositories(store: Store, serialised: <T>(op: () => Promise<T>) => Promise<T>): Store {
  const wrapped: Record<string, unknown> = { transaction: store.transaction, readTransaction: store.readTransaction };
  for (const [name, repo] of Object.entries(store)) {
    if (name === "transaction" || name === "readTransaction") continue;
    wrapped[name] = Object.fromEntries(
      Object.entries(repo as Record<string, (...args: unknown[]) => Promise<unknown>>).map(([method, fn]) => [method, (...args: unknown[]) => serialised(() => fn(...args))]),
    );
  }
  return wrapped as unknown as Store;
}
