// The two references bench:dynamic measures beside Shipyard in the same run: a trivial dynamic
// Next page (bench/reference-next, built with the repo's own `next` into its ignored .next folder,
// rebuilt only when its sources or Next's version change) served by `next start`, and a plain Node
// JSON endpoint (json-server.ts).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Child, freePort, ROOT, spawnChild, TSX_CLI, waitFor } from "./processes";

export const REFERENCE_NEXT_DIR = path.join(ROOT, "bench/reference-next");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

export interface ReferenceServer {
  url: string;
  child: Child;
}

function sourceHash(): string {
  const hash = createHash("sha256").update(readFileSync(path.join(ROOT, "node_modules/next/package.json")));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === ".next" || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(REFERENCE_NEXT_DIR, full)).update("\0").update(readFileSync(full)).update("\0");
    }
  };
  walk(REFERENCE_NEXT_DIR);
  return hash.digest("hex");
}

/** `next build` of the reference app unless its .next holds a build of these sources. Returns whether it built. */
export function ensureReferenceBuild(log: (line: string) => void): boolean {
  const stamp = path.join(REFERENCE_NEXT_DIR, ".next", "bench-source-hash");
  const hash = sourceHash();
  if (existsSync(path.join(REFERENCE_NEXT_DIR, ".next", "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return false;
  log("building the reference Next app (bench/reference-next)…");
  const result = spawnSync(process.execPath, [NEXT_BIN, "build", REFERENCE_NEXT_DIR], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`reference next build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  writeFileSync(stamp, hash);
  return true;
}

async function answering(url: string): Promise<true | null> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok ? true : null;
  } catch {
    return null;
  }
}

export async function startReferenceNext(): Promise<ReferenceServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.NODE_OPTIONS;
  const child = spawnChild(process.execPath, [NEXT_BIN, "start", REFERENCE_NEXT_DIR, "-p", String(port), "-H", "127.0.0.1"], env);
  await waitFor("reference Next app", () => answering(url), 60_000, child);
  return { url, child };
}

export async function startJsonServer(): Promise<ReferenceServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnChild(process.execPath, [TSX_CLI, path.join(ROOT, "bench/lib/json-server.ts")], { ...process.env, PORT: String(port) });
  await waitFor("Node JSON server", () => answering(url), 30_000, child);
  return { url, child };
}
