// `npm run bench:dynamic`: the paths that were rendered or decided per request, measured the way
// issue #12's "Targets" name them, all in one run on one production build, 64 connections, with
// autocannon in a process of its own:
// - the install page of a private app in a 50 % staged rollout, for a signed-in admin and for a
//   share-link visitor, each request a first visit: as visitors get it (a copy kept for their
//   audience and rollout side, handed out once the session or share link is checked for the
//   request: node-page-cache.ts), and rendered by Next for each request (a URL of its own), beside
//   a trivial force-dynamic Next page (bench/reference-next, same `next`, `next start`);
// - the update-check API over 10,000 device ids against a 50 % staged rollout, with the rate
//   limits switched off by env (RATE_LIMIT_UPDATES_PER_DEVICE/_PER_ADDRESS=0; a server that does not
//   read them yet answers 429s, counted in the status mix), beside a plain node:http JSON endpoint;
// - a CI publish of one small file (3 requests), N times in a row: the server's time per publish
//   (the sum of its three requests' times inside the server, measured by a preload that needs
//   nothing from the server's code: bench/lib/server-time-probe.cjs), and the client's latencies.
// Targets: install pages ≥ 0.5× the reference page and p99 < 150 ms (and ≥ 10× the baseline);
// update checks ≥ 5,000 req/s with p99 < 50 ms; publish time at most half the baseline's.
// Knobs: BENCH_DYNAMIC_SECONDS (10) per measurement, BENCH_DYNAMIC_ROUNDS (3) interleaved rounds
// (the median round is reported), BENCH_DYNAMIC_PUBLISHES (50), BENCH_DYNAMIC_ONLY=publish (the
// publishes alone, for comparing two commits back to back). BENCH_DYNAMIC_LABEL names the run
// in its results file (bench/results/dynamic-<time>.json); the newest file labelled "baseline"
// there is the "before" the ratios to baseline are computed from.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { ensureBuild } from "../scripts/lib/build";
import { type LoadResult, type LoadSpec, measureLoad } from "./lib/load-runner";
import { adminEnv, FIXTURES, setUpPrivateApp } from "./lib/private-app";
import { median } from "./lib/medians";
import { cleanupSync, cpuBusyShare, removeTempDir, ROOT, tempDir } from "./lib/processes";
import { othersShare, sampleCpu } from "./lib/others-cpu";
import { detectPublishRoutes, loadFile, type PublishTiming, publishRelease } from "./lib/publish";
import { ensureReferenceBuild, type ReferenceServer, startJsonServer, startReferenceNext } from "./lib/reference-servers";
import { type Shipyard, startShipyard } from "./lib/shipyard";

const clamp = (value: number, min: number, max: number) => (Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : min);
const SECONDS = clamp(Number(process.env.BENCH_DYNAMIC_SECONDS ?? 10), 2, 120);
const ROUNDS = clamp(Number(process.env.BENCH_DYNAMIC_ROUNDS ?? 3), 1, 9);
const PUBLISHES = clamp(Number(process.env.BENCH_DYNAMIC_PUBLISHES ?? 50), 5, 1000);
const LABEL = process.env.BENCH_DYNAMIC_LABEL ?? "";
const PUBLISH_ONLY = process.env.BENCH_DYNAMIC_ONLY === "publish";
const SERVER_TIME_PROBE = path.join(ROOT, "bench/lib/server-time-probe.cjs");
const CONNECTIONS = 64;
const DEVICES = 10_000;
const WARMUP_SECONDS = 3;
const PRIVATE_APP = "private-bench";
const DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const RESULTS = path.join(ROOT, "bench/results");

const log = (line: string) => process.stderr.write(`[bench:dynamic] ${line}\n`);

type Key = "referencePage" | "installSession" | "installShare" | "installSessionRendered" | "installShareRendered" | "referenceJson" | "updateCheck";
interface Target {
  key: Key;
  name: string;
  spec: LoadSpec;
  /** Checks one response before the target is measured (what it answers, and that it is not a cached copy). */
  probe(res: Response, body: string): string | null;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const round1 = (n: number) => Math.round(n * 10) / 10;

function git(...args: string[]): string {
  return spawnSync("git", args, { cwd: ROOT, encoding: "utf8" }).stdout?.trim() ?? "";
}

function targetsFor(shipyard: Shipyard, referenceNext: ReferenceServer, json: ReferenceServer, app: { slug: string; updateKey: string; sessionCookie: string; shareCookie: string }): Target[] {
  // As visitors make them: the same URL, each request a first visit (no device id yet). Served from
  // a copy kept for the visitor's audience and rollout side once the server has checked the session
  // or share link; a baseline without such copies renders each one.
  const page = (cookie: string): LoadSpec => ({ url: shipyard.url, path: `/${app.slug}`, headers: { "user-agent": DESKTOP, cookie }, connections: CONNECTIONS, seconds: SECONDS });
  // Rendered by Next for each request: every request names a URL of its own (an unknown query
  // parameter the page ignores), so no copy can serve it.
  const rendered = (cookie: string): LoadSpec => ({ ...page(cookie), path: `/${app.slug}?visit={device}`, devices: DEVICES });
  const isPrivatePage = (res: Response, body: string) => {
    if (res.status !== 200) return `status ${res.status}`;
    return body.includes("Private Bench") && body.includes("1.2.3") ? null : "not the private app's install page";
  };
  const renderedProbe = (res: Response, body: string) => {
    const cache = res.headers.get("x-shipyard-page-cache");
    return cache === "hit" || cache === "stale" ? `served from the page cache (${cache})` : isPrivatePage(res, body);
  };
  return [
    {
      key: "referencePage",
      name: "reference: trivial dynamic Next page",
      spec: { url: referenceNext.url, path: "/", headers: { "user-agent": DESKTOP }, connections: CONNECTIONS, seconds: SECONDS },
      probe: (res, body) => (res.status === 200 && body.includes("Reference page") ? null : `status ${res.status}`),
    },
    { key: "installSession", name: "install page, private app, signed-in admin", spec: page(app.sessionCookie), probe: isPrivatePage },
    { key: "installShare", name: "install page, share-link visitor", spec: page(app.shareCookie), probe: isPrivatePage },
    { key: "installSessionRendered", name: "  the same, rendered for each request", spec: rendered(app.sessionCookie), probe: renderedProbe },
    { key: "installShareRendered", name: "  the same, rendered for each request", spec: rendered(app.shareCookie), probe: renderedProbe },
    {
      key: "referenceJson",
      name: "reference: plain Node JSON endpoint",
      spec: { url: json.url, path: "/?deviceId={device}", headers: {}, connections: CONNECTIONS, seconds: SECONDS, devices: DEVICES },
      probe: (res) => (res.status === 200 ? null : `status ${res.status}`),
    },
    {
      key: "updateCheck",
      name: `update check, ${DEVICES.toLocaleString("en")} devices`,
      spec: {
        url: shipyard.url,
        path: `/api/v1/apps/${app.slug}/updates?platform=android_apk&currentBuild=1&deviceId={device}`,
        headers: { "x-shipyard-app-key": app.updateKey },
        connections: CONNECTIONS,
        seconds: SECONDS,
        devices: DEVICES,
      },
      probe: (res, body) => (res.status === 200 || res.status === 204 ? null : `status ${res.status} ${body.slice(0, 200)}`),
    },
  ];
}

async function probe(t: Target): Promise<void> {
  // A few sequential requests: one could be a lucky miss, five in a row would not all be.
  for (let i = 0; i < 5; i++) {
    const res = await fetch(t.spec.url + t.spec.path.replaceAll("{device}", `bench-device-${i}`), { headers: t.spec.headers, redirect: "manual" });
    const problem = t.probe(res, await res.text());
    if (problem) throw new Error(`${t.name}: ${problem}`);
  }
}

/** A round, with the share of the machine others' work took meanwhile (0..1). */
type Round = LoadResult & { othersCpu: number };

interface Summary {
  key: Key;
  name: string;
  rps: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  /** Connection errors, timeouts included. */
  errors: number;
  /** Median share of the machine others' work took during this target's rounds. */
  othersCpu: number;
  rounds: Round[];
}

function summarize(t: Target, rounds: Round[]): Summary {
  const statuses: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  return {
    key: t.key,
    name: t.name,
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    statuses,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    othersCpu: Math.round(median(rounds.map((r) => r.othersCpu)) * 100) / 100,
    rounds,
  };
}

/** One request as the server timed it (bench/lib/server-time-probe.cjs). */
interface ServerRequest {
  ms: number;
  status: number;
  method: string;
  url: string;
}

/** The requests the server finished after byte `from` of its probe log, in the order they finished. */
function serverRequestsSince(log: string, from: number): ServerRequest[] {
  const fd = openSync(log, "r");
  try {
    const buffer = Buffer.alloc(statSync(log).size - from);
    readSync(fd, buffer, 0, buffer.length, from);
    return buffer
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [, ms, status, method, url] = line.split(" ");
        return { ms: Number(ms), status: Number(status), method: method ?? "", url: url ?? "" };
      });
  } finally {
    closeSync(fd);
  }
}

const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);

/** The server's time of each publish: its requests, strictly sequential, taken three by three. */
function serverTimesOf(requests: ServerRequest[], publishes: number): { open: number; put: number; publish: number; total: number }[] {
  const kinds = ["POST", "PUT", "POST"];
  if (requests.length !== publishes * 3 || requests.some((r, i) => r.method !== kinds[i % 3] || r.status >= 300)) {
    const seen = requests.map((r) => `${r.method} ${r.url} ${r.status}`).slice(0, 12);
    throw new Error(`expected ${publishes} × (POST, PUT, POST) answered 2xx inside the server, saw ${requests.length} requests: ${seen.join(", ")}…`);
  }
  return Array.from({ length: publishes }, (_, n) => {
    const [open, put, publish] = requests.slice(n * 3, n * 3 + 3).map((r) => r.ms) as [number, number, number];
    return { open, put, publish, total: open + put + publish };
  });
}

async function measurePublishes(shipyard: Shipyard, serverTimeLog: string): Promise<{ samples: (PublishTiming & { serverMs: number })[]; summary: Record<string, number> }> {
  const file = loadFile(path.join(FIXTURES, "android/hello.apk"));
  // Asked once, before the warm-up: each server then gets only requests to its own routes.
  const routes = await detectPublishRoutes(shipyard.url, shipyard.token, "bench", "beta");
  const publishOne = (n: number) => publishRelease(shipyard.url, shipyard.token, "bench", [file], { version: `2.0.${n}`, build: String(100 + n), channel: "beta" }, routes);
  for (let n = 0; n < 3; n++) await publishOne(n); // warm-up: first inspections, first queries
  const from = sizeOf(serverTimeLog);
  const client: PublishTiming[] = [];
  for (let n = 3; n < PUBLISHES + 3; n++) client.push(await publishOne(n));
  const server = serverTimesOf(serverRequestsSince(serverTimeLog, from), PUBLISHES);
  const samples = client.map((c, i) => ({ ...c, serverMs: round1(server[i]?.total ?? Number.NaN) }));
  const of = (pick: (s: PublishTiming) => number) => client.map(pick);
  const onServer = (pick: (s: (typeof server)[number]) => number) => round1(median(server.map(pick)));
  return {
    samples,
    summary: {
      serverMedianMs: onServer((s) => s.total),
      serverP95Ms: round1(
        percentile(
          server.map((s) => s.total),
          95,
        ),
      ),
      serverOpenMedianMs: onServer((s) => s.open),
      serverPutMedianMs: onServer((s) => s.put),
      serverPublishMedianMs: onServer((s) => s.publish),
      medianMs: round1(median(of((s) => s.totalMs))),
      p95Ms: round1(
        percentile(
          of((s) => s.totalMs),
          95,
        ),
      ),
      openMedianMs: round1(median(of((s) => s.openMs))),
      putMedianMs: round1(median(of((s) => s.putMs))),
      publishMedianMs: round1(median(of((s) => s.publishMs))),
    },
  };
}

/**
 * The newest results file of this bench labelled "baseline" that holds `what` (the load targets,
 * or publishes timed inside the server), if any.
 */
function findBaseline(what: "targets" | "serverPublish"): { file: string; data: Results } | null {
  if (!existsSync(RESULTS)) return null;
  const files = readdirSync(RESULTS)
    .filter((f) => /^dynamic-.*\.json$/.test(f))
    .sort()
    .reverse();
  for (const file of files) {
    try {
      const data = JSON.parse(readFileSync(path.join(RESULTS, file), "utf8")) as Results;
      const holds = what === "targets" ? data.targets.length > 0 : data.publish.serverMedianMs !== undefined;
      if (data.label === "baseline" && holds) return { file, data };
    } catch {
      // not ours, or half-written
    }
  }
  return null;
}

interface Results {
  bench: "dynamic";
  label: string;
  commit: string;
  /** Source files changed from the commit when the run was made (bench/ excluded). */
  uncommittedSources: string[];
  startedAt: string;
  machine: { cpus: number; loadAverage: number[]; busyShareBeforeRun: number; othersCpuShareDuringRounds: number };
  settings: { connections: number; seconds: number; rounds: number; devices: number; publishes: number; serverEnv: Record<string, string> };
  targets: Summary[];
  publish: Record<string, number>;
  ratios: Record<string, number>;
  vsBaseline?: { file: string; commit: string; ratios: Record<string, number> };
  /** Publishing against the newest baseline whose publishes were timed inside the server. */
  publishVsBaseline?: { file: string; commit: string; ratios: Record<string, number> };
}

function ratiosOf(by: Partial<Record<Key, Summary>>, publish: Record<string, number>, updateAnswered: number): Record<string, number> {
  const r2 = (n: number) => Math.round(n * 100) / 100;
  const publishRatios = {
    publishMedianMs: publish.medianMs ?? Number.NaN,
    publishP95Ms: publish.p95Ms ?? Number.NaN,
    publishServerMedianMs: publish.serverMedianMs ?? Number.NaN,
  };
  if (!by.installSession || !by.installShare || !by.referencePage || !by.updateCheck || !by.referenceJson) return publishRatios;
  return {
    installSessionRpsVsReferencePage: r2(by.installSession.rps / by.referencePage.rps),
    installShareRpsVsReferencePage: r2(by.installShare.rps / by.referencePage.rps),
    installSessionP99Ms: by.installSession.p99,
    installShareP99Ms: by.installShare.p99,
    ...(by.installSessionRendered &&
      by.installShareRendered && {
        installSessionRenderedRpsVsReferencePage: r2(by.installSessionRendered.rps / by.referencePage.rps),
        installShareRenderedRpsVsReferencePage: r2(by.installShareRendered.rps / by.referencePage.rps),
        installSessionRenderedP99Ms: by.installSessionRendered.p99,
        installShareRenderedP99Ms: by.installShareRendered.p99,
      }),
    referencePageP99Ms: by.referencePage.p99,
    updateCheckRps: Math.round(by.updateCheck.rps),
    updateCheckAnsweredRps: Math.round(updateAnswered),
    updateCheckP99Ms: by.updateCheck.p99,
    updateCheckRpsVsNodeJson: r2(by.updateCheck.rps / by.referenceJson.rps),
    nodeJsonP99Ms: by.referenceJson.p99,
    ...publishRatios,
  };
}

function report(results: Results): string {
  const lines = [
    `Dynamic paths at ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds (median round), one run, autocannon in its own process`,
    `commit ${results.commit.slice(0, 12)}${results.label ? ` (${results.label})` : ""}; others' work took ${Math.round(results.machine.othersCpuShareDuringRounds * 100)} % of the machine during the rounds (shared machine: figures are noisy)`,
    "",
    `${"".padEnd(46)}   req/s   p50 ms   p99 ms   others   statuses`,
  ];
  for (const t of results.targets) {
    const statuses = Object.entries(t.statuses)
      .map(([code, n]) => `${code}: ${n}`)
      .join(", ");
    lines.push(
      `${t.name.padEnd(46)} ${t.rps.toFixed(0).padStart(7)}  ${String(t.p50).padStart(7)}  ${String(t.p99).padStart(7)}   ${`${Math.round(t.othersCpu * 100)} %`.padStart(6)}   ${statuses || "no response within a round"}${t.errors ? `, ${t.errors} errors/timeouts` : ""}`,
    );
  }
  const r = results.ratios;
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  const p = results.publish;
  lines.push(
    "",
    `CI publish of one small file (3 requests), ${PUBLISHES} in a row:`,
    `  server time per publish: median ${p.serverMedianMs} ms, p95 ${p.serverP95Ms} ms (open ${p.serverOpenMedianMs}, PUT ${p.serverPutMedianMs}, publish ${p.serverPublishMedianMs} ms, medians)`,
    `  client latency per publish: median ${p.medianMs} ms, p95 ${p.p95Ms} ms (open ${p.openMedianMs}, PUT ${p.putMedianMs}, publish ${p.publishMedianMs} ms, medians)`,
    "",
    "Targets (issue #12)",
  );
  if (results.targets.length > 0) {
    lines.push(
      `  install page, admin: ${r.installSessionRpsVsReferencePage}× the reference page (≥ 0.5×: ${met((r.installSessionRpsVsReferencePage ?? 0) >= 0.5)}), p99 ${r.installSessionP99Ms} ms (< 150: ${met((r.installSessionP99Ms ?? Infinity) < 150)})`,
      `  install page, share: ${r.installShareRpsVsReferencePage}× the reference page (≥ 0.5×: ${met((r.installShareRpsVsReferencePage ?? 0) >= 0.5)}), p99 ${r.installShareP99Ms} ms (< 150: ${met((r.installShareP99Ms ?? Infinity) < 150)})`,
      `  rendered for each request (no copy): admin ${r.installSessionRenderedRpsVsReferencePage}× the reference page, p99 ${r.installSessionRenderedP99Ms} ms; share ${r.installShareRenderedRpsVsReferencePage}×, p99 ${r.installShareRenderedP99Ms} ms`,
      `  update check: ${r.updateCheckRps} req/s, of which ${r.updateCheckAnsweredRps}/s answered 200/204 (≥ 5,000: ${met((r.updateCheckAnsweredRps ?? 0) >= 5000)}), p99 ${r.updateCheckP99Ms} ms (< 50: ${met((r.updateCheckP99Ms ?? Infinity) < 50)}); ${r.updateCheckRpsVsNodeJson}× the Node JSON endpoint`,
    );
  }
  const b = results.vsBaseline;
  if (b?.ratios.installSession !== undefined) {
    lines.push(
      `  vs baseline ${b.commit.slice(0, 12)} (${b.file}): install page admin ${b.ratios.installSession}×, share ${b.ratios.installShare}× (≥ 10×: ${met((b.ratios.installSession ?? 0) >= 10 && (b.ratios.installShare ?? 0) >= 10)}); rendered for each request: admin ${b.ratios.installSessionRendered}×, share ${b.ratios.installShareRendered}×; update checks answered ${b.ratios.updateCheckAnswered}×`,
    );
  }
  const pb = results.publishVsBaseline;
  if (pb) {
    lines.push(
      `  publish vs baseline ${pb.commit.slice(0, 12)} (${pb.file}): server time ${pb.ratios.publishServerMedian}× (≤ 0.5×: ${met((pb.ratios.publishServerMedian ?? Infinity) <= 0.5)}); client latency ${pb.ratios.publishMedian}×`,
    );
  }
  if (!b && !pb) lines.push("  (no baseline results file in bench/results: the 10× and halved targets need one)");
  return lines.join("\n");
}

/** The install page and update check targets beside their references, rounds interleaved. */
async function measureTargets(shipyard: Shipyard, referenceNext: ReferenceServer, json: ReferenceServer): Promise<{ target: Target; rounds: Round[] }[]> {
  const app = await setUpPrivateApp(shipyard.url, PRIVATE_APP);
  log("private app published, staged rollout at 50 %, share link opened");
  const targets = targetsFor(shipyard, referenceNext, json, app);
  for (const t of targets) {
    await probe(t);
    log(`warming ${t.name}`);
    await measureLoad({ ...t.spec, seconds: WARMUP_SECONDS });
  }
  const runs = targets.map((target) => ({ target, rounds: [] as Round[] }));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const run of runs) {
      const t = run.target;
      const before = sampleCpu();
      const m = { ...(await measureLoad(t.spec)), othersCpu: 0 };
      m.othersCpu = Math.round(othersShare(before, sampleCpu()) * 100) / 100;
      log(
        `round ${round}: ${t.name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${JSON.stringify(m.statuses)}${m.errors ? `, ${m.errors} errors` : ""}, others' CPU ${Math.round(m.othersCpu * 100)} %`,
      );
      run.rounds.push(m);
    }
  }
  return runs;
}

/** Waits up to a minute for the machine to settle (others' builds and tests skew every figure); returns its last busy share. */
async function settle(): Promise<number> {
  const deadline = Date.now() + 60_000;
  let busy = await cpuBusyShare(2_000);
  while (busy > 0.25 && Date.now() < deadline) {
    log(`machine ${Math.round(busy * 100)} % busy: waiting for it to settle`);
    busy = await cpuBusyShare(5_000);
  }
  return busy;
}

async function main() {
  const startedAt = new Date().toISOString();
  if (ensureBuild(ROOT, log)) log("built Shipyard");
  if (!PUBLISH_ONLY && ensureReferenceBuild(log)) log("built the reference Next app");
  const busyShareBeforeRun = await settle();
  const serverEnv = { RATE_LIMIT_UPDATES_PER_DEVICE: "0", RATE_LIMIT_UPDATES_PER_ADDRESS: "0" };
  const dataDir = tempDir("dynamic");
  const serverTimeDir = tempDir("server-time");
  const probeEnv = {
    NODE_OPTIONS: [process.env.BENCH_SERVER_NODE_OPTIONS, `--require ${SERVER_TIME_PROBE}`].filter(Boolean).join(" "),
    BENCH_SERVER_TIME_DIR: serverTimeDir,
  };
  const shipyard = await startShipyard(dataDir, { ...serverEnv, ...adminEnv, ...probeEnv });
  const referenceNext = PUBLISH_ONLY ? null : await startReferenceNext();
  const json = PUBLISH_ONLY ? null : await startJsonServer();
  try {
    const runs = referenceNext && json ? await measureTargets(shipyard, referenceNext, json) : [];
    const summaries = runs.map(({ target, rounds }) => summarize(target, rounds));
    const by: Partial<Record<Key, Summary>> = Object.fromEntries(summaries.map((s) => [s.key, s]));
    log(`publishing ${PUBLISHES} releases in a row`);
    const publish = await measurePublishes(shipyard, path.join(serverTimeDir, `server-time-${shipyard.serverPid}.log`));

    const update = by.updateCheck;
    const total = Object.values(update?.statuses ?? {}).reduce((a, b) => a + b, 0);
    const answered = (update?.statuses["200"] ?? 0) + (update?.statuses["204"] ?? 0);
    const updateAnswered = update && total > 0 ? (update.rps * answered) / total : 0;
    const rounds = runs.flatMap((r) => r.rounds);
    const results: Results = {
      bench: "dynamic",
      label: LABEL,
      commit: git("rev-parse", "HEAD"),
      uncommittedSources: git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench").split("\n").filter(Boolean),
      startedAt,
      machine: {
        cpus: cpus().length,
        loadAverage: loadavg().map(round1),
        busyShareBeforeRun: Math.round(busyShareBeforeRun * 100) / 100,
        othersCpuShareDuringRounds: Math.round((rounds.reduce((a, r) => a + r.othersCpu, 0) / Math.max(1, rounds.length)) * 100) / 100,
      },
      settings: { connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, devices: DEVICES, publishes: PUBLISHES, serverEnv },
      targets: summaries,
      publish: publish.summary,
      ratios: ratiosOf(by, publish.summary, updateAnswered),
    };
    const r2 = (n: number) => Math.round(n * 100) / 100;
    const baseline = LABEL === "baseline" || summaries.length === 0 ? null : findBaseline("targets");
    if (baseline) {
      const before = Object.fromEntries(baseline.data.targets.map((t) => [t.key, t])) as Record<Key, Summary>;
      const rpsRatio = (key: Key) => r2((by[key]?.rps ?? Number.NaN) / before[key].rps);
      results.vsBaseline = {
        file: baseline.file,
        commit: baseline.data.commit,
        ratios: {
          installSession: rpsRatio("installSession"),
          installShare: rpsRatio("installShare"),
          // The baseline rendered every private page: its figures are the "before" of both ways.
          installSessionRendered: r2((by.installSessionRendered?.rps ?? Number.NaN) / before.installSession.rps),
          installShareRendered: r2((by.installShareRendered?.rps ?? Number.NaN) / before.installShare.rps),
          updateCheck: rpsRatio("updateCheck"),
          updateCheckAnswered: r2(updateAnswered / (baseline.data.ratios.updateCheckAnsweredRps ?? Number.NaN)),
        },
      };
    }
    const publishBaseline = LABEL === "baseline" ? null : findBaseline("serverPublish");
    if (publishBaseline) {
      const before = publishBaseline.data.publish;
      results.publishVsBaseline = {
        file: publishBaseline.file,
        commit: publishBaseline.data.commit,
        ratios: {
          publishServerMedian: r2((publish.summary.serverMedianMs ?? Number.NaN) / (before.serverMedianMs ?? Number.NaN)),
          publishMedian: r2((publish.summary.medianMs ?? Number.NaN) / (before.medianMs ?? Number.NaN)),
        },
      };
    }
    console.log(report(results));
    const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
    const file = path.join(RESULTS, `dynamic-${stamp}.json`);
    writeFileSync(file, `${JSON.stringify({ ...results, publishSamples: publish.samples }, null, 2)}\n`);
    log(`wrote ${path.relative(ROOT, file)}`);
  } finally {
    await Promise.all([shipyard.child.stop(), referenceNext?.child.stop(), json?.child.stop()]);
    removeTempDir(dataDir);
    removeTempDir(serverTimeDir);
  }
}

process.on("exit", cleanupSync);
main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
