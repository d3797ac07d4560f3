import type { PrismaClient } from "@/generated/prisma/client";
import { readOnly } from "../read-only";
import type { Store } from "../types";
import { prismaAccounts } from "./account-repository";
import { isSqliteBusy, translatePrismaError } from "./errors";
import { type Db, prismaApps, prismaArtifacts, prismaAudit, prismaChannels, prismaReleases, prismaTokens, prismaUploads, prismaUsers } from "./repositories";
import { prismaInstallEvents, prismaShareLinks } from "./install-repositories";
import { prismaMailOutbox, prismaWebhookDeliveries, prismaWebhooks } from "./outbox-repositories";
import { prismaInvitations, prismaMembers, prismaPasswordResets } from "./team-repositories";
import { prismaTesterGroups } from "./tester-group-repositories";

// Generous waits: SQLite has one writer, so a transaction may queue behind another for a while
// under load; each one is short (never held across a byte stream).
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

type Repositories = Omit<Store, "transaction" | "readTransaction">;

function repositories(db: Db): Repositories {
  return {
    apps: prismaApps(db),
    releases: prismaReleases(db),
    artifacts: prismaArtifacts(db),
    channels: prismaChannels(db),
    tokens: prismaTokens(db),
    audit: prismaAudit(db),
    users: prismaUsers(db),
    accounts: prismaAccounts(db),
    members: prismaMembers(db),
    invitations: prismaInvitations(db),
    passwordResets: prismaPasswordResets(db),
    uploads: prismaUploads(db),
    shareLinks: prismaShareLinks(db),
    installEvents: prismaInstallEvents(db),
    webhooks: prismaWebhooks(db),
    webhookDeliveries: prismaWebhookDeliveries(db),
    mail: prismaMailOutbox(db),
    testerGroups: prismaTesterGroups(db),
  };
}

/** Wraps every repository method: `call` decides where it runs, and Prisma errors become domain errors. */
function routeCalls(call: <T>(op: (repos: Repositories) => Promise<T>) => Promise<T>): Repositories {
  // Only the method names are read from this; nothing is called on the stand-in client.
  const template = repositories({} as Db);
  return Object.fromEntries(
    (Object.keys(template) as (keyof Repositories)[]).map((name) => [
      name,
      Object.fromEntries(
        Object.keys(template[name]).map((method) => [
          method,
          (...args: unknown[]) =>
            call((repos) => {
              const repo = repos[name] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
              const fn = repo[method];
              if (!fn) throw new Error(`${name}.${method} is not a repository method`);
              return fn.apply(repo, args);
            }).catch((error: unknown) => {
              throw translatePrismaError(error);
            }),
        ]),
      ),
    ]),
  ) as unknown as Repositories;
}

function transactionStore(tx: Db): Store {
  const repos = repositories(tx);
  const store: Store = {
    ...routeCalls((op) => op(repos)),
    transaction: (fn) => fn(store),
    readTransaction: (fn) => fn(readOnly(store)),
  };
  return store;
}

/**
 * The Prisma-backed Store. Every call outside an explicit transaction still runs in a short one of
 * its own: the better-sqlite3 adapter shares one connection and only transactions take its lock,
 * so a bare query issued while another request's transaction is open would otherwise join that
 * transaction (and vanish with its rollback, or read its uncommitted rows).
 */
export function createPrismaStore(prisma: PrismaClient): Store {
  const transaction: Store["transaction"] = (fn) =>
    retryWhenBusy(() => prisma.$transaction((tx) => fn(transactionStore(tx)), TRANSACTION_OPTIONS)).catch((error: unknown) => {
      throw translatePrismaError(error);
    });
  // The adapter begins deferred transactions: one that only reads never takes the database write lock.
  const readTransaction: Store["readTransaction"] = (fn) => transaction((tx) => fn(readOnly(tx)));
  return {
    ...routeCalls((op) => retryWhenBusy(() => prisma.$transaction((tx) => op(repositories(tx)), TRANSACTION_OPTIONS))),
    transaction,
    readTransaction,
  };
}

// Another process writing the same file (the `shipyard admin` CLI on a running server's data dir)
// can commit between a transaction's first read and its first write. SQLite then refuses the write
// at once: the busy timeout cannot help, the transaction's snapshot is stale. It rolled back, so
// it runs again, whole, on a fresh snapshot; a few tries with a growing, jittered pause.
const BUSY_ATTEMPTS = 5;

async function retryWhenBusy<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= BUSY_ATTEMPTS || !isSqliteBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 20 * (0.5 + Math.random())));
    }
  }
}
