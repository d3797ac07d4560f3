// Route handlers stay thin (parse, call one service, respond): a handler that grows past this has
// taken on logic that belongs in a service or an http helper.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const MAX_LINES = 40;
const APP_DIR = path.resolve(import.meta.dirname, "../../src/app");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

describe("route handlers", () => {
  const files = routeFiles(APP_DIR);

  it("are found (the walk reaches src/app's route groups)", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.includes(`${path.sep}(install)${path.sep}`))).toBe(true);
  });

  it(`are at most ${MAX_LINES} lines each`, () => {
    const long = files.map((f) => ({ file: path.relative(APP_DIR, f), lines: lineCount(readFileSync(f, "utf8")) })).filter((r) => r.lines > MAX_LINES);
    expect(long, `move logic into a service: ${long.map((r) => `${r.file} (${r.lines} lines)`).join(", ")}`).toEqual([]);
  });
});
