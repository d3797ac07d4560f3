import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseKindOf, postgresPoolConfig } from "@/server/db/database-kind";
import { postgresqlSchemaOf } from "@/server/db/provider-schema";
import { conflictForIndex, UNIQUE_CONFLICTS } from "@/server/store/conflicts";

describe("databaseKindOf", () => {
  it("tells SQLite and PostgreSQL apart by the URL alone, and refuses anything else", () => {
    expect(databaseKindOf("file:./data/shipyard.db")).toBe("sqlite");
    expect(databaseKindOf("postgres://u@h/db")).toBe("postgresql");
    expect(databaseKindOf("postgresql://u@h/db")).toBe("postgresql");
    for (const url of ["mysql://u@h/db", "./shipyard.db", "", "POSTGRES://u@h/db", "postgresql:/u@h"]) expect(() => databaseKindOf(url)).toThrow(/DATABASE_URL must be/);
  });
});

describe("postgresPoolConfig", () => {
  it("splits the URL into separate settings, so a database named beside it is used", () => {
    expect(postgresPoolConfig("postgresql://ship%40yard:p%3Ass@db.internal:6543/ship_prod?sslmode=require&connection_limit=20")).toEqual({
      host: "db.internal",
      port: 6543,
      user: "ship@yard",
      password: "p:ss",
      database: "ship_prod",
      ssl: { rejectUnauthorized: false },
      max: 20,
    });
    expect(postgresPoolConfig("postgres://u@localhost/db?sslmode=verify-full").ssl).toEqual({ rejectUnauthorized: true });
    // A Unix socket directory given as ?host=.
    expect(postgresPoolConfig("postgresql://u@localhost/db?host=/run/postgresql")).toMatchObject({ host: "/run/postgresql", port: 5432, database: "db" });
  });
});

describe("postgresqlSchemaOf", () => {
  const schema = readFileSync(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
  const derived = postgresqlSchemaOf(schema);

  it("swaps the provider and the client's folder, and keeps every model", () => {
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).not.toContain('provider = "sqlite"');
    expect(derived).toContain('output = "../../src/generated/prisma-postgresql"');
    expect(derived.match(/^model \w+/gm)).toEqual(schema.match(/^model \w+/gm));
  });

  it("stores every Json field as json, whose keys keep their order", () => {
    const jsonFields = derived.split("\n").filter((line) => /^\s+\w+\s+Json\??(\s|$)/.test(line));
    expect(jsonFields.length).toBe(schema.split("\n").filter((line) => /^\s+\w+\s+Json\??(\s|$)/.test(line)).length);
    for (const line of jsonFields) expect(line).toContain("@db.Json");
  });

  it("refuses a schema that is not the SQLite one it derives from", () => {
    expect(() => postgresqlSchemaOf(schema.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/sqlite/);
  });
});

describe("conflictForIndex", () => {
  it("names PostgreSQL's unique indexes in people's words, whatever the column order", () => {
    expect(conflictForIndex("apps", "apps_slug_key")).toBe("appSlug");
    expect(conflictForIndex("apps", "apps_update_key_key")).toBe("appUpdateKey");
    expect(conflictForIndex("releases", "releases_app_id_version_build_key")).toBe("releaseVersion");
    expect(conflictForIndex("tester_group_members", "tester_group_members_group_id_email_key")).toBe("testerGroupMember");
    expect(conflictForIndex("upload_sessions", "upload_sessions_pkey")).toBe("uploadId");
  });

  it("knows every unique index of the PostgreSQL migrations that has words, and nothing it should not", () => {
    const dir = path.resolve(import.meta.dirname, "../../prisma/migrations-postgresql");
    const sql = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => readFileSync(path.join(dir, entry.name, "migration.sql"), "utf8"))
      .join("\n");
    const indexes = [...sql.matchAll(/CREATE UNIQUE INDEX "(\w+)" ON "(\w+)"/g)].map(([, index, table]) => conflictForIndex(table ?? "", index ?? ""));
    expect(new Set(indexes.filter(Boolean))).toEqual(new Set(Object.keys(UNIQUE_CONFLICTS).filter((key) => key !== "uploadId")));
    expect(conflictForIndex("apps", "apps_owner_id_idx")).toBeNull();
    expect(conflictForIndex("apps", "users_email_key")).toBeNull();
  });
});
