import type { PrismaClient } from "@/generated/prisma/client";
import { readOnly } from "../read-only";
import type { Store } from "../types";
import { prismaAccounts } from "./account-repository";
import type { DatabaseKind } from "../../db/database-kind";
import { isPostgresConflict, isSqliteBusy, translatePrismaError } from "./errors";
import { type Db, prismaApps, prismaArtifacts, prismaAudit, prismaChannels, prismaReleases, prismaTokens, prismaUploads, prismaUsers } from "./repositories";
import { prismaInstallEvents, prismaShareLinks } from "./install-repositories";
import { prismaMailOutbox, prismaWebhookDeliveries, prismaWebhooks } from "./outbox-repositories";
import { prismaEndedSessions, prismaInvitations, prismaMembers, prismaPasswordResets } from "./team-repositories";
import { prismaTesterGroups } from "./tester-group-repositories";

// Generous waits: SQLite has one writer, so a transaction may queue behind another for a while
// under load; each one is short (never held across a byte stream).
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

type Repositories = Omit<Store, "transaction" | "readTransaction">;

function repositories(db: Db, kind: DatabaseKind): Repositories {
  return {
    apps: prismaApps(db, kind),
    releases: prismaReleases(db, kind),
    artifacts: prismaArtifacts(db),
    channels: prismaChannels(db),
    tokens: prismaTokens(db),
    audit: prismaAudit(db, kind),
    users: prismaUsers(db),
    accounts: prismaAccounts(db),
    members: prismaMembers(db),
    invitations: prismaInvitations(db),
    passwordResets: prismaPasswordResets(db),
    endedSessions: prismaEndedSessions(db),
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
  const template = repositories({} as Db, "sqlite");
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

function transactionStore(tx: Db, kind: DatabaseKind): Store {
  const repos = repositories(tx, kind);
  const store: Store = {
    ...routeCalls((op) => op(repos)),
    transaction: (fn) => fn(store),
    readTransaction: (fn) => fn(readOnly(store)),
  };
  return store;
}

/**
 * How each database runs the store's calls. SQLite: every call outside an explicit transaction
 * still runs in a short one of its own, because the better-sqlite3 adapter shares one connection
 * and only transactions take its lock (a bare query issued while another request's transaction is
 * open would join it, and vanish with its rollback or read its uncommitted rows); its one writer
 * makes every transaction serializable. PostgreSQL: a pool of connections, so a bare call needs no
 * wrapper; a transaction is SERIALIZABLE, keeping the read-then-write reasoning the services were
 * written with (last-admin checks, promotions), and one PostgreSQL aborts for a conflict runs again.
 * A read transaction only needs one snapshot: REPEATABLE READ, which never aborts a reader.
 */
const DIALECTS = {
  sqlite: { retryable: isSqliteBusy, write: {}, read: {}, wrapBareCalls: true },
  postgresql: {
    retryable: isPostgresConflict,
    write: { isolationLevel: "Serializable" },
    read: { isolationLevel: "RepeatableRead" },
    wrapBareCalls: false,
  },
} as const;

/** The Prisma-backed Store, on SQLite or PostgreSQL (see DIALECTS). */
export function createPrismaStore(prisma: PrismaClient, kind: DatabaseKind = "sqlite"): Store {
  const dialect = DIALECTS[kind];
  const run = <T>(fn: (tx: Db) => Promise<T>, isolation: { isolationLevel?: "Serializable" | "RepeatableRead" }) =>
    // The client is typed as SQLite's, whose only level is Serializable; PostgreSQL's client takes all four.
    retryConflicts(dialect.retryable, () => prisma.$transaction(fn, { ...TRANSACTION_OPTIONS, ...isolation } as typeof TRANSACTION_OPTIONS)).catch((error: unknown) => {
      throw translatePrismaError(error);
    });
  const transaction: Store["transaction"] = (fn) => run((tx) => fn(transactionStore(tx, kind)), dialect.write);
  // SQLite's adapter begins deferred transactions: one that only reads never takes the write lock.
  const readTransaction: Store["readTransaction"] = (fn) => run((tx) => fn(readOnly(transactionStore(tx, kind))), dialect.read);
  const bareCalls = dialect.wrapBareCalls
    ? routeCalls((op) => retryConflicts(dialect.retryable, () => prisma.$transaction((tx) => op(repositories(tx, kind)), TRANSACTION_OPTIONS)))
    : routeCalls((op) => op(repositories(prisma, kind)));
  return { ...bareCalls, transaction, readTransaction };
}

// A transaction the database rolled back for a conflicting one ran on a stale snapshot; it runs
// again, whole, on a fresh one: a few tries with a growing, jittered pause. On SQLite that is
// another process writing the same file (the `shipyard admin` CLI on a running server's data dir),
// committing between a transaction's first read and its first write, which SQLite refuses at once
// (the busy timeout cannot help).
// Every round of conflicting transactions lets at least one commit, so N writers on the same rows
// need up to N rounds; the pause doubles (from 10 ms, jittered, capped at 400 ms) so they spread out.
const CONFLICT_ATTEMPTS = 12;

async function retryConflicts<T>(retryable: (error: unknown) => boolean, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= CONFLICT_ATTEMPTS || !retryable(error)) throw error;
      const pause = Math.min(400, 10 * 2 ** attempt) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
