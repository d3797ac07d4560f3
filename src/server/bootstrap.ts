// What a server does before it accepts requests: schema up to date, first admin present.
// Shared by `npm start` (scripts/start.ts) and the test servers.
import { mkdirSync } from "node:fs";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { env } from "@/env";
import { openPrisma } from "./db/client";
import { applyMigrations } from "./db/migrations";
import { ensureFirstAdmin, type FirstAdminResult } from "./services/users";
import { createPrismaStore } from "./store/prisma";

export interface BootstrapResult {
  appliedMigrations: string[];
  firstAdmin: FirstAdminResult;
}

/** Creates the data dir and applies pending migrations; returns their names. */
export async function migrateDatabase(): Promise<string[]> {
  const config = env();
  mkdirSync(config.dataDir, { recursive: true });
  return (await applyMigrations({ databaseUrl: config.databaseUrl })).applied;
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
