// Hostile inputs against a real server (issue 10, "the harness"): a generated corpus of bombs,
// broken zips, traversal names, hostile plists and manifests, garbage with the right magic, each
// uploaded with its platform and published: 422 INTEGRITY naming the file with the reason, never a
// 201 or a 5xx, the server healthy after each, nothing written outside DATA_DIR, the server's RSS
// bounded. Then mutation fuzzing of the real fixtures with fast-check: FUZZ_CASES seeded cases
// through the inspection worker pool the server uses, FUZZ_SERVER_CASES of them end to end.
// FUZZ_SEED replays a run; `npm run bench:fuzz` runs far more cases.
import { randomBytes } from "node:crypto";
import { type Dirent, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createInspectionPool } from "@/server/inspect/pool";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { inspectionViolations, loadFuzzFixtures, mutatedBytes, mutationCase } from "../helpers/fixture-mutations";
import { CORPUS_BUNDLE_ID, writeHostileCorpus } from "../helpers/hostile-corpus";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const FUZZ_CASES = Number(process.env.FUZZ_CASES ?? 5000);
const FUZZ_SERVER_CASES = Number(process.env.FUZZ_SERVER_CASES ?? 200);
const RSS_LIMIT = 1.5 * 1024 ** 3;
const MB = 1024 * 1024;
const ROOT = path.resolve(import.meta.dirname, "../..");

// The corpus is generated before the tests are collected, so each input is a test of its own.
const corpusDir = mkdtempSync(path.join(tmpdir(), "shipyard-hostile-corpus-"));
const canary = `shipyard-canary-${randomBytes(6).toString("hex")}`;
const corpus = await writeHostileCorpus(corpusDir, canary);
const fixtures = await loadFuzzFixtures();

let server: RunningServer;
let client: ReturnType<typeof apiClient>;
let releaseNumber = 0;
const report = { inputs: 0, refusals: 0, fuzzCases: 0, fuzzValid: 0, fuzzMs: 0, serverCases: 0, serverRefusals: 0, serverMs: 0 };

/** Sums VmRSS (or VmHWM, the high-water mark) over the server's processes. */
function memoryOf(field: "VmRSS" | "VmHWM"): number {
  let total = 0;
  for (const pid of server.pids()) {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(match?.[1] ?? 0) * 1024;
    } catch {
      // exited between listing and reading
    }
  }
  return total;
}

const rss = { before: 0, peak: 0, after: 0, samples: 0, largestStep: 0, largestStepInput: "" };
let sampler: NodeJS.Timeout | undefined;

beforeAll(async () => {
  server = await startServer();
  const token = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, {
      slug: "hostile",
      displayName: "Hostile",
      visibility: "public",
      bundleIds: { android_apk: CORPUS_BUNDLE_ID, ios: CORPUS_BUNDLE_ID },
    });
    return (await seedToken(store, { name: "admin", scopes: ["admin"] })).raw;
  });
  client = apiClient(server.url, token);
  rss.before = memoryOf("VmRSS");
  sampler = setInterval(() => {
    rss.peak = Math.max(rss.peak, memoryOf("VmRSS"));
    rss.samples++;
  }, 100);
}, 300_000);

afterAll(async () => {
  clearInterval(sampler);
  await server?.stop();
  rmSync(corpusDir, { recursive: true, force: true });
});

interface PublishOutcome {
  status: number;
  reasons: string[];
  body: Record<string, unknown>;
}

/** Uploads one file for its platform and publishes it alone as a new release. */
async function uploadAndPublish(file: string, filename: string, platform: string): Promise<PublishOutcome> {
  const upload = await client.uploadFile("hostile", file, { platform, filename });
  releaseNumber++;
  const res = await client.call("POST", "/api/v1/apps/hostile/releases", {
    version: `0.${releaseNumber}.0`,
    build: String(releaseNumber),
    channel: "beta",
    uploads: [upload],
  });
  const error = res.body.error as { code?: string; files?: { upload: string; filename: string; reasons: string[] }[] } | undefined;
  if (res.status === 422) {
    expect(error?.code).toBe("INTEGRITY");
    expect(error?.files).toHaveLength(1);
    expect(error?.files?.[0]).toMatchObject({ upload, filename });
  }
  return { status: res.status, reasons: error?.files?.[0]?.reasons ?? [], body: res.body };
}

async function expectHealthy(): Promise<void> {
  const res = await fetch(`${server.url}/api/health`);
  expect(res.status).toBe(200);
  await res.body?.cancel();
}

/** No traversal entry was ever written: the canary name exists nowhere we can look. */
function canarySightings(): string[] {
  const found: string[] = [];
  const look = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or gone (other sessions' temp dirs come and go)
    }
    for (const entry of entries) {
      if (entry.name.includes(canary)) found.push(path.join(dir, entry.name));
      if (entry.isDirectory() && depth > 0) look(path.join(dir, entry.name), depth - 1);
    }
  };
  look(tmpdir(), 3);
  if (tmpdir() !== "/tmp") look("/tmp", 3);
  look(corpusDir, 10);
  look(server.dataDir, 10);
  look(ROOT, 0);
  for (const dir of [path.dirname(server.dataDir), "/", path.dirname(ROOT)]) look(dir, 0);
  if (existsSync(path.join("/", canary))) found.push(path.join("/", canary));
  return found;
}

describe("the hostile corpus through a real server", () => {
  it.each(corpus.map((input) => [input.label, input] as const))("%s: publish refused with the reason, server healthy", async (_label, input) => {
    report.inputs++;
    const rssBefore = memoryOf("VmRSS");
    const outcome = await uploadAndPublish(input.file, input.filename, input.platform);
    const step = memoryOf("VmRSS") - rssBefore;
    if (step > rss.largestStep) Object.assign(rss, { largestStep: step, largestStepInput: input.filename });
    expect(outcome.status, JSON.stringify(outcome.body).slice(0, 500)).toBe(422);
    report.refusals++;
    expect(outcome.reasons.length).toBeGreaterThan(0);
    expect(outcome.reasons.join("\n")).toMatch(input.reason);
    // A hang or a crashed worker also ends as "invalid": here it would be a failure.
    expect(outcome.reasons.join("\n")).not.toMatch(/inspection timed out|inspection failed: worker/);
    await expectHealthy();
  });

  it("wrote nothing outside DATA_DIR (no traversal target exists anywhere)", () => {
    expect(canarySightings()).toEqual([]);
  });
});

describe("mutation fuzzing of the real fixtures", () => {
  const arbitrary = mutationCase(fixtures.length);

  it(`${FUZZ_CASES} seeded cases through the inspection worker pool: never a throw, a hang, a crash or an unexpected exception; valid, or invalid with a reason`, async () => {
    const pool = createInspectionPool({ concurrency: 1, timeoutMs: 10_000 });
    const scratch = mkdtempSync(path.join(tmpdir(), "shipyard-fuzz-"));
    const started = performance.now();
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (c) => {
          const fixture = fixtures[c.fixture] ?? fixtures[0];
          if (!fixture) throw new Error("no fixtures");
          const file = path.join(scratch, `${n++}-${fixture.filename}`);
          writeFileSync(file, mutatedBytes(c, fixtures));
          try {
            const result = await pool.inspect(file, { platform: fixture.platform, filename: fixture.filename });
            report.fuzzCases++;
            if (result.status === "valid") report.fuzzValid++;
            expect(inspectionViolations(result), `${fixture.filename}: ${JSON.stringify(result.reasons)}`).toEqual([]);
          } finally {
            rmSync(file, { force: true });
          }
        }),
        { seed: SEED, numRuns: FUZZ_CASES },
      );
    } finally {
      report.fuzzMs = performance.now() - started;
      await pool.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it(`${FUZZ_SERVER_CASES} seeded cases end to end: upload + publish is 201 or 422 with a reason, never a 5xx; the server stays up`, async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), "shipyard-fuzz-e2e-"));
    const started = performance.now();
    try {
      const cases = fc.sample(arbitrary, { seed: SEED + 1, numRuns: FUZZ_SERVER_CASES });
      for (const [i, c] of cases.entries()) {
        const fixture = fixtures[c.fixture] ?? fixtures[0];
        if (!fixture) throw new Error("no fixtures");
        const file = path.join(scratch, `${i}-${fixture.filename}`);
        const bytes = mutatedBytes(c, fixtures);
        writeFileSync(file, bytes);
        report.serverCases++;
        const replay = `case ${i} (FUZZ_SEED=${SEED}): ${fixture.filename} entry ${c.entry ?? "-"} ${JSON.stringify(c.mutations).slice(0, 300)}`;
        if (bytes.length === 0) {
          // Truncated to nothing: refused when the upload is opened, before any inspection.
          expect((await client.openUpload("hostile", file, { platform: fixture.platform, filename: fixture.filename })).status, replay).toBe(400);
          continue;
        }
        const outcome = await uploadAndPublish(file, fixture.filename, fixture.platform);
        expect([201, 422], `${replay}\n${JSON.stringify(outcome.body).slice(0, 500)}`).toContain(outcome.status);
        if (outcome.status === 422) {
          report.serverRefusals++;
          expect(outcome.reasons.length, replay).toBeGreaterThan(0);
          expect(outcome.reasons.join("\n"), replay).not.toMatch(/inspection timed out|inspection failed: worker/);
        }
        await expectHealthy();
        rmSync(file, { force: true });
      }
    } finally {
      report.serverMs = performance.now() - started;
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe("after everything", () => {
  it("the server is up, logged no failed inspection, and its RSS stayed bounded", async () => {
    await expectHealthy();
    clearInterval(sampler);
    rss.after = memoryOf("VmRSS");
    const highWater = memoryOf("VmHWM");
    rss.peak = Math.max(rss.peak, rss.after);
    console.log(
      `hostile corpus: ${report.inputs} inputs tried, ${report.refusals} refused (422); ` +
        `fuzz: ${report.fuzzCases} cases in-process in ${(report.fuzzMs / 1000).toFixed(1)} s (${report.fuzzValid} valid), ` +
        `${report.serverCases} end to end in ${(report.serverMs / 1000).toFixed(1)} s (${report.serverRefusals} refused); ` +
        `server RSS before ${Math.round(rss.before / MB)} MB, peak ${Math.round(rss.peak / MB)} MB (${rss.samples} samples; VmHWM sum ${Math.round(highWater / MB)} MB), after ${Math.round(rss.after / MB)} MB; largest step +${Math.round(rss.largestStep / MB)} MB (${rss.largestStepInput})`,
    );
    expect(server.output()).not.toMatch(/inspection of upload \S+ failed/);
    expect(rss.peak).toBeLessThan(RSS_LIMIT);
    expect(highWater).toBeLessThan(RSS_LIMIT);
    expect(canarySightings()).toEqual([]);
  });
});
