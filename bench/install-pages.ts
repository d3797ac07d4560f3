// `npm run bench:pages` (also the second half of `npm run bench`): install page throughput and
// latency at 64 connections, against a static Next page (/help, prerendered at build time) served
// by the same server in the same run. autocannon runs in its own process, as wrk would.
// Targets (issue #5): install page ≥ 0.8× the static page's requests/s, p99 < 50 ms. Install
// pages go through the server's few-second page cache (src/server/http/node-page-cache.ts), as
// every tester does; one more row shows the page rendered on every request, for comparison.
// BENCH_PAGE_SECONDS (10) sets each measurement's length; each target is measured
// BENCH_PAGE_ROUNDS (3) times, interleaved, and the median round is reported.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ensureBuild } from "../scripts/lib/build";
import { json } from "./lib/http-client";
import { median } from "./lib/medians";
import { cleanupSync, removeTempDir, ROOT, tempDir } from "./lib/processes";
import { startShipyard } from "./lib/shipyard";

const clamp = (value: number, min: number, max: number) => (Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : min);
const SECONDS = clamp(Number(process.env.BENCH_PAGE_SECONDS ?? 10), 2, 120);
const ROUNDS = clamp(Number(process.env.BENCH_PAGE_ROUNDS ?? 3), 1, 9);
const CONNECTIONS = 64;
const FIXTURES = path.resolve(ROOT, "../shared/fixtures");
const FILES = ["ios/Hello.ipa", "android/hello.apk", "windows/HelloFixture-Setup-1.2.3.exe", "linux/Hello_Fixture-1.2.3-x86_64.AppImage"];
const NOTES = "## What's new\n\n- Faster sync\n- Fixed the **crash** on launch\n- [Changelog](https://example.com/changelog)";

const AGENTS = {
  desktop: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  iphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
} as const;

const log = (line: string) => process.stderr.write(`[bench:pages] ${line}\n`);

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** One autocannon run in a child process; its JSON summary on stdout. */
function autocannon(url: string, userAgent: string, seconds: number, header?: [string, string]): Promise<Measured> {
  const cli = path.join(ROOT, "node_modules/autocannon/autocannon.js");
  const args = [cli, "-c", String(CONNECTIONS), "-d", String(seconds), "-j", "-H", `user-agent=${userAgent}`, ...(header ? ["-H", `${header[0]}=${header[1]}`] : []), url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      const r = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
      resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
    });
  });
}

async function publishFixtures(url: string, token: string): Promise<void> {
  const uploads: string[] = [];
  for (const file of FILES) {
    const full = path.join(FIXTURES, file);
    const bytes = readFileSync(full);
    const opened = await json(`${url}/api/v1/apps/bench/uploads`, "POST", token, {
      filename: path.basename(full),
      size: statSync(full).size,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    if (opened.status !== 201) throw new Error(`upload session: ${opened.status} ${JSON.stringify(opened.body)}`);
    const put = await fetch(String(opened.body.uploadUrl), { method: "PUT", body: bytes });
    if (put.status !== 200) throw new Error(`upload: ${put.status} ${await put.text()}`);
    uploads.push(String(opened.body.id));
  }
  const published = await json(`${url}/api/v1/apps/bench/channels/stable/releases`, "POST", token, { version: "1.2.3", build: "42", notes: NOTES, uploads });
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
}

async function main() {
  if (ensureBuild(ROOT, log)) log("built");
  const dataDir = tempDir("shipyard-bench-pages-");
  const shipyard = await startShipyard(dataDir);
  try {
    await publishFixtures(shipyard.url, shipyard.token);
    const targets = [
      { name: "static Next page (/help)", url: `${shipyard.url}/help`, agent: AGENTS.desktop },
      { name: "install page, desktop (/bench)", url: `${shipyard.url}/bench`, agent: AGENTS.desktop },
      { name: "install page, iPhone (/bench)", url: `${shipyard.url}/bench`, agent: AGENTS.iphone },
      // A request carrying an Authorization header is never answered from the page cache (the page ignores the header): every request rendered.
      { name: "install page, rendered every time", url: `${shipyard.url}/bench`, agent: AGENTS.desktop, header: ["authorization", "Bearer bench-render"], informational: true },
    ] as { name: string; url: string; agent: string; header?: [string, string]; informational?: boolean }[];
    for (const t of targets) {
      const res = await fetch(t.url, { headers: { "user-agent": t.agent, ...(t.header && { [t.header[0]]: t.header[1] }) } });
      if (res.status !== 200) throw new Error(`${t.name}: ${res.status}`);
      log(`warming ${t.name}`);
      await autocannon(t.url, t.agent, 3, t.header);
    }
    const runs: Measured[][] = targets.map(() => []);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, t] of targets.entries()) {
        const m = await autocannon(t.url, t.agent, SECONDS, t.header);
        log(`round ${round}: ${t.name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms${m.non2xx || m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ""}`);
        runs[i]?.push(m);
      }
    }
    const summary = targets.map((t, i) => {
      const r = runs[i] ?? [];
      return {
        name: t.name,
        informational: t.informational ?? false,
        rps: median(r.map((m) => m.rps)),
        p50: median(r.map((m) => m.p50)),
        p99: median(r.map((m) => m.p99)),
        failed: r.reduce((n, m) => n + m.non2xx + m.errors, 0),
      };
    });
    const base = summary[0]?.rps ?? Number.NaN;
    const lines = [`Install pages at ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds (median), same server, autocannon in its own process`];
    lines.push("                                      req/s    p50 ms   p99 ms   vs static   targets (≥0.80×, p99 <50 ms)");
    for (const s of summary) {
      const ratio = s.rps / base;
      const isStatic = s === summary[0];
      const verdict = isStatic ? "" : s.informational ? "(for comparison: the page cache skipped)" : ratio >= 0.8 && s.p99 < 50 ? "met" : "NOT met";
      lines.push(
        `${s.name.padEnd(36)} ${s.rps.toFixed(0).padStart(7)}  ${String(s.p50).padStart(7)}  ${String(s.p99).padStart(7)}   ${isStatic ? "     -" : `${ratio.toFixed(2)}×`.padStart(6)}      ${verdict}${s.failed ? ` (${s.failed} failed requests)` : ""}`,
      );
    }
    console.log(lines.join("\n"));
  } finally {
    await shipyard.child.stop();
    removeTempDir(dataDir);
  }
}

process.on("exit", cleanupSync);
main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
