// A Shipyard server started exactly as `npm start` does (tsx scripts/start.ts: migrate, first
// admin, build check, Node server in front of Next) on a loopback port with its own data dir.
import path from "node:path";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { openPrisma } from "@/server/db/client";
import { databaseKindOf } from "@/server/db/database-kind";
import { createApp } from "@/server/services/apps";
import { createToken } from "@/server/services/tokens";
import { createPrismaStore } from "@/server/store/prisma";
import { storeLayout } from "@/server/storage/paths";
import { json } from "./http-client";
import { type Child, commandOf, freePort, pidListeningOn, ROOT, spawnChild, TSX_CLI, waitFor } from "./processes";

export interface Shipyard {
  url: string;
  dataDir: string;
  child: Child;
  /** The process that listens (tsx runs scripts/start.ts in a child of its own). */
  serverPid: number;
  serverCommand: string;
  token: string;
  /** An admin token: only an admin may publish a file that failed validation (bench:bytes' random bytes). */
  adminToken: string;
  blobPath(sha256: string): string;
}

const APP = "bench";

/** A server process without the bench's app and tokens (see seedBench): several servers on one database share one seed. */
export type ShipyardProcess = Pick<Shipyard, "url" | "dataDir" | "child" | "serverPid" | "serverCommand">;

/** `extraEnv` is added to the server's environment (e.g. RATE_LIMIT_* for bench:dynamic, DATABASE_URL). */
export async function launchShipyard(dataDir: string, extraEnv: Record<string, string> = {}): Promise<ShipyardProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !["DATABASE_URL", "AUTH_SECRET", "SHIPYARD_ADMIN_EMAIL", "SHIPYARD_ADMIN_PASSWORD", "NODE_OPTIONS"].includes(key)));
  const entry = process.env.BENCH_VIA_NPM_START === "1" ? "scripts/start.ts" : "bench/lib/serve.ts";
  const child = spawnChild(process.execPath, [TSX_CLI, entry], {
    ...env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    // For profiling the server, e.g. BENCH_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof".
    ...(process.env.BENCH_SERVER_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS }),
    ...extraEnv,
  });
  await waitFor(
    "Shipyard health",
    async () => {
      try {
        return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) })).ok ? true : null;
      } catch {
        return null;
      }
    },
    120_000,
    child,
  );
  const serverPid = await waitFor("Shipyard listener", () => pidListeningOn(port, child.pid), 5_000, child);
  return { url, dataDir, child, serverPid, serverCommand: commandOf(serverPid) };
}

/** Creates the public app `bench` and its tokens in the database a server runs on. */
export async function seedBench(databaseUrl: string): Promise<Pick<Shipyard, "token" | "adminToken">> {
  const prisma = await openPrisma(databaseUrl);
  try {
    const store = createPrismaStore(prisma, databaseKindOf(databaseUrl));
    // Public: downloads at /d/{artifact}/{name} (private apps get signed /g/ grant links).
    await createApp(store, SYSTEM_ACTOR, { slug: APP, displayName: "Bench", visibility: "public" });
    const created = await createToken(store, SYSTEM_ACTOR, { kind: "admin" }, { name: "bench", scopes: ["releases:upload", "releases:publish"], app: APP }, { defaultTtlDays: 1, maxTtlDays: 1 });
    const admin = await createToken(store, SYSTEM_ACTOR, { kind: "admin" }, { name: "bench-admin", scopes: ["admin"] }, { defaultTtlDays: 1, maxTtlDays: 1 });
    return { token: created.raw, adminToken: admin.raw };
  } finally {
    await prisma.$disconnect();
  }
}

/** One server on SQLite in `dataDir` (unless extraEnv names another DATABASE_URL), seeded. */
export async function startShipyard(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Shipyard> {
  const server = await launchShipyard(dataDir, extraEnv);
  const tokens = await seedBench(extraEnv.DATABASE_URL ?? `file:${path.join(dataDir, "shipyard.db")}`);
  const layout = storeLayout(dataDir);
  return { ...server, ...tokens, blobPath: (sha256) => layout.blob(sha256) };
}

/** POST /api/v1/apps/bench/uploads: a session for `filename`; returns its id and upload URL. */
export async function openUpload(s: Shipyard, filename: string, size: number, sha256: string): Promise<{ id: string; uploadUrl: string; ms: number }> {
  const started = performance.now();
  const res = await json(`${s.url}/api/v1/apps/${APP}/uploads`, "POST", s.token, { filename, size, sha256 });
  const ms = performance.now() - started;
  if (res.status !== 201) throw new Error(`POST /api/v1/apps/${APP}/uploads: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: String(res.body.id), uploadUrl: String(res.body.uploadUrl), ms };
}

/**
 * POST /api/v1/apps/bench/channels/beta/releases from one completed upload, which may fail
 * validation (random bytes named .deb): published anyway by the admin token (allowInvalid).
 * Returns the artifact's download URL.
 */
export async function publish(s: Shipyard, uploadId: string): Promise<string> {
  const res = await json(`${s.url}/api/v1/apps/${APP}/channels/beta/releases`, "POST", s.adminToken, { version: "1.0.0", build: "1", uploads: [uploadId], allowInvalid: [uploadId] });
  if (res.status !== 201) throw new Error(`POST /api/v1/apps/${APP}/channels/beta/releases: ${res.status} ${JSON.stringify(res.body)}`);
  const artifacts = res.body.artifacts as { downloadUrl?: string }[] | undefined;
  const url = artifacts?.[0]?.downloadUrl;
  if (!url) throw new Error(`release without a download URL: ${JSON.stringify(res.body)}`);
  return url;
}

export { ROOT };
