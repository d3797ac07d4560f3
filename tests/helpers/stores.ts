import { randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openPrisma } from "@/server/db/client";
import { applyMigrations } from "@/server/db/migrations";
import { withPostgresClient } from "@/server/db/postgres-client";
import { createMemoryStore } from "@/server/store/memory";
import { createPrismaStore } from "@/server/store/prisma";
import type { Store } from "@/server/store/types";
import { afterEach, beforeEach, inject } from "vitest";
import { TEMPLATE_DATABASE } from "./postgres-setup";

export interface TestStore {
  store: Store;
  close(): Promise<void>;
}

let template: Promise<string> | undefined;

/** Migrates one SQLite file per test worker; each test then gets a copy of it (fast and isolated). */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "shipyard-template-"));
    const file = path.join(dir, "template.db");
    await applyMigrations({ databaseUrl: `file:${file}` });
    return file;
  })();
  return template;
}

/** A fresh, fully migrated SQLite database file in its own temp dir. */
export async function freshSqliteFile(): Promise<{ file: string; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "shipyard-db-"));
  const file = path.join(dir, "shipyard.db");
  copyFileSync(await migratedTemplate(), file);
  return { file, dir };
}

export async function sqliteStore(): Promise<TestStore & { file: string }> {
  const { file, dir } = await freshSqliteFile();
  const prisma = await openPrisma(`file:${file}`);
  return {
    file,
    store: createPrismaStore(prisma),
    async close() {
      await prisma.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function memoryStore(): Promise<TestStore> {
  return { store: createMemoryStore(), close: async () => {} };
}

/** The test PostgreSQL server (tests/helpers/postgres-setup.ts), or "" when there is none. */
export const POSTGRES_SERVER_URL = inject("postgresServerUrl") ?? "";

async function onPostgresServer(sql: string): Promise<void> {
  await withPostgresClient(POSTGRES_SERVER_URL, (client) => client.query(sql));
}

/** A fresh, fully migrated PostgreSQL database: a copy of the template the setup migrated. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `shipyard_test_${randomUUID().replaceAll("-", "")}`;
  await onPostgresServer(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onPostgresServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A store on an existing PostgreSQL database (a second app server on the same database, say). */
export async function postgresStoreOn(url: string): Promise<TestStore> {
  const prisma = await openPrisma(url);
  return { store: createPrismaStore(prisma, "postgresql"), close: () => prisma.$disconnect() };
}

export async function postgresStore(): Promise<TestStore> {
  const database = await freshPostgresDatabase();
  const opened = await postgresStoreOn(database.url);
  return {
    store: opened.store,
    async close() {
      await opened.close();
      await database.drop();
    },
  };
}

/**
 * Every implementation, for suites that must behave the same on each. PostgreSQL is left out when
 * the run has no server (see postgres-setup.ts; CI requires one).
 */
export const STORE_KINDS = [
  { kind: "memory", open: memoryStore },
  { kind: "sqlite", open: sqliteStore },
  ...(POSTGRES_SERVER_URL ? [{ kind: "postgresql", open: postgresStore } as const] : []),
] as const;

/**
 * Opens a fresh store before each test of the calling suite and closes it after; `.store` is the
 * current test's. Call it before the suite's own hooks so they can seed it: vitest runs before-hooks
 * in the order they were added and after-hooks in reverse.
 */
export function storePerTest(open: () => Promise<TestStore>): { readonly store: Store } {
  let current: TestStore | undefined;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get store() {
      if (!current) throw new Error("storePerTest: there is a store only while a test runs");
      return current.store;
    },
  };
}
