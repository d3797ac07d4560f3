// bench:scale's closing table and its JSON file (bench/results/scale-<time>.json, gitignored).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DownloadResult } from "./download-fan-out";
import type { PageResult } from "./scale-pages";
import type { UploadResult } from "./scale-uploads";

export interface ConfigResult {
  name: string;
  servers: number;
  /** Share (0..1) of all CPUs that work other than this bench took meanwhile (a shared machine). */
  othersCpuShare: number;
  uploads: UploadResult;
  downloads: DownloadResult;
  publicPage: PageResult;
  privatePage: PageResult;
  /** Lines of the servers' logs that look like errors or warnings, for the reader to judge. */
  serverLogIssues: string[];
}

export interface ScaleRun {
  startedAt: string;
  commit: string;
  machine: { cpus: number; busyShareBefore: number; loadavgBefore: string };
  settings: Record<string, number | string>;
  configurations: ConfigResult[];
}

export const CAVEAT = [
  "Caveat: everything runs on this one machine (loopback, the same 2 cores for servers, PostgreSQL, s3rver and the load",
  "generators). s3rver is a Node process storing objects on the local disk: the S3 rows measure Shipyard + s3rver here,",
  "not a real S3, whose latency is higher and whose throughput does not share the app servers' CPUs. Two servers on two",
  "cores cannot show the scale-out a second machine would; these figures show the cost of the distributed backends and",
  "that two servers work together, not capacity.",
].join("\n");

const n = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
const failed = (p: PageResult) => p.errors + Object.entries(p.statuses).reduce((sum, [code, count]) => (code.startsWith("2") ? sum : sum + count), 0);

export function formatTable(run: ScaleRun): string {
  const s = run.settings;
  const header = [
    `bench:scale, ${run.machine.cpus} CPUs (busy ${n(run.machine.busyShareBefore * 100)} % before the run, load ${run.machine.loadavgBefore}), commit ${run.commit.slice(0, 12)}`,
    `uploads: ${s.uploadClients} clients × ${s.uploadMiB} MiB, session + PUT, ${s.seconds} s; downloads: ${s.downloads} concurrent × ${s.downloadMiB} MiB (curl);`,
    `pages: ${s.connections} connections, ${s.seconds} s (public: page cache; private: share-link visitor, rendered per request); median of ${s.rounds} round(s)`,
    "",
    `${"configuration".padEnd(34)} ${"upload MB/s".padStart(11)} ${"uploads/s".padStart(9)} ${"download MB/s".padStart(13)} ${"public req/s".padStart(12)} ${"p99 ms".padStart(7)} ${"private req/s".padStart(13)} ${"p99 ms".padStart(7)} ${"others' CPU".padStart(11)}`,
  ];
  const rows = run.configurations.map((c) =>
    [
      c.name.padEnd(34),
      n(c.uploads.MBps).padStart(11),
      n(c.uploads.uploadsPerSecond, 1).padStart(9),
      n(c.downloads.MBps).padStart(13),
      n(c.publicPage.rps).padStart(12),
      n(c.publicPage.p99).padStart(7),
      n(c.privatePage.rps).padStart(13),
      n(c.privatePage.p99).padStart(7),
      `${n(c.othersCpuShare * 100)} %`.padStart(11),
    ].join(" "),
  );
  const problems = run.configurations.flatMap((c) => {
    const lines: string[] = [];
    if (c.uploads.failures) lines.push(`${c.name}: ${c.uploads.failures} failed uploads (first: ${c.uploads.firstFailure})`);
    if (c.downloads.complete < c.downloads.clients) lines.push(`${c.name}: ${c.downloads.clients - c.downloads.complete} incomplete downloads`);
    if (failed(c.publicPage)) lines.push(`${c.name}: public page, ${failed(c.publicPage)} failed requests ${JSON.stringify(c.publicPage.statuses)}`);
    if (failed(c.privatePage)) lines.push(`${c.name}: private page, ${failed(c.privatePage)} failed requests ${JSON.stringify(c.privatePage.statuses)}`);
    if (c.serverLogIssues.length) lines.push(`${c.name}: ${c.serverLogIssues.length} error/warning lines in the server logs (see the JSON)`);
    return lines;
  });
  const legend = "others' CPU: share of both CPUs other work on the machine took during that configuration (not this bench, its servers, PostgreSQL or s3rver).";
  return [...header, ...rows, legend, "", ...(problems.length ? ["Problems:", ...problems, ""] : []), CAVEAT].join("\n");
}

export function writeResults(root: string, run: ScaleRun): string {
  const dir = path.join(root, "bench/results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scale-${run.startedAt.replace(/[:.]/g, "-").slice(0, 19)}.json`);
  writeFileSync(file, `${JSON.stringify({ ...run, caveat: CAVEAT }, null, 2)}\n`);
  return file;
}
