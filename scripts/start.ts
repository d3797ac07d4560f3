// `npm start`: migrate, create the first admin on a fresh install, build if needed, serve.
// `npm run dev` does the same but runs `next dev` instead of a production build.
import { spawn } from "node:child_process";
import path from "node:path";
import { env } from "../src/env";
import { bootstrap, describeFirstAdmin } from "../src/server/bootstrap";
import { ensureBuild } from "./lib/build";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");

async function main() {
  // Relative defaults (./data, prisma/migrations) mean the project root, wherever npm was run from.
  process.chdir(root);
  const config = env();
  const { appliedMigrations, firstAdmin } = await bootstrap();
  if (appliedMigrations.length > 0) console.log(`Applied migrations: ${appliedMigrations.join(", ")}`);
  const banner = describeFirstAdmin(firstAdmin);
  if (banner) console.log(banner);

  if (!dev) ensureBuild(root);
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const args = [nextBin, dev ? "dev" : "start", "--port", String(config.port), "--hostname", config.host];
  console.log(`Shipyard on ${config.publicUrl} (data in ${config.dataDir})`);
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: dev ? "development" : "production" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
