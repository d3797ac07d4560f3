import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openPrisma } from "@/server/db/client";
import { applyMigrations } from "@/server/db/migrations";
import { createMemoryStore } from "@/server/store/memory";
import { createPrismaStore } from "@/server/store/prisma";
import type { Store } from "@/server/store/types";

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

/** Both implementations, for suites that must behave the same on each. */
export const STORE_KINDS = [
  { kind: "memory", open: memoryStore },
  { kind: "sqlite", open: sqliteStore },
] as const;
