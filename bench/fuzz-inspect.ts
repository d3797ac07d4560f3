// `npm run bench:fuzz -- [--runs 50000] [--seed N] [--jobs 2] [--timeout-ms 20000]`: mutation fuzzing
// of the real fixtures through the inspection worker pool the server uses (src/server/inspect/pool.ts),
// far beyond the 2,000 seeded cases of tests/reliability/hostile-corpus.test.ts. Each job runs its own
// fast-check sequence (seed, seed+1, …) against its own one-worker pool. A case fails when the pool
// rejects, times out (a hang), loses its worker (a crash or an out-of-memory), returns a result that
// is neither valid nor invalid-with-a-reason, or gives a reason that is an unexpected exception (a
// parser bug the inspector's safety net caught). A failure prints fast-check's report (seed and
// path replay it) and leaves the shrunk input under bench/results/fuzz-failures/. Exit code 1 then.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { createInspectionPool } from "../src/server/inspect/pool";
import { type FuzzFixture, inspectionViolations, loadFuzzFixtures, mutatedBytes, mutationCase, type MutationCase } from "../tests/helpers/fixture-mutations";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  if (value !== undefined && !Number.isSafeInteger(value)) throw new Error(`--${name} needs an integer`);
  return value ?? fallback;
}

const runs = option("runs", 50_000);
const seed = option("seed", Date.now() % 2 ** 31);
const jobs = option("jobs", 2);
const timeoutMs = option("timeout-ms", 20_000);
const ROOT = path.resolve(import.meta.dirname, "..");
const failuresDir = path.join(ROOT, "bench/results/fuzz-failures");

const fixtures = await loadFuzzFixtures();
const scratch = mkdtempSync(path.join(tmpdir(), "shipyard-fuzz-"));
const stats = { cases: 0, valid: 0, invalid: 0, slowestMs: 0, slowest: "" };
let lastProgress = performance.now();

async function runJob(job: number, jobRuns: number): Promise<string | undefined> {
  const pool = createInspectionPool({ concurrency: 1, timeoutMs });
  let counter = 0;
  const inspectCase = async (c: MutationCase, fixture: FuzzFixture): Promise<string[]> => {
    const bytes = mutatedBytes(c, fixtures);
    const file = path.join(scratch, `${job}-${counter++}-${fixture.filename}`);
    writeFileSync(file, bytes);
    const caseStarted = performance.now();
    try {
      const result = await pool.inspect(file, { platform: fixture.platform, filename: fixture.filename });
      const ms = performance.now() - caseStarted;
      stats.cases++;
      stats[result.status === "valid" ? "valid" : "invalid"]++;
      if (ms > stats.slowestMs) Object.assign(stats, { slowestMs: ms, slowest: `${fixture.filename} entry ${c.entry ?? "-"} ${JSON.stringify(c.mutations).slice(0, 200)}` });
      if (performance.now() - lastProgress > 10_000) {
        lastProgress = performance.now();
        console.log(`  ${stats.cases} cases, ${Math.round((lastProgress - started) / 1000)} s`);
      }
      return inspectionViolations(result);
    } catch (error) {
      return [`inspect rejected: ${error instanceof Error ? error.message : String(error)}`];
    } finally {
      rmSync(file, { force: true });
    }
  };
  try {
    const property = fc.asyncProperty(mutationCase(fixtures.length), async (c) => {
      const fixture = fixtures[c.fixture] ?? fixtures[0];
      if (!fixture) throw new Error("no fixtures");
      const problems = await inspectCase(c, fixture);
      if (problems.length > 0) {
        mkdirSync(failuresDir, { recursive: true });
        const saved = path.join(failuresDir, `seed-${seed + job}-${fixture.filename}`);
        writeFileSync(saved, mutatedBytes(c, fixtures));
        throw new Error(`${fixture.filename}: ${problems.join("; ")} (input saved to ${path.relative(ROOT, saved)})`);
      }
    });
    const details = await fc.check(property, { seed: seed + job, numRuns: jobRuns, endOnFailure: false });
    return details.failed ? `${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}` : undefined;
  } finally {
    await pool.close();
  }
}

const started = performance.now();
console.log(`fuzzing ${runs} cases over ${fixtures.length} fixtures, seed ${seed}, ${jobs} job(s), ${timeoutMs} ms per case`);
try {
  const perJob = Math.ceil(runs / jobs);
  const failures = (await Promise.all(Array.from({ length: jobs }, (_, job) => runJob(job, Math.min(perJob, runs - job * perJob))))).filter((f): f is string => f !== undefined);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${stats.cases} cases in ${seconds.toFixed(1)} s (${(stats.cases / seconds).toFixed(0)}/s): ${stats.valid} valid, ${stats.invalid} invalid; slowest ${stats.slowestMs.toFixed(0)} ms (${stats.slowest})`,
  );
  for (const failure of failures) console.error(failure);
  process.exitCode = failures.length > 0 ? 1 : 0;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
