import type { PoolConfig } from "pg";

// Which database a DATABASE_URL names, and what follows from that: one table, so the migrations
// folder, the schema, the client and the driver are all chosen from the URL alone.

export type DatabaseKind = "sqlite" | "postgresql";

const POSTGRES_URL = /^postgres(ql)?:\/\//;

export function databaseKindOf(databaseUrl: string): DatabaseKind {
  if (databaseUrl.startsWith("file:")) return "sqlite";
  if (POSTGRES_URL.test(databaseUrl)) return "postgresql";
  throw new Error("DATABASE_URL must be a SQLite URL such as file:./data/shipyard.db, or a PostgreSQL URL such as postgresql://user@host:5432/shipyard");
}

/** Each provider has its own migrations folder and lockfile, both derived from prisma/schema.prisma. */
export const MIGRATIONS_DIR: Record<DatabaseKind, string> = {
  sqlite: "prisma/migrations",
  postgresql: "prisma/migrations-postgresql",
};

/**
 * A PostgreSQL URL as separate pool settings. pg lets a connection string win over every other
 * setting, so a pool built from `{ connectionString, database }` would silently connect to the
 * URL's database: a shadow database for migrations must be named separately to be used at all.
 */
export function postgresPoolConfig(databaseUrl: string): PoolConfig {
  const url = new URL(databaseUrl);
  const params = url.searchParams;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  const config: PoolConfig = {
    host: params.get("host") ?? (decodeURIComponent(url.hostname) || "localhost"),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: database || undefined,
  };
  const sslmode = params.get("sslmode");
  if (sslmode === "require" || sslmode === "verify-ca" || sslmode === "verify-full") config.ssl = { rejectUnauthorized: sslmode !== "require" };
  const max = params.get("connection_limit");
  if (max && /^\d+$/.test(max)) config.max = Number(max);
  return config;
}
