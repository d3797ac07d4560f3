// prisma/schema.prisma is written once, for SQLite, in portable terms. The PostgreSQL schema is
// derived from it at generate time (and when migrations are diffed), never edited by hand.

/** Where the derived schema is written for `prisma generate`, and where its client goes. */
export const POSTGRESQL_SCHEMA_PATH = "prisma/postgresql/schema.prisma";
export const POSTGRESQL_CLIENT_OUTPUT = "../../src/generated/prisma-postgresql";

/**
 * The same models for PostgreSQL. Json columns become `json`, not Prisma's default `jsonb`: jsonb
 * reorders object keys, and stored documents (artifact metadata, policies, audit details) are read
 * back and shown as they were written.
 */
export function postgresqlSchemaOf(sqliteSchema: string): string {
  const provider = /provider\s*=\s*"sqlite"/;
  const output = /output\s*=\s*"\.\.\/src\/generated\/prisma"/;
  if (!provider.test(sqliteSchema)) throw new Error('prisma/schema.prisma must declare provider = "sqlite" in its datasource');
  if (!output.test(sqliteSchema)) throw new Error('prisma/schema.prisma must generate its client to "../src/generated/prisma"');
  return [
    "// Generated from prisma/schema.prisma by scripts/prisma-generate.ts: do not edit.\n",
    sqliteSchema
      .replace(provider, 'provider = "postgresql"')
      .replace(output, `output = "${POSTGRESQL_CLIENT_OUTPUT}"`)
      .replace(/^(\s+\w+\s+Json\??)(?![^\n]*@db\.)/gm, "$1 @db.Json"),
  ].join("");
}
