// Prisma CLI configuration. Only `prisma generate` is run through the CLI here; migrations are
// created and applied by scripts/migrate.ts with the wasm schema engine (works offline).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/shipyard.db" },
});
