#!/usr/bin/env node
// The `shipyard` command. Runs the TypeScript sources through tsx (a dependency), pointing it at
// this package's tsconfig so path aliases resolve from any working directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { main } = await import("../src/cli/main.ts");
const { consoleOutput } = await import("../src/cli/output.ts");
process.exitCode = await main(process.argv.slice(2), consoleOutput(), {
  // admin, backup and restore run on the server's data dir; loaded only for them, so the client
  // commands never load the server (Prisma, SQLite).
  serverCommands: async () => (await import("../src/server/commands/index.ts")).serverCommands,
});
