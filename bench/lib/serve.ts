// scripts/start.ts minus "build if needed": bench/run.ts builds once before starting servers, so
// edits landing in src/ mid-run (a shared checkout) do not make each server start a `next build`
// of its own. Same bootstrap, same startShipyardServer, same signals. BENCH_VIA_NPM_START=1 makes
// the bench use scripts/start.ts instead.
import path from "node:path";
import { env } from "@/env";
import { bootstrap } from "@/server/bootstrap";
import { startShipyardServer } from "@/server/node-server";

const root = path.resolve(import.meta.dirname, "../..");
process.chdir(root);
(process.env as Record<string, string>).NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
const config = env();
await bootstrap();
const server = await startShipyardServer({ dev: false, dir: root, host: config.host, port: config.port });
console.log(`Shipyard (bench) on ${config.publicUrl}, data in ${config.dataDir}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
