// `npm run bench:scale`: upload, download and install-page throughput of three configurations in
// one run, each server started as `npm start` starts it (bench/lib/serve.ts):
//   1. SQLite + disk, one server (the embedded default);
//   2. PostgreSQL + S3, one server (a throwaway PostgreSQL 15 cluster and s3rver, on loopback);
//   3. PostgreSQL + S3, two servers on that same database and bucket, the load spread round-robin
//      by the load generators themselves (no proxy: a proxy would take CPU from the servers).
// Configurations 2 and 3 share one database and bucket: the second server joins the first, as
// scaling out does. Workloads, the same client for every configuration: concurrent uploads
// (bench/lib/scale-uploads.ts), a download fan-out with curl (download-fan-out.ts), autocannon on
// a public install page (page cache) and on a private one rendered per request (scale-pages.ts).
// Settings (env): BENCH_SCALE_SECONDS (5) per upload and page measurement, BENCH_SCALE_UPLOAD_CLIENTS
// (8), BENCH_SCALE_UPLOAD_MIB (4), BENCH_SCALE_DOWNLOADS (48), BENCH_SCALE_DOWNLOAD_MIB (20),
// BENCH_SCALE_CONNECTIONS (64), BENCH_SCALE_ROUNDS (3, median reported). Prints a table and writes
// bench/results/scale-<time>.json; figures only, no verdict. Uses .next: run it under the e2e lock.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../scripts/lib/build";
import { adminEnv } from "./lib/private-app";
import { runBench } from "./lib/bench-main";
import { measureDownloads } from "./lib/download-fan-out";
import { medianBy } from "./lib/medians";
import { cpuBusyShare, removeTempDir, ROOT, tempDir } from "./lib/processes";
import { writeRandomFile } from "./lib/random-file";
import { startDistributedBackends } from "./lib/scale-backends";
import { startOthersProbe } from "./lib/scale-cpu";
import { measurePage, type PageResult } from "./lib/scale-pages";
import { type ConfigResult, formatTable, type ScaleRun, writeResults } from "./lib/scale-report";
import { PRIVATE_APP, publishScene, type Scene } from "./lib/scale-scene";
import { measureUploads } from "./lib/scale-uploads";
import { countSetting } from "./lib/settings";
import { launchShipyard, type Shipyard, seedBench, startShipyard } from "./lib/shipyard";

const MiB = 1024 * 1024;
const SECONDS = countSetting("BENCH_SCALE_SECONDS", 5, 120);
const UPLOAD_CLIENTS = countSetting("BENCH_SCALE_UPLOAD_CLIENTS", 8, 256);
const UPLOAD_SIZE = countSetting("BENCH_SCALE_UPLOAD_MIB", 4, 1024) * MiB;
const DOWNLOADS = countSetting("BENCH_SCALE_DOWNLOADS", 48, 512);
const DOWNLOAD_SIZE = countSetting("BENCH_SCALE_DOWNLOAD_MIB", 20, 1024) * MiB;
const CONNECTIONS = countSetting("BENCH_SCALE_CONNECTIONS", 64, 1024);
const ROUNDS = countSetting("BENCH_SCALE_ROUNDS", 3, 9);
const WARMUP_SECONDS = 2;
const DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const log = (line: string) => process.stderr.write(`[bench:scale] ${line}\n`);

/** Before measuring: every server answers both pages as expected (the private one rendered, not a cached copy). */
async function probe(servers: Shipyard[], scene: Scene): Promise<void> {
  for (const s of servers) {
    const page = await fetch(`${s.url}/bench`, { headers: { "user-agent": DESKTOP } });
    if (page.status !== 200 || !(await page.text()).includes("1.2.3")) throw new Error(`${s.url}/bench: ${page.status}, not the public install page`);
    const priv = await fetch(`${s.url}/${PRIVATE_APP}?visit=probe`, { headers: { "user-agent": DESKTOP, cookie: scene.shareCookie }, redirect: "manual" });
    const body = await priv.text();
    const cache = priv.headers.get("x-shipyard-page-cache");
    if (priv.status !== 200 || !body.includes("Private Bench")) throw new Error(`${s.url}/${PRIVATE_APP}: ${priv.status}, not the private install page`);
    if (cache === "hit" || cache === "stale") throw new Error(`${s.url}/${PRIVATE_APP}?visit=…: served from the page cache (${cache})`);
  }
}

async function pageRounds(urls: string[], path: string, headers: Record<string, string>, devices?: number): Promise<PageResult> {
  const spec = { path, headers, connections: CONNECTIONS, devices };
  await measurePage(urls, { ...spec, seconds: WARMUP_SECONDS });
  const rounds: PageResult[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await measurePage(urls, { ...spec, seconds: SECONDS }));
  return medianBy(rounds, (r) => r.rps);
}

// The AWS SDK's notice about Node 20 support ends is printed once per S3 server: noise here.
const NOISE = /NodeVersionSupportWarning|node --trace-warnings/;

/** What the servers logged during one configuration that looks like trouble, with a stack's first lines. */
function logIssues(servers: Shipyard[], before: string[]): string[] {
  return servers.flatMap((s, i) => {
    const all = s.child.output();
    const earlier = before[i] ?? "";
    // The log is a 20,000-character tail: when it has rolled over, all of it is searched.
    const lines = (all.startsWith(earlier) ? all.slice(earlier.length) : all).split("\n");
    const issues: string[] = [];
    for (const [at, line] of lines.entries()) {
      if (!/error|warn|unhandled|exception/i.test(line) || NOISE.test(line)) continue;
      const context = lines.slice(at, at + 4).join(" | ");
      issues.push(`${s.url}: ${context.slice(0, 600)}`);
    }
    return issues;
  });
}

async function measureConfiguration(name: string, servers: Shipyard[], scene: Scene, postgresPid: number | null = null): Promise<ConfigResult> {
  const others = startOthersProbe(postgresPid);
  const logBefore = servers.map((s) => s.child.output());
  log(`${name}: probing`);
  await probe(servers, scene);
  const urls = servers.map((s) => s.url);
  log(`${name}: uploads`);
  const uploadRounds = [];
  for (let i = 0; i < ROUNDS; i++) uploadRounds.push(await measureUploads(servers, { clients: UPLOAD_CLIENTS, size: UPLOAD_SIZE, seconds: SECONDS }));
  const uploads = medianBy(uploadRounds, (r) => r.MBps);
  log(`${name}: uploads ${uploads.MBps.toFixed(0)} MB/s, ${uploads.uploadsPerSecond.toFixed(1)}/s, ${uploads.failures} failed`);
  const downloadUrls = urls.map((url) => `${url}${scene.downloadPath}`);
  // Warm-up: one download per server (connections to PostgreSQL and S3, JIT, the disk's page cache).
  await measureDownloads(downloadUrls, servers.length, DOWNLOAD_SIZE);
  const downloadRounds = [];
  for (let i = 0; i < ROUNDS; i++) downloadRounds.push(await measureDownloads(downloadUrls, DOWNLOADS, DOWNLOAD_SIZE));
  const downloads = medianBy(downloadRounds, (r) => r.MBps);
  log(`${name}: downloads ${downloads.MBps.toFixed(0)} MB/s, ${downloads.complete}/${downloads.clients} complete`);
  const publicPage = await pageRounds(urls, "/bench", { "user-agent": DESKTOP });
  log(`${name}: public page ${publicPage.rps.toFixed(0)} req/s, p99 ${publicPage.p99} ms`);
  // A query parameter the page ignores, new for each request: no cached copy can answer it.
  const privatePage = await pageRounds(urls, `/${PRIVATE_APP}?visit={device}`, { "user-agent": DESKTOP, cookie: scene.shareCookie }, 10_000);
  log(`${name}: private page ${privatePage.rps.toFixed(0)} req/s, p99 ${privatePage.p99} ms`);
  return { name, servers: servers.length, othersCpuShare: others(), uploads, downloads, publicPage, privatePage, serverLogIssues: logIssues(servers, logBefore) };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const machine = { cpus: os.cpus().length, busyShareBefore: await cpuBusyShare(), loadavgBefore: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ") };
  log(`build: ${ensureBuild(ROOT, log) ? "built" : "up to date"}`);
  const work = tempDir("scale-files");
  const bigFile = path.join(work, "bench-download.deb");
  const sha256 = writeRandomFile(bigFile, DOWNLOAD_SIZE);
  const configurations: ConfigResult[] = [];

  const sqliteDir = tempDir("scale-sqlite");
  const sqlite = await startShipyard(sqliteDir, adminEnv);
  const sqliteScene = await publishScene(sqlite, bigFile, DOWNLOAD_SIZE, sha256);
  configurations.push(await measureConfiguration("SQLite + disk, 1 server", [sqlite], sqliteScene));
  // Stopped before the next configuration starts: its CPU and memory are not shared.
  await sqlite.child.stop();
  removeTempDir(sqliteDir);

  log("starting PostgreSQL and s3rver");
  const backends = await startDistributedBackends();
  const serverEnv = { ...backends.env, ...adminEnv };
  const first = await launchShipyard(tempDir("scale-pg-a"), serverEnv);
  // One seed for both servers: they share the database. blobPath means nothing on S3 and is not used.
  const tokens = await seedBench(backends.databaseUrl);
  const noBlobPath = () => "";
  const a: Shipyard = { ...first, ...tokens, blobPath: noBlobPath };
  const scene = await publishScene(a, bigFile, DOWNLOAD_SIZE, sha256);
  configurations.push(await measureConfiguration("PostgreSQL + S3, 1 server", [a], scene, backends.postgresPid));
  const b: Shipyard = { ...(await launchShipyard(tempDir("scale-pg-b"), serverEnv)), ...tokens, blobPath: noBlobPath };
  configurations.push(await measureConfiguration("PostgreSQL + S3, 2 servers", [a, b], scene, backends.postgresPid));
  await Promise.all([a.child.stop(), b.child.stop()]);
  await backends.stop();

  const run: ScaleRun = {
    startedAt,
    commit: spawnSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout?.trim() ?? "",
    machine,
    settings: {
      seconds: SECONDS,
      uploadClients: UPLOAD_CLIENTS,
      uploadMiB: UPLOAD_SIZE / MiB,
      downloads: DOWNLOADS,
      downloadMiB: DOWNLOAD_SIZE / MiB,
      connections: CONNECTIONS,
      rounds: ROUNDS,
      balancing: "round-robin in the load generators (no proxy)",
    },
    configurations,
  };
  const file = writeResults(ROOT, run);
  console.log(formatTable(run));
  log(`results: ${path.relative(ROOT, file)}`);
}

runBench(main);
