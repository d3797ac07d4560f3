// `npm run bench:soak` (not in CI): one Shipyard server under SOAK_MINUTES (30) of steady mixed
// traffic (uploads + publishes, whole and ranged downloads, install page views, in-app update
// checks, admin REST reads; bench/lib/soak-traffic.ts), sampling every SOAK_SAMPLE_SECONDS (10) the
// RSS and open fds of the server's process tree (the listener and its children, from /proc) and the
// requests and errors of each kind since the previous sample. Reports least-squares slopes (MB and
// fds per hour) over the second half (after warm-up) and over the whole run, writes
// bench/results/soak-<timestamp>.json and a PNG plot beside it, and prints a summary. A leak shows
// as a slope that stays positive in the second half; the exit code does not depend on it.
// Node grows its heap lazily on a machine with free memory, so a rising RSS over a short run is not
// yet a leak: BENCH_SERVER_NODE_OPTIONS=--max-old-space-size=160 caps the server's heap, and RSS
// then grows only with what is really kept (or the server dies of it, which the run reports).
// `npm run bench:soak -- --plot bench/results/soak-….json` redraws a saved run's PNG.
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { openPrisma } from "@/server/db/client";
import { createToken } from "@/server/services/tokens";
import { createPrismaStore } from "@/server/store/prisma";
import { ensureBuild } from "../scripts/lib/build";
import { json } from "./lib/http-client";
import { renderSvg, writePng } from "./lib/plot";
import { cleanupSync, commandOf, removeTempDir, ROOT, sleep, tempDir } from "./lib/processes";
import { sampleTree } from "./lib/proc-tree";
import { chartOf, type Sample, type SoakResult, slopesOf, summaryOf } from "./lib/soak-report";
import { type IntervalTally, KINDS, type Kind, SoakTraffic } from "./lib/soak-traffic";
import { startShipyard } from "./lib/shipyard";

const positive = (value: string | undefined, fallback: number) => (Number.isFinite(Number(value)) && Number(value) > 0 ? Number(value) : fallback);
const MINUTES = positive(process.env.SOAK_MINUTES, 30);
const SAMPLE_SECONDS = positive(process.env.SOAK_SAMPLE_SECONDS, 10);
const FIXTURES = path.resolve(ROOT, "../shared/fixtures");
const RESULTS = path.join(ROOT, "bench/results");

const log = (line: string) => process.stderr.write(`[bench:soak] ${line}\n`);
const MB = (bytes: number) => Number((bytes / 1e6).toFixed(1));
const sum = (items: readonly Kind[], value: (k: Kind) => number) => items.reduce((n, k) => n + value(k), 0);

function fileMB(file: string): number {
  try {
    return MB(statSync(file).size);
  } catch {
    return 0;
  }
}

/** Every process seen in the server's tree during the run, with its command line. */
const seen = new Map<number, string>();

function sample(pid: number, dataDir: string, t: number, traffic?: Record<Kind, IntervalTally>): Sample {
  const tree = sampleTree(pid);
  for (const p of tree.pids) if (!seen.has(p)) seen.set(p, commandOf(p));
  const db = path.join(dataDir, "shipyard.db");
  return {
    t: Number(t.toFixed(1)),
    rssMB: MB(tree.rss),
    listenerRssMB: MB(tree.rootRss),
    fds: tree.fds,
    listenerFds: tree.rootFds,
    processes: tree.pids.length,
    dbMB: fileMB(db),
    walMB: fileMB(`${db}-wal`),
    ...(traffic && { traffic }),
  };
}

/** A token that may do everything the traffic does, allowInvalid and the audit log included. */
async function adminToken(dataDir: string): Promise<string> {
  const prisma = await openPrisma(`file:${path.join(dataDir, "shipyard.db")}`);
  try {
    const created = await createToken(createPrismaStore(prisma), SYSTEM_ACTOR, { kind: "admin" }, { name: "soak", scopes: ["admin"] }, { defaultTtlDays: 1, maxTtlDays: 1 });
    return created.raw;
  } finally {
    await prisma.$disconnect();
  }
}

async function writeReport(result: SoakResult, jsonFile: string): Promise<string> {
  const pngFile = jsonFile.replace(/\.json$/, ".png");
  await writePng(renderSvg(chartOf(result)), pngFile);
  return pngFile;
}

async function soak(): Promise<void> {
  if (ensureBuild(ROOT, log)) log("built");
  const dataDir = tempDir("soak");
  const shipyard = await startShipyard(dataDir);
  const startedAt = new Date().toISOString();
  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
    log("interrupted: finishing the report with the samples so far");
  });
  try {
    const token = await adminToken(dataDir);
    const app = await json(`${shipyard.url}/api/v1/apps/bench`, "GET", token);
    const updateKey = app.body.updateKey;
    if (app.status !== 200 || typeof updateKey !== "string") throw new Error(`GET /api/v1/apps/bench: ${app.status} ${JSON.stringify(app.body)}`);
    log(`server pid ${shipyard.serverPid} (${shipyard.serverCommand}) on ${shipyard.url}; ${MINUTES} min, a sample every ${SAMPLE_SECONDS} s`);

    const traffic = new SoakTraffic({ url: shipyard.url, app: "bench", adminToken: token, updateKey, fixturesDir: FIXTURES });
    const samples: Sample[] = [sample(shipyard.serverPid, dataDir, 0)];
    const t0 = performance.now();
    const elapsed = () => (performance.now() - t0) / 1000;
    traffic.start();
    let failure: Error | null = null;
    try {
      for (let k = 1; k * SAMPLE_SECONDS <= MINUTES * 60 && !interrupted; k++) {
        while (elapsed() < k * SAMPLE_SECONDS && !interrupted) await sleep(Math.min(250, (k * SAMPLE_SECONDS - elapsed()) * 1000));
        if (interrupted) break;
        const s = sample(shipyard.serverPid, dataDir, elapsed(), traffic.takeInterval());
        samples.push(s);
        const requests = sum(KINDS, (kind) => s.traffic?.[kind].requests ?? 0);
        const errors = sum(KINDS, (kind) => s.traffic?.[kind].errors ?? 0);
        log(`${(s.t / 60).toFixed(1).padStart(5)} min  RSS ${s.rssMB} MB  fds ${s.fds}  ${requests} requests${errors ? `, ${errors} ERRORS` : ""}  db ${s.dbMB} MB + ${s.walMB} MB WAL`);
      }
    } catch (error) {
      // The server died (its /proc entry is gone): report what there is.
      failure = error instanceof Error ? error : new Error(String(error));
      log(`sampling stopped: ${failure.message}\n${shipyard.child.output().slice(-3000)}`);
    }
    await traffic.stop();
    // Does memory come back down once the traffic stops? (not part of the fits)
    const idle: Sample[] = [];
    for (let i = 0; i < 2 && !failure; i++) {
      await sleep(SAMPLE_SECONDS * 1000);
      idle.push(sample(shipyard.serverPid, dataDir, elapsed()));
    }

    const { totals } = traffic;
    const first = samples[0] as Sample;
    const last = samples[samples.length - 1] as Sample;
    const result: SoakResult = {
      startedAt,
      minutes: MINUTES,
      sampleSeconds: SAMPLE_SECONDS,
      durationSeconds: last.t,
      interrupted,
      failure: failure?.message ?? null,
      server: {
        pid: shipyard.serverPid,
        command: shipyard.serverCommand,
        nodeOptions: process.env.BENCH_SERVER_NODE_OPTIONS ?? null,
        processes: Math.max(...samples.map((s) => s.processes)),
        tree: [...seen].map(([pid, command]) => ({ pid, command })),
      },
      releasesPublished: traffic.published,
      totals,
      requests: sum(KINDS, (k) => totals[k].requests),
      errors: sum(KINDS, (k) => totals[k].errors),
      unexpected: sum(KINDS, (k) => totals[k].unexpected),
      examples: traffic.examples,
      rssMB: { idleBefore: first.rssMB, firstLoaded: samples[1]?.rssMB ?? null, end: last.rssMB, peak: Math.max(...samples.map((s) => s.rssMB)), idleAfter: idle.map((s) => s.rssMB) },
      fds: { idleBefore: first.fds, end: last.fds, peak: Math.max(...samples.map((s) => s.fds)), idleAfter: idle.map((s) => s.fds) },
      slopes: slopesOf(samples),
      samples,
      idleSamples: idle,
    };
    mkdirSync(RESULTS, { recursive: true });
    const jsonFile = path.join(RESULTS, `soak-${startedAt.replace(/[:.]/g, "-").slice(0, 19)}.json`);
    writeFileSync(jsonFile, `${JSON.stringify(result, null, 1)}\n`);
    const pngFile = await writeReport(result, jsonFile);
    console.log(summaryOf(result, { json: path.relative(ROOT, jsonFile), png: path.relative(ROOT, pngFile) }));
    if (result.examples.length > 0) console.log(`First failures:\n  ${result.examples.join("\n  ")}`);
    if (failure) throw failure;
  } finally {
    await shipyard.child.stop();
    removeTempDir(dataDir);
  }
}

async function replot(jsonFile: string): Promise<void> {
  const result = JSON.parse(readFileSync(jsonFile, "utf8")) as SoakResult;
  const pngFile = await writeReport(result, path.resolve(jsonFile));
  console.log(summaryOf(result, { json: jsonFile, png: path.relative(ROOT, pngFile) }));
}

process.on("exit", cleanupSync);
const plotArg = process.argv.indexOf("--plot");
const run = plotArg >= 0 ? replot(process.argv[plotArg + 1] ?? "") : soak();
run.catch((error: unknown) => {
  console.error(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
