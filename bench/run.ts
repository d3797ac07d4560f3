// `npm run bench`: Shipyard's byte paths against plain references, on this machine, in one run.
//   1. upload: POST /api/v1/apps/{app}/uploads + streamed PUT of a 1 GiB file vs bench/reference-upload-server.ts
//      (the CPU Shipyard spends after answering, inspecting the file off the request path, is
//      waited out before the next transfer and reported beside the request's own)
//   2. download: GET /d/{artifact}/bench.deb vs nginx (sendfile) serving the same blob file
//   3. peak RSS (VmHWM) of one fresh Shipyard server after a 10 MiB, then after a 1 GiB upload
// Medians of BENCH_REPEATS (3) runs; BENCH_SIZE_MIB (1024) sets the big file. Prints a table and
// writes bench/results/latest.json. Reports figures only ("met"/"NOT met" is information, the exit
// code does not depend on it). Method: one generated file (new first 8 bytes, so new content, per
// round), read into the page cache before every timed transfer, each transfer by a fresh client
// process (bench/lib/client.ts); server CPU from /proc around each transfer; servers on loopback.
import { spawnSync } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "../scripts/lib/build";
import { curlDownload, inClientProcess, type Timed } from "./lib/http-client";
import { runBench } from "./lib/bench-main";
import { ensureNginx, startNginx } from "./lib/nginx";
import {
  cachedBytes,
  type CpuSnapshot,
  cpuBusyShare,
  cpuSnapshot,
  cpuSpent,
  freePort,
  memoryOf,
  pidListeningOn,
  removeTempDir,
  ROOT,
  sleep,
  spawnChild,
  tempDir,
  TSX_CLI,
  waitFor,
  warm,
} from "./lib/processes";
import { openUpload, publish, type Shipyard, startShipyard } from "./lib/shipyard";

const MiB = 1024 * 1024;
const clamp = (value: number, min: number, max: number) => (Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : min);
const SIZE = clamp(Number(process.env.BENCH_SIZE_MIB ?? 1024), 16, 8192) * MiB;
const SMALL = 10 * MiB;
const REPEATS = clamp(Number(process.env.BENCH_REPEATS ?? 3), 1, 9);
const FILENAME = "bench.deb";

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const median = (values: number[]) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (value: number, digits = 0) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** Each upload run as the results file keeps it: throughput, both phases, client and server CPU. */
function uploadRuns(timings: Timed[], cpu: Cpu[]) {
  return timings.map((t, i) => ({
    MBps: round(mbps(SIZE, t.ms)),
    receiveMBps: round(mbps(SIZE, t.sentMs)),
    afterLastByteMs: round(t.ms - t.sentMs),
    clientCpuMs: round(t.clientCpuMs ?? Number.NaN),
    ...cpu[i],
  }));
}
const MB = (bytes: number) => round(bytes / 1e6, 1);
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** Writes `size` random bytes to `file` in 1 MiB chunks (never all in memory). */
async function generate(file: string, size: number): Promise<void> {
  const chunk = Buffer.allocUnsafe(MiB);
  const handle = await open(file, "wx");
  try {
    for (let written = 0; written < size; ) {
      const part = chunk.subarray(0, Math.min(MiB, size - written));
      randomFillSync(part);
      await handle.write(part, 0, part.length, written);
      written += part.length;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Stamps `stamp` into the first 8 bytes and returns the new sha256 (a full read, which also warms
 * the page cache). Every upload then carries new content, as real uploads do: Shipyard commits
 * by rename instead of deduplicating (dropping a 1 GiB duplicate costs ~0.4 s of unlink inside
 * the request, a path real CI uploads rarely take).
 */
async function restamp(file: string, stamp: number): Promise<string> {
  const handle = await open(file, "r+");
  try {
    const head = Buffer.alloc(8);
    head.writeBigUInt64LE(BigInt(stamp));
    await handle.write(head, 0, 8, 0);
    const hash = createHash("sha256");
    for await (const chunk of handle.createReadStream({ highWaterMark: 4 * MiB, autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest("hex");
  } finally {
    await handle.close();
  }
}

/** Builds once per run when src changed (as `npm start` would). Another build in progress (Next's
 * lock: other work in this checkout) is waited for, boundedly; a build that fails (sources
 * mid-edit) falls back to the existing build, whose routes serve the API calls. The byte paths and
 * the storage code run from src through tsx either way. Returns a note for the report. */
async function buildOnce(): Promise<string> {
  for (let attempt = 1; attempt <= 8; attempt++) {
    try {
      return ensureBuild(ROOT, log) ? "built" : "up to date";
    } catch (error) {
      log(`build failed (${error instanceof Error ? error.message : String(error)}), attempt ${attempt}/8`);
      if (attempt < 8) await sleep(15_000);
    }
  }
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("no Next build and `next build` keeps failing");
  log("WARNING: using the existing .next build (it may predate the latest src edits)");
  return "existing build (rebuild failed)";
}

async function startReference(dir: string) {
  const port = await freePort();
  const child = spawnChild(process.execPath, [TSX_CLI, "bench/reference-upload-server.ts"], { ...process.env, PORT: String(port), DIR: dir });
  const pid = await waitFor("reference server", () => pidListeningOn(port, child.pid), 30_000, child);
  return { url: `http://127.0.0.1:${port}/upload`, child, pid };
}

/**
 * Before every timed transfer: a second's pause (the previous transfer's unlink and writeback
 * settle), then the file read through the page cache. This VM pages out memory unused for ~60 s
 * (DAMON "pageout" scheme, kdamond), page cache included; reading such scattered holes from disk
 * costs seconds. Records how much of the file was cached right before.
 */
const cachedShares: number[] = [];
async function prepare(file: string): Promise<void> {
  await sleep(1_000);
  await warm(file);
  const cached = cachedBytes(file);
  if (cached !== null) cachedShares.push(cached / SIZE);
}

type Cpu = ReturnType<typeof cpuSpent>;

/** A timed PUT, with the CPU the server process spent on it and how busy the machine was. */
async function timedPut(serverPid: number, url: string, file: string, size: number): Promise<{ put: Timed; cpu: Cpu }> {
  let before: CpuSnapshot | null = null;
  const put = await inClientProcess(["put", url, file, size], () => (before = cpuSnapshot(serverPid)));
  const after = cpuSnapshot(serverPid);
  return { put, cpu: cpuSpent(before ?? after, after) };
}

/**
 * Waits until a server's CPU use falls quiet (two 250 ms samples under 20 ms each, 60 s at most)
 * and returns the CPU it spent meanwhile. After a Shipyard upload this is the inspection that runs
 * off the request path (format parsing and, for this .deb, the SHA-512 electron-updater feeds
 * carry): it is reported, and it never overlaps the next timed transfer.
 */
async function settle(pid: number): Promise<number> {
  const start = cpuSnapshot(pid);
  let last = start;
  for (let quiet = 0, waited = 0; quiet < 2 && waited < 60_000; waited += 250) {
    await sleep(250);
    const now = cpuSnapshot(pid);
    quiet = now.processMs - last.processMs <= 20 ? quiet + 1 : 0;
    last = now;
  }
  return last.processMs - start.processMs;
}

async function putToShipyard(s: Shipyard, file: string, size: number, sha256: string): Promise<{ id: string; postMs: number; put: Timed; cpu: Cpu; afterMs: number }> {
  const session = await openUpload(s, FILENAME, size, sha256);
  await prepare(file);
  const { put, cpu } = await timedPut(s.serverPid, session.uploadUrl, file, size);
  const body = JSON.parse(put.status === 200 ? put.body : "{}") as { state?: string; sha256?: string };
  if (body.state !== "complete" || body.sha256 !== sha256) throw new Error(`Shipyard PUT: ${put.status} ${put.body}`);
  return { id: session.id, postMs: session.ms, put, cpu, afterMs: await settle(s.serverPid) };
}

/**
 * Peak RSS (VmHWM) of one fresh server across a 1 MiB warm-up upload (loads the upload path,
 * starts the inspection worker), then a 10 MiB upload, then the big one; each is read after the
 * upload's inspection has run. One process rather than one per size: fresh servers start up to
 * ±30 MB apart (Next's startup heap), more than the signal. VmHWM only rises, so the reading after
 * the big upload is the peak of everything before it too.
 */
async function peakRss(uploads: { file: string; size: number; sha256: string }[]) {
  const dataDir = tempDir("rss");
  const s = await startShipyard(dataDir);
  try {
    const start = memoryOf(s.serverPid);
    const after: { sizeBytes: number; hwm: number; rss: number; putMBps: number | null }[] = [];
    for (const { file, size, sha256 } of uploads) {
      const session = await openUpload(s, FILENAME, size, sha256);
      await warm(file);
      const put = await inClientProcess(["put", session.uploadUrl, file, size]);
      if (put.status !== 200) throw new Error(`Shipyard PUT: ${put.status} ${put.body}`);
      await settle(s.serverPid);
      after.push({ sizeBytes: size, ...memoryOf(s.serverPid), putMBps: round(mbps(size, put.ms)) });
    }
    return { pid: s.serverPid, command: s.serverCommand, startHwm: start.hwm, after };
  } finally {
    await s.child.stop();
    removeTempDir(dataDir);
  }
}

async function main() {
  if (process.platform !== "linux") throw new Error("the bench reads /proc: Linux only");
  const started = performance.now();
  log(`size ${SIZE / MiB} MiB, ${REPEATS} repeats; checking the Next build (builds once per source change)…`);
  const build = await buildOnce();
  const nginx = ensureNginx(log);
  if ("skip" in nginx) log(`download comparison with nginx skipped: ${nginx.skip}`);
  const hasCurl = spawnSync("curl", ["--version"], { stdio: "ignore" }).status === 0;
  const busyBefore = await cpuBusyShare(2_000);
  const loadBefore = loadavg();
  if (busyBefore > 0.15) log(`WARNING: ${(busyBefore * 100).toFixed(0)}% of the CPUs were busy before the bench started (load ${loadBefore}); figures will be noisy`);

  const work = tempDir("files");
  const bigFile = path.join(work, FILENAME);
  const smallFile = path.join(work, "small.deb");
  log(`generating ${SIZE / MiB} MiB of random bytes in ${work}…`);
  await generate(bigFile, SIZE);
  await generate(smallFile, SMALL);

  // 1. Upload: reference and Shipyard alternate; same client, same file, new content each round.
  const refDir = tempDir("reference");
  const reference = await startReference(refDir);
  const shipyardDir = tempDir("shipyard");
  const shipyard = await startShipyard(shipyardDir);
  log(`Shipyard pid ${shipyard.serverPid} (${shipyard.serverCommand}), reference pid ${reference.pid}`);
  const runs = { reference: [] as Timed[], shipyard: [] as Timed[], postMs: [] as number[], referenceCpu: [] as Cpu[], shipyardCpu: [] as Cpu[], shipyardAfterMs: [] as number[] };
  let last = { id: "", sha256: "" };
  for (let i = 0; i < REPEATS; i++) {
    const sha256 = await restamp(bigFile, i + 1);
    await prepare(bigFile);
    const { put: ref, cpu: refCpu } = await timedPut(reference.pid, reference.url, bigFile, SIZE);
    const refBody = JSON.parse(ref.status === 200 ? ref.body : "{}") as { sha256?: string; size?: number };
    if (refBody.sha256 !== sha256 || refBody.size !== SIZE) throw new Error(`reference PUT: ${ref.status} ${ref.body}`);
    const ours = await putToShipyard(shipyard, bigFile, SIZE, sha256);
    runs.reference.push(ref);
    runs.shipyard.push(ours.put);
    runs.postMs.push(ours.postMs);
    runs.referenceCpu.push(refCpu);
    runs.shipyardCpu.push(ours.cpu);
    runs.shipyardAfterMs.push(ours.afterMs);
    last = { id: ours.id, sha256 };
    const describe = (t: Timed, cpu: Cpu) =>
      `${mbps(SIZE, t.ms).toFixed(0)} MB/s (receive ${mbps(SIZE, t.sentMs).toFixed(0)} MB/s, then ${(t.ms - t.sentMs).toFixed(0)} ms; ` +
      `server CPU ${cpu.serverMs} ms, main thread ${cpu.serverMainMs} ms, ${cpu.serverMinorFaults} page faults; machine ${(cpu.machineBusyShare * 100).toFixed(0)}% busy)`;
    log(`upload ${i + 1}/${REPEATS}: reference ${describe(ref, refCpu)}`);
    log(`upload ${i + 1}/${REPEATS}: Shipyard  ${describe(ours.put, ours.cpu)}; POST ${ours.postMs.toFixed(0)} ms; then ${ours.afterMs} ms CPU off the request path`);
  }
  await reference.child.stop();
  removeTempDir(refDir);

  // 2. Download: the published artifact from Shipyard vs the very same blob file from nginx.
  const downloadUrl = (await publish(shipyard, last.id)).replace(/^https?:\/\/[^/]+/, shipyard.url);
  if (!new URL(downloadUrl).pathname.startsWith("/d/")) throw new Error(`expected a /d/ download URL, got ${downloadUrl}`);
  const blobFile = shipyard.blobPath(last.sha256);
  const dl = { shipyard: [] as number[], nginx: [] as number[], curlShipyard: [] as number[], curlNginx: [] as number[] };
  let nginxServes: string | null = null;
  let server: Awaited<ReturnType<typeof startNginx>> | null = null;
  let nginxFile = blobFile;
  const nginxDir = "skip" in nginx ? null : tempDir("nginx");
  if (nginxDir && !("skip" in nginx)) {
    const root = path.join(nginxDir, "www");
    mkdirSync(root);
    try {
      linkSync(blobFile, path.join(root, FILENAME));
      nginxServes = "a hard link to Shipyard's blob file (same inode, same cached pages)";
    } catch {
      nginxFile = path.join(root, FILENAME);
      copyFileSync(bigFile, nginxFile);
      nginxServes = "a copy of the uploaded file (hard link failed)";
    }
    server = await startNginx(nginx.bin, nginxDir, root);
  }
  const nginxUrl = server ? `${server.url}/${FILENAME}` : null;
  /** One timed GET in a fresh client process; the server's CPU is its whole process tree's. */
  const timedGet = async (url: string, serverPid: number) => {
    let before: CpuSnapshot | null = null;
    const got = await inClientProcess(["get", url, SIZE], () => (before = cpuSnapshot(serverPid, true)));
    const after = cpuSnapshot(serverPid, true);
    return { MBps: mbps(SIZE, got.ms), clientCpuMs: got.clientCpuMs ?? Number.NaN, ...cpuSpent(before ?? after, after) };
  };
  const dlCpu = { shipyard: [] as Awaited<ReturnType<typeof timedGet>>[], nginx: [] as Awaited<ReturnType<typeof timedGet>>[] };
  for (let i = 0; i < REPEATS; i++) {
    await prepare(blobFile);
    const ours = await timedGet(downloadUrl, shipyard.serverPid);
    dl.shipyard.push(ours.MBps);
    dlCpu.shipyard.push(ours);
    let line = `download ${i + 1}/${REPEATS}: Shipyard ${ours.MBps.toFixed(0)} MB/s (server CPU ${ours.serverMs} ms, ${ours.serverMinorFaults} page faults; client CPU ${ours.clientCpuMs.toFixed(0)} ms)`;
    if (nginxUrl && server) {
      await prepare(nginxFile);
      const theirs = await timedGet(nginxUrl, server.child.pid);
      dl.nginx.push(theirs.MBps);
      dlCpu.nginx.push(theirs);
      line += `, nginx ${theirs.MBps.toFixed(0)} MB/s (server CPU ${theirs.serverMs} ms, ${theirs.serverMinorFaults} page faults; client CPU ${theirs.clientCpuMs.toFixed(0)} ms)`;
    }
    if (hasCurl) {
      await prepare(blobFile);
      const a = await curlDownload(downloadUrl, SIZE);
      if (a) dl.curlShipyard.push(mbps(SIZE, a.ms));
      if (nginxUrl) {
        await prepare(nginxFile);
        const b = await curlDownload(nginxUrl, SIZE);
        if (b) dl.curlNginx.push(mbps(SIZE, b.ms));
      }
      line += ` | curl: Shipyard ${dl.curlShipyard.at(-1)?.toFixed(0) ?? "-"}, nginx ${dl.curlNginx.at(-1)?.toFixed(0) ?? "-"} MB/s`;
    }
    log(line);
  }
  await server?.child.stop();
  if (nginxDir) removeTempDir(nginxDir);
  await shipyard.child.stop();
  removeTempDir(shipyardDir);

  // 3. Peak RSS: one fresh server, VmHWM of the listening process after each upload and its inspection.
  log(`peak RSS: one fresh server, uploads of 1 MiB (warm-up), 10 MiB and ${SIZE / MiB} MiB…`);
  const warmupFile = path.join(work, "warmup.deb");
  await generate(warmupFile, MiB);
  const rss = await peakRss([
    { file: warmupFile, size: MiB, sha256: await restamp(warmupFile, 1) },
    { file: smallFile, size: SMALL, sha256: await restamp(smallFile, 1) },
    { file: bigFile, size: SIZE, sha256: await restamp(bigFile, 1000) },
  ]);
  const [rssWarm, rssSmall, rssBig] = rss.after as [(typeof rss.after)[0], (typeof rss.after)[0], (typeof rss.after)[0]];
  removeTempDir(work);

  const up = { shipyard: median(runs.shipyard.map((t) => mbps(SIZE, t.ms))), reference: median(runs.reference.map((t) => mbps(SIZE, t.ms))) };
  const receive = { shipyard: median(runs.shipyard.map((t) => mbps(SIZE, t.sentMs))), reference: median(runs.reference.map((t) => mbps(SIZE, t.sentMs))) };
  const tail = { shipyard: median(runs.shipyard.map((t) => t.ms - t.sentMs)), reference: median(runs.reference.map((t) => t.ms - t.sentMs)) };
  const perGiB = (ms: number) => (ms * 2 ** 30) / SIZE;
  const cpuOf = (cpus: Cpu[], timed: Timed[]) => ({
    serverMsPerGiB: round(median(cpus.map((c) => perGiB(c.serverMs)))),
    serverMainThreadMsPerGiB: round(median(cpus.map((c) => perGiB(c.serverMainMs)))),
    clientMsPerGiB: round(median(timed.map((t) => perGiB(t.clientCpuMs ?? Number.NaN)))),
    machineBusyShare: round(median(cpus.map((c) => c.machineBusyShare)), 2),
  });
  const cpu = {
    shipyard: { ...cpuOf(runs.shipyardCpu, runs.shipyard), afterResponseMsPerGiB: round(median(runs.shipyardAfterMs.map(perGiB))) },
    reference: cpuOf(runs.referenceCpu, runs.reference),
  };
  const down = { shipyard: median(dl.shipyard), nginx: median(dl.nginx), curlShipyard: median(dl.curlShipyard), curlNginx: median(dl.curlNginx) };
  const growth = rssBig.hwm - rssSmall.hwm;
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? "?",
      memGiB: round(os.totalmem() / 2 ** 30, 1),
      kernel: os.release(),
      node: process.version,
      nginx: "skip" in nginx ? null : nginx.version,
    },
    params: { sizeBytes: SIZE, smallBytes: SMALL, repeats: REPEATS, build, server: process.env.BENCH_VIA_NPM_START === "1" ? "scripts/start.ts" : "bench/lib/serve.ts" },
    background: { cpuBusyBefore: round(busyBefore, 2), loadavgBefore: loadBefore, loadavgAfter: loadavg() },
    pageCache: { minCachedShareBeforeTimedRuns: cachedShares.length ? round(Math.min(...cachedShares), 3) : null },
    upload: {
      shipyardMBps: round(up.shipyard),
      referenceMBps: round(up.reference),
      ratio: round(up.shipyard / up.reference, 3),
      target: 0.9,
      receivePhaseMBps: { shipyard: round(receive.shipyard), reference: round(receive.reference) },
      afterLastByteMs: { shipyard: round(tail.shipyard), reference: round(tail.reference) },
      cpu,
      shipyardPostMs: runs.postMs.map((v) => round(v)),
      runs: {
        shipyard: uploadRuns(runs.shipyard, runs.shipyardCpu),
        reference: uploadRuns(runs.reference, runs.referenceCpu),
      },
    },
    download: {
      shipyardMBps: round(down.shipyard),
      nginxMBps: round(down.nginx),
      ratio: round(down.shipyard / down.nginx, 3),
      target: 0.8,
      curl: { shipyardMBps: round(down.curlShipyard), nginxMBps: round(down.curlNginx), ratio: round(down.curlShipyard / down.curlNginx, 3) },
      serverCpuMsPerGiB: { shipyard: round(median(dlCpu.shipyard.map((c) => perGiB(c.serverMs)))), nginx: round(median(dlCpu.nginx.map((c) => perGiB(c.serverMs)))) },
      serverRuns: {
        shipyard: dlCpu.shipyard.map((c) => ({ MBps: round(c.MBps), serverMs: c.serverMs, minorFaults: c.serverMinorFaults, clientCpuMs: round(c.clientCpuMs) })),
        nginx: dlCpu.nginx.map((c) => ({ MBps: round(c.MBps), serverMs: c.serverMs, minorFaults: c.serverMinorFaults, clientCpuMs: round(c.clientCpuMs) })),
      },
      nginxSkipped: "skip" in nginx ? nginx.skip : null,
      nginxServes,
      runs: Object.fromEntries(Object.entries(dl).map(([key, values]) => [key, values.map((v) => round(v))])),
    },
    peakRss: {
      smallMB: MB(rssSmall.hwm),
      bigMB: MB(rssBig.hwm),
      growthMB: MB(growth),
      targetGrowthMB: 50,
      startMB: MB(rss.startHwm),
      afterWarmupMB: MB(rssWarm.hwm),
      server: { pid: rss.pid, command: rss.command },
      uploads: rss.after.map((a) => ({ sizeBytes: a.sizeBytes, hwmMB: MB(a.hwm), rssMB: MB(a.rss), putMBps: a.putMBps })),
    },
    durationS: round((performance.now() - started) / 1000, 1),
  };
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench/results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);

  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  const f = (n: number | null) => (n === null || !Number.isFinite(n) ? "-" : n.toFixed(0)).padStart(7);
  const x = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : "  -  ").padStart(6);
  console.log(
    [
      `Shipyard byte paths: ${SIZE / MiB} MiB, median of ${REPEATS}; ${results.machine.cpus} × ${results.machine.cpu}, node ${process.version}`,
      "                              Shipyard  reference   ratio  target",
      `upload PUT, MB/s               ${f(up.shipyard)}    ${f(up.reference)}  ${x(up.shipyard, up.reference)}  ≥0.90× ${verdict(up.shipyard / up.reference >= 0.9)}  (ref: Node, stream+sha256+fsync)`,
      `  receive phase, MB/s          ${f(receive.shipyard)}    ${f(receive.reference)}  ${x(receive.shipyard, receive.reference)}          (until the client sent the last byte)`,
      `  after the last byte, ms      ${f(tail.shipyard)}    ${f(tail.reference)}                  (fsync of the page-cached file, commit, DB)`,
      `  server CPU per GiB, ms       ${f(cpu.shipyard.serverMsPerGiB)}    ${f(cpu.reference.serverMsPerGiB)}                  (main thread: ${cpu.shipyard.serverMainThreadMsPerGiB} vs ${cpu.reference.serverMainThreadMsPerGiB})`,
      `  then, off the request path   ${f(cpu.shipyard.afterResponseMsPerGiB)}                             (inspection worker: format, SHA-512 for feeds)`,
      `  client CPU per GiB, ms       ${f(cpu.shipyard.clientMsPerGiB)}    ${f(cpu.reference.clientMsPerGiB)}                  (machine busy ${Math.round((cpu.shipyard.machineBusyShare ?? 0) * 100)}% vs ${Math.round((cpu.reference.machineBusyShare ?? 0) * 100)}% of ${results.machine.cpus} CPUs)`,
      `download GET, MB/s             ${f(down.shipyard)}    ${f(down.nginx)}  ${x(down.shipyard, down.nginx)}  ≥0.80× ${Number.isFinite(down.nginx) ? verdict(down.shipyard / down.nginx >= 0.8) : `skipped: ${results.download.nginxSkipped}`}  (ref: ${results.machine.nginx ?? "nginx"}, sendfile; Node client)`,
      `  same with curl, MB/s         ${f(down.curlShipyard)}    ${f(down.curlNginx)}  ${x(down.curlShipyard, down.curlNginx)}          (a lighter client)`,
      `  server CPU per GiB, ms       ${f(results.download.serverCpuMsPerGiB.shipyard)}    ${f(results.download.serverCpuMsPerGiB.nginx)}                  (Node client)`,
      `peak RSS (VmHWM), MB           10 MiB: ${f(MB(rssSmall.hwm))}   ${SIZE / MiB} MiB: ${f(MB(rssBig.hwm))}   growth ${MB(growth)} MB  <50 MB ${verdict(growth < 50e6)}  (one server, in turn)`,
      `  same server before            start: ${f(MB(rss.startHwm))}   after a 1 MiB warm-up: ${f(MB(rssWarm.hwm))}                 (each reading after inspection ran)`,
      `runs, MB/s: upload Shipyard ${results.upload.runs.shipyard.map((r) => r.MBps).join("/")} ref ${results.upload.runs.reference.map((r) => r.MBps).join("/")}; download Shipyard ${results.download.runs.shipyard?.join("/")} nginx ${results.download.runs.nginx?.join("/") || "-"}; POST ${results.upload.shipyardPostMs.join("/")} ms`,
      `CPU busy before start ${(busyBefore * 100).toFixed(0)}% (load ${loadBefore}); bench/results/latest.json written; ${results.durationS} s`,
    ].join("\n"),
  );
}

runBench(main, (signal) => log(`${signal}: stopping servers and removing temp dirs`));
