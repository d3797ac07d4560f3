// `npm run bench:offload`: fan-out of one file, 64 concurrent downloads of 50 MB (BENCH_OFFLOAD_MIB,
// BENCH_OFFLOAD_CLIENTS), three ways in one run:
//   1. Shipyard direct: the Node byte server copies every byte;
//   2. nginx proxy_pass: nginx in front, streaming what Shipyard sends (DOWNLOAD_OFFLOAD off);
//   3. nginx X-Accel-Redirect: Shipyard authorizes and counts, nginx sends the file with sendfile
//      (DOWNLOAD_OFFLOAD=x-accel-redirect).
// Two Shipyard servers (offload off and on), the same file published on each, one nginx with a
// server block for each (tests/helpers/nginx.ts, the README's configuration). Each round is one
// curl process running all transfers in parallel (C, one client process for every mode), after
// reading the blobs into the page cache. Prints MB/s (median of BENCH_REPEATS rounds, 3) and the
// CPU each Shipyard spent; figures only, no verdict.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureBuild } from "../scripts/lib/build";
import { startNginx } from "../tests/helpers/nginx";
import { runBench } from "./lib/bench-main";
import { measureDownloads } from "./lib/download-fan-out";
import { putFile } from "./lib/http-client";
import { median } from "./lib/medians";
import { cpuSnapshot, removeTempDir, ROOT, tempDir, warm } from "./lib/processes";
import { writeRandomFile } from "./lib/random-file";
import { countSetting } from "./lib/settings";
import { openUpload, publish, type Shipyard, startShipyard } from "./lib/shipyard";

const MiB = 1024 * 1024;
const SIZE = countSetting("BENCH_OFFLOAD_MIB", 50, 1024) * MiB;
const CLIENTS = countSetting("BENCH_OFFLOAD_CLIENTS", 64, 512);
const REPEATS = countSetting("BENCH_REPEATS", 3, 9);
const log = (line: string) => process.stderr.write(`[bench:offload] ${line}\n`);

/** Uploads and publishes `file`; the download's path (/d/{artifact}/{name}) and the blob's file. */
async function publishFile(s: Shipyard, file: string, sha256: string): Promise<{ route: string; blob: string }> {
  const upload = await openUpload(s, path.basename(file), SIZE, sha256);
  const put = await putFile(upload.uploadUrl, file, SIZE);
  if (put.status !== 200) throw new Error(`upload: ${put.status} ${put.body}`);
  return { route: new URL(await publish(s, upload.id)).pathname, blob: s.blobPath(sha256) };
}

/** One round: `CLIENTS` GETs of `url` at once in one curl process, every one complete; MB/s over the whole round. */
const fanOut = async (url: string) => (await measureDownloads([url], CLIENTS, SIZE, { everyOne: true })).MBps;

async function main(): Promise<void> {
  if (spawnSync("/usr/sbin/nginx", ["-v"]).status !== 0) throw new Error("nginx is not installed (apt-get install -y --no-install-recommends nginx)");
  if (spawnSync("curl", ["--version"]).status !== 0) throw new Error("curl is not installed");
  log(`build: ${ensureBuild(ROOT, log) ? "built" : "up to date"}`);
  const work = tempDir("offload-files");
  const file = path.join(work, "fanout.deb");
  const sha256 = writeRandomFile(file, SIZE);
  const plainDir = tempDir("offload-plain");
  const offloadDir = tempDir("offload-on");
  const [plain, offloaded] = await Promise.all([startShipyard(plainDir), startShipyard(offloadDir, { DOWNLOAD_OFFLOAD: "x-accel-redirect" })]);
  const [plainFile, offloadedFile] = [await publishFile(plain, file, sha256), await publishFile(offloaded, file, sha256)];
  const nginx = await startNginx([plain, offloaded].map((s) => ({ upstream: s.url, blobsDir: path.join(s.dataDir, "blobs") })));
  process.on("exit", () => {
    try {
      process.kill(nginx.pid, "SIGKILL");
    } catch {
      // stopped already
    }
  });
  const handOff = await fetch(`${offloaded.url}${offloadedFile.route}`);
  await handOff.arrayBuffer();
  if (!handOff.headers.get("x-accel-redirect")) throw new Error("the offloading server did not answer with X-Accel-Redirect");

  const modes = [
    { name: "Shipyard direct", url: `${plain.url}${plainFile.route}`, server: plain },
    { name: "nginx proxy_pass (streamed by Shipyard)", url: `${nginx.urls[0]}${plainFile.route}`, server: plain },
    { name: "nginx X-Accel-Redirect (sendfile)", url: `${nginx.urls[1]}${offloadedFile.route}`, server: offloaded },
  ];
  const runs = new Map<string, { mbps: number[]; shipyardCpuS: number[] }>(modes.map((m) => [m.name, { mbps: [], shipyardCpuS: [] }]));
  for (const mode of modes) await fanOut(mode.url); // warm-up: connections, JIT, page cache
  for (let round = 1; round <= REPEATS; round++) {
    for (const mode of modes) {
      await warm(plainFile.blob);
      await warm(offloadedFile.blob);
      const before = cpuSnapshot(mode.server.serverPid);
      const mbps = await fanOut(mode.url);
      const cpu = (cpuSnapshot(mode.server.serverPid).processMs - before.processMs) / 1000;
      runs.get(mode.name)?.mbps.push(mbps);
      runs.get(mode.name)?.shipyardCpuS.push(cpu);
      log(`round ${round}: ${mode.name}: ${mbps.toFixed(0)} MB/s, Shipyard CPU ${cpu.toFixed(2)} s`);
    }
  }
  await nginx.stop();
  await Promise.all([plain.child.stop(), offloaded.child.stop()]);
  for (const dir of [plainDir, offloadDir, work]) removeTempDir(dir);

  const base = median(runs.get(modes[0]?.name ?? "")?.mbps ?? []);
  const lines = modes.map((mode) => {
    const r = runs.get(mode.name) ?? { mbps: [], shipyardCpuS: [] };
    const m = median(r.mbps);
    return `${mode.name.padEnd(42)} ${m.toFixed(0).padStart(6)} MB/s  ${(m / base).toFixed(2)}×  Shipyard CPU ${median(r.shipyardCpuS).toFixed(2)} s  (runs ${r.mbps.map((v) => v.toFixed(0)).join("/")})`;
  });
  console.log(`${CLIENTS} concurrent downloads of ${SIZE / MiB} MiB, median of ${REPEATS}, loopback, one nginx worker:\n${lines.join("\n")}`);
}

runBench(main);
