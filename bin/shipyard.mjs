#!/usr/bin/env node
// The `shipyard` command. Runs the TypeScript sources through tsx (a dependency), pointing it at
// this package's tsconfig so path aliases resolve from any working directory.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
