// Runs `prisma generate` for both providers without letting the CLI fetch its native schema engine:
// Prisma 7 only needs that engine for migrate/db push, which scripts/migrate.ts does with the wasm
// engine instead. The PostgreSQL schema is derived from prisma/schema.prisma first.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { POSTGRESQL_SCHEMA_PATH, postgresqlSchemaOf } from "../src/server/db/provider-schema";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");

function generate(schema: string): number {
  const result = spawnSync(process.execPath, [cli, "generate", "--schema", schema], {
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  return result.status ?? 1;
}

mkdirSync(path.dirname(POSTGRESQL_SCHEMA_PATH), { recursive: true });
writeFileSync(POSTGRESQL_SCHEMA_PATH, postgresqlSchemaOf(readFileSync("prisma/schema.prisma", "utf8")));
process.exit(generate("prisma/schema.prisma") || generate(POSTGRESQL_SCHEMA_PATH));
