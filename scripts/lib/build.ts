// "Build if needed": a production build is reused only while the sources it was made from are
// unchanged (content hash, so a fresh clone with new mtimes still reuses a matching build).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const INPUTS = ["src", "public", "next.config.mjs", "postcss.config.mjs", "tailwind.config.ts", "package-lock.json", "prisma/schema.prisma", "tsconfig.json", "tsconfig.next.json"];

function* files(entry: string): Generator<string> {
  if (!existsSync(entry)) return;
  if (statSync(entry).isDirectory()) {
    for (const name of readdirSync(entry).sort()) yield* files(path.join(entry, name));
  } else {
    yield entry;
  }
}

export function sourceHash(root: string): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of files(path.join(root, input))) {
      hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

/** Runs `next build` unless .next holds a build of exactly these sources. Returns whether it built. */
export function ensureBuild(root: string, log: (line: string) => void = console.log): boolean {
  const stamp = path.join(root, ".next", "shipyard-source-hash");
  const hash = sourceHash(root);
  const built = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash;
  if (built) return false;
  log("Building Shipyard (next build); this happens once per source change…");
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
  writeFileSync(stamp, hash);
  return true;
}
