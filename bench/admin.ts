// `npm run bench:admin`: the console at scale. Seeds 10,000 releases, 50,000 artifacts and 200,000
// audit events (plus channels, history and tokens), then reports the p95 of every list procedure
// (called in-process through tRPC's caller on the same SQLite file, as the console's server does)
// and of every console page's server render (sequential GETs with an admin session against a
// production server started as `npm start` does). Targets (issue #11): procedures p95 < 20 ms,
// pages p95 < 150 ms. BENCH_ADMIN_RUNS (100) sets samples per procedure, pages get a third of it;
// BENCH_ADMIN_PAGES=0 measures the procedures only (no build, no server).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { env } from "@/env";
import { createCaller } from "@/server/api/root";
import { assembleServer } from "@/server/composition";
import { openPrisma } from "@/server/db/client";
import { applyMigrations } from "@/server/db/migrations";
import { createUser } from "@/server/services/users";
import { createPrismaStore } from "@/server/store/prisma";
import { ensureBuild } from "../scripts/lib/build";
import { seedConsole } from "./lib/admin-seed";
import { cleanupSync, removeTempDir, ROOT, tempDir } from "./lib/processes";
import { startShipyard } from "./lib/shipyard";

const RUNS = Math.max(10, Math.min(1000, Number(process.env.BENCH_ADMIN_RUNS ?? 100) || 100));
const SIZE = { apps: 20, releases: 10_000, artifactsPerRelease: 5, auditEvents: 200_000, tokens: 200 };
const PROCEDURE_TARGET_MS = 20;
const PAGE_TARGET_MS = 150;
const ADMIN = { email: "bench-admin@example.com", password: "bench admin password 1" };

const WITH_PAGES = process.env.BENCH_ADMIN_PAGES !== "0";
const log = (line: string) => process.stderr.write(`[bench:admin] ${line}\n`);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

interface Row {
  kind: "procedure" | "page";
  name: string;
  p50: number;
  p95: number;
  target: number;
  error?: string;
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", origin: url },
    body: new URLSearchParams({ ...ADMIN, callbackUrl: "/admin" }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  return cookies.join("; ");
}

async function main() {
  if (WITH_PAGES && ensureBuild(ROOT, log)) log("built");
  const dataDir = tempDir("shipyard-bench-admin-");
  const dbFile = path.join(dataDir, "shipyard.db");
  const databaseUrl = `file:${dbFile}`;
  const rows: Row[] = [];
  try {
    await applyMigrations({ databaseUrl });
    const prisma = await openPrisma(databaseUrl);
    const store = createPrismaStore(prisma);
    const admin = await createUser(store, SYSTEM_ACTOR, { ...ADMIN, role: "admin" });
    let started = performance.now();
    const seeded = seedConsole(dbFile, SIZE, admin.id);
    log(`seeded ${SIZE.releases} releases, ${SIZE.releases * SIZE.artifactsPerRelease} artifacts, ${SIZE.auditEvents} audit events in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const server = assembleServer({ config: env(), store, database: { ping: async () => {} }, secret: "bench-secret-for-grants-and-nothing-else" });
    const caller = createCaller({ store: server.store, user: admin, server });
    const big = seeded.bigAppId;
    const procedures: [string, () => Promise<unknown>][] = [
      ["apps.list", () => caller.apps.list({ limit: 50 })],
      ["apps.list (search)", () => caller.apps.list({ limit: 50, search: "app-1" } as never)],
      ["releases.list", () => caller.releases.list({ appId: big, page: { limit: 50 } })],
      ["releases.list (channel)", () => caller.releases.list({ appId: big, page: { limit: 50 }, filter: { channel: "beta" } } as never)],
      ["releases.list (platform + invalid)", () => caller.releases.list({ appId: big, page: { limit: 50 }, filter: { platform: "ios", validationStatus: "invalid" } } as never)],
      ["releases.list (search)", () => caller.releases.list({ appId: big, page: { limit: 50 }, filter: { search: "1.3." } } as never)],
      ["channels.history", () => caller.channels.history({ appId: big, channel: "stable", page: { limit: 50 } })],
      ["tokens.list", () => caller.tokens.list({ limit: 50 })],
      ["audit.list", () => caller.audit.list({ filter: {}, page: { limit: 50 } })],
      ["audit.list (app)", () => caller.audit.list({ filter: { appId: big }, page: { limit: 50 } })],
      ["audit.list (action)", () => caller.audit.list({ filter: { action: "channel.promote" }, page: { limit: 50 } })],
      ["audit.list (actor)", () => caller.audit.list({ filter: { actor: "system" }, page: { limit: 50 } })],
      ["audit.list (app + action + 30 days)", () => caller.audit.list({ filter: { appId: big, action: "release.publish", from: new Date(Date.now() - 30 * 86_400_000) }, page: { limit: 50 } })],
    ];
    for (const [name, fn] of procedures) {
      try {
        rows.push({ kind: "procedure", name, ...(await measure(RUNS, fn)), target: PROCEDURE_TARGET_MS });
      } catch (error) {
        rows.push({ kind: "procedure", name, p50: Number.NaN, p95: Number.NaN, target: PROCEDURE_TARGET_MS, error: String(error).slice(0, 200) });
      }
      log(`${name}: done`);
    }
    await prisma.$disconnect();

    if (!WITH_PAGES) return report(rows);
    started = performance.now();
    const shipyard = await startShipyard(dataDir);
    log(`server up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    try {
      const cookie = await signIn(shipyard.url);
      const app = `/admin/apps/${seeded.bigApp}`;
      const pages = [
        "/admin",
        "/admin?q=app-1",
        app,
        `${app}/releases`,
        `${app}/releases?platform=ios&status=invalid`,
        `${app}/releases/${seeded.someReleaseId}`,
        `${app}/channels`,
        `${app}/channels/stable`,
        `${app}/settings`,
        "/admin/tokens",
        "/admin/audit",
        `/admin/audit?app=${seeded.bigApp}`,
        "/admin/settings",
      ];
      for (const page of pages) {
        try {
          const fetchPage = async () => {
            const res = await fetch(shipyard.url + page, { headers: { cookie }, redirect: "manual" });
            const body = await res.text();
            if (res.status !== 200) throw new Error(`${page}: ${res.status} ${body.slice(0, 120)}`);
          };
          rows.push({ kind: "page", name: page, ...(await measure(Math.max(10, Math.round(RUNS / 3)), fetchPage)), target: PAGE_TARGET_MS });
        } catch (error) {
          rows.push({ kind: "page", name: page, p50: Number.NaN, p95: Number.NaN, target: PAGE_TARGET_MS, error: String(error).slice(0, 200) });
        }
        log(`${page}: done`);
      }
    } finally {
      await shipyard.child.stop();
    }
  } finally {
    removeTempDir(dataDir);
  }
  report(rows);
}

function report(rows: Row[]): void {
  const lines = [`Console at ${SIZE.releases} releases, ${SIZE.releases * SIZE.artifactsPerRelease} artifacts, ${SIZE.auditEvents} audit events (${RUNS} samples per procedure)`];
  lines.push(`${"".padEnd(48)}   p50 ms   p95 ms   target`);
  for (const r of rows) {
    const verdict = r.error ? `FAILED: ${r.error}` : r.p95 < r.target ? `< ${r.target} met` : `< ${r.target} NOT met`;
    lines.push(`${`${r.kind === "page" ? "page " : ""}${r.name}`.padEnd(48)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)}   ${verdict}`);
  }
  console.log(lines.join("\n"));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  writeFileSync(path.join(ROOT, "bench/results", `admin-${stamp}.json`), `${JSON.stringify({ size: SIZE, runs: RUNS, rows }, null, 2)}\n`);
  if (rows.some((r) => r.error)) process.exitCode = 1;
}

process.on("exit", cleanupSync);
main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
