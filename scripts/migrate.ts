// Prisma migrations without the Prisma CLI (its migrate commands need the native schema engine,
// which cannot be fetched offline). Usage: tsx scripts/migrate.ts <deploy | create <name> | check | status>
//
// deploy and status act on DATABASE_URL (SQLite or PostgreSQL). create and check act on both
// providers' folders: SQLite's diff runs in memory, PostgreSQL's replays the migrations on a shadow
// database created on the server POSTGRES_SHADOW_URL names (a DATABASE_URL that is PostgreSQL
// serves too); without one, PostgreSQL is skipped with a warning.
import path from "node:path";
import { type DatabaseKind, databaseKindOf } from "../src/server/db/database-kind";
import { applyMigrations, createMigration, diffMigrationsToSchema, migrationStatus } from "../src/server/db/migrations";

const USAGE = "usage: tsx scripts/migrate.ts <deploy | create <name> | check | status>";

// Same default as src/env.ts, which is not imported here: it validates settings this tool never uses.
const databaseUrl = process.env.DATABASE_URL ?? `file:${path.join(process.env.DATA_DIR ?? "./data", "shipyard.db")}`;
const postgresUrl = process.env.POSTGRES_SHADOW_URL ?? (databaseKindOf(databaseUrl) === "postgresql" ? databaseUrl : undefined);

/** The providers to diff, each with the database URL its diff needs. */
function providers(): { kind: DatabaseKind; databaseUrl?: string }[] {
  if (postgresUrl) return [{ kind: "sqlite" }, { kind: "postgresql", databaseUrl: postgresUrl }];
  console.warn("PostgreSQL migrations skipped: set POSTGRES_SHADOW_URL to a PostgreSQL server where a shadow database may be created.");
  return [{ kind: "sqlite" }];
}

const list = (names: string[]) => names.map((name) => `  ${name}`).join("\n");

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "deploy": {
      const { applied } = await applyMigrations({ databaseUrl });
      console.log(applied.length ? `Applied to ${databaseUrl}:\n${list(applied)}` : `${databaseUrl} is up to date`);
      return 0;
    }
    case "create": {
      const [name] = rest;
      if (rest.length !== 1 || name === undefined) break;
      for (const provider of providers()) {
        const { dir } = await createMigration({ name, ...provider });
        console.log(`${provider.kind}: ${dir ? path.relative(process.cwd(), path.join(dir, "migration.sql")) : "no changes"}`);
      }
      return 0;
    }
    case "check": {
      let drifted = false;
      for (const provider of providers()) {
        const { hasChanges, sql } = await diffMigrationsToSchema(provider);
        if (!hasChanges) {
          console.log(`${provider.kind}: migrations match schema.prisma`);
          continue;
        }
        drifted = true;
        console.error(`${provider.kind}: the migrations do not match schema.prisma; this SQL is missing from them:\n`);
        console.error(sql);
      }
      if (drifted) console.error("Run: npm run db:migration:create -- <name>");
      return drifted ? 1 : 0;
    }
    case "status": {
      const status = await migrationStatus({ databaseUrl });
      const sections: [string, string[]][] = [
        ["Pending", status.pending],
        ["Failed (blocks later migrations)", status.failed],
        ["Edited after being applied", status.edited],
        ["Applied but missing from prisma/migrations", status.unknown],
      ];
      const problems = sections.filter(([, names]) => names.length > 0);
      for (const [title, names] of problems) console.log(`${title}:\n${list(names)}`);
      if (problems.length === 0) console.log(`${databaseUrl} is up to date`);
      // Like `prisma migrate status`: non-zero unless the database is fully up to date.
      return problems.length === 0 ? 0 : 1;
    }
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
