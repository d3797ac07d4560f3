// `npm start`: migrate, create the first admin on a fresh install, build if needed, serve.
// `npm run dev` does the same with Next in development mode (hot reload) instead of a build.
import path from "node:path";
import { env } from "../src/env";
import { bootstrap, describeFirstAdmin, describeRecovery } from "../src/server/bootstrap";
import { startShipyardServer } from "../src/server/node-server";
import { ensureBuild } from "./lib/build";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");

async function main() {
  // Relative defaults (./data, prisma/migrations) mean the project root, wherever npm was run from.
  process.chdir(root);
  // Next in this process: production React unless developing, and no telemetry calls.
  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const config = env();
  const booted = await bootstrap();
  const { appliedMigrations, firstAdmin } = booted;
  if (appliedMigrations.length > 0) console.log(`Applied migrations: ${appliedMigrations.join(", ")}`);
  for (const line of describeRecovery(booted)) console.log(line);
  const banner = describeFirstAdmin(firstAdmin);
  if (banner) console.log(banner);

  if (!dev) ensureBuild(root);
  const server = await startShipyardServer({ dev, dir: root, host: config.host, port: config.port });
  console.log(`Shipyard on ${config.publicUrl} (listening on ${config.host}:${config.port}, data in ${config.dataDir})`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      server.close();
      server.closeAllConnections();
      process.exit(0);
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
