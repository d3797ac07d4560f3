// What a server does before it accepts requests: schema up to date, first admin present.
// Shared by `npm start` (scripts/start.ts) and the test servers.
import { mkdirSync } from "node:fs";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { env } from "@/env";
import { openPrisma } from "./db/client";
import { applyMigrations, pendingMigrations } from "./db/migrations";
import { ensureFirstAdmin, type FirstAdminResult } from "./services/users";
import { createPrismaStore } from "./store/prisma";

export interface BootstrapResult {
  appliedMigrations: string[];
  firstAdmin: FirstAdminResult;
}

/**
 * Creates the data dir and applies pending migrations; returns their names. The schema engine
 * locks the database exclusively, which a running server prevents, so it is only started when
 * something is actually pending (a cheap read of _prisma_migrations tells).
 */
export async function migrateDatabase(): Promise<string[]> {
  const config = env();
  mkdirSync(config.dataDir, { recursive: true });
  if ((await pendingMigrations(config.databaseUrl)).length === 0) return [];
  try {
    return (await applyMigrations({ databaseUrl: config.databaseUrl })).applied;
  } catch (error) {
    if (/SocketTimeout|database is locked|SQLITE_BUSY/i.test(String(error))) {
      throw new Error("The database has pending migrations and is in use (is a Shipyard server running on it?). Stop the server, then try again.", { cause: error });
    }
    throw error;
  }
}

export async function bootstrap(): Promise<BootstrapResult> {
  const config = env();
  const applied = await migrateDatabase();
  const prisma = await openPrisma(config.databaseUrl);
  try {
    const firstAdmin = await ensureFirstAdmin(createPrismaStore(prisma), SYSTEM_ACTOR, {
      email: config.adminEmail,
      password: config.adminPassword,
    });
    return { appliedMigrations: applied, firstAdmin };
  } finally {
    await prisma.$disconnect();
  }
}

export function describeFirstAdmin(result: FirstAdminResult): string | null {
  if (!result.created) return null;
  const lines = ["", "  First admin account created:", `    email:    ${result.email}`];
  lines.push(
    result.generatedPassword
      ? `    password: ${result.generatedPassword}\n\n  This password is shown only once. Sign in and keep it somewhere safe.`
      : "    password: the one given in SHIPYARD_ADMIN_PASSWORD",
  );
  return `${lines.join("\n")}\n`;
}
