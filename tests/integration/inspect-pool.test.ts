// The worker-thread pool: same results as in-process, icon transferred, timeouts replace the worker.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectArtifact } from "@/server/inspect";
import { createInspectionPool, type InspectionPool } from "@/server/inspect/pool";
import { decodePngHeader, fixture, tempDir } from "../helpers/inspect-fixtures";
import { buildZip } from "../helpers/inspect-zip-writer";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe("inspection pool", () => {
  let pool: InspectionPool;
  beforeAll(() => {
    pool = createInspectionPool({ concurrency: 2, timeoutMs: 20_000 });
  });
  afterAll(() => pool.close());

  it("returns the same results as in-process inspection, with the icon as a Buffer", async () => {
    const jobs = [
      { file: "ios/Hello.ipa", hints: { platform: "ios" as const, filename: "Hello.ipa", now: new Date("2027-01-01T00:00:00Z") } },
      { file: "android/hello.apk", hints: { platform: "android_apk" as const, filename: "hello.apk" } },
      { file: "linux/hello_2.10-3_amd64.deb", hints: { platform: "linux" as const, filename: "hello.deb" } },
      { file: "windows/HelloFixture-Setup-1.2.3-signed.exe", hints: { platform: "windows" as const, filename: "setup.exe" } },
    ];
    const pooled = await Promise.all(jobs.map((job) => pool.inspect(fixture(job.file), job.hints)));
    const direct = await Promise.all(jobs.map((job) => inspectArtifact({ path: fixture(job.file) }, job.hints)));
    expect(pooled).toEqual(direct);
    const icon = pooled[0]?.icon;
    expect(Buffer.isBuffer(icon?.png)).toBe(true);
    expect(decodePngHeader(icon?.png ?? Buffer.alloc(0))).toMatchObject({ width: 180, height: 180 });
  });

  it("computes the feed digests asked for over the whole file, whatever the format verdict", async () => {
    const deb = fixture("linux/hello_2.10-3_amd64.deb");
    const bytes = readFileSync(deb);
    const both = await pool.inspect(deb, { platform: "linux", filename: "hello.deb" }, { digests: ["sha512", "sha1"] });
    expect(both).toMatchObject({ kind: "deb", status: "valid" });
    expect(both.digests).toEqual({ sha512: createHash("sha512").update(bytes).digest("base64"), sha1: createHash("sha1").update(bytes).digest("hex") });
    const junk = tmp.write("junk.bin", Buffer.alloc(3 * 1024 * 1024 + 5, 7));
    const unrecognised = await pool.inspect(junk, { platform: "linux", filename: "junk.bin" }, { digests: ["sha512"] });
    expect(unrecognised).toMatchObject({ status: "invalid", reasons: ["unrecognised file format"] });
    expect(unrecognised.digests).toEqual({ sha512: createHash("sha512").update(readFileSync(junk)).digest("base64") });
    expect(await pool.inspect(deb, { platform: "linux", filename: "hello.deb" })).not.toHaveProperty("digests");
  });

  it("rejects when the file cannot be opened", async () => {
    await expect(pool.inspect(path.join(tmp.dir, "missing.ipa"), { platform: "ios", filename: "missing.ipa" })).rejects.toThrow(/ENOENT/);
  });
});

describe("inspection pool timeouts", () => {
  it("times out on a slow input, terminates that worker and keeps serving with a new one", async () => {
    // A real, valid zip whose 100,000 central directory records take about a second to walk.
    const slow = tmp.write(
      "slow.zip",
      buildZip(
        Array.from({ length: 100_000 }, (_, i) => ({ name: `d/${i}` })),
        { zip64: true },
      ),
    );
    const pool = createInspectionPool({ concurrency: 1, timeoutMs: 150 });
    try {
      // Warm up: the timer starts only once a worker is ready, so boot time never counts.
      expect((await pool.inspect(fixture("linux/hello-fixture_1.2.3-42_amd64.deb"), { platform: "linux", filename: "a.deb" })).status).toBe("valid");
      const started = Date.now();
      const timedOut = await pool.inspect(slow, { platform: "windows", filename: "slow.zip" });
      expect(timedOut).toEqual({ kind: "unknown", metadata: {}, status: "invalid", reasons: ["inspection timed out"], warnings: [] });
      expect(Date.now() - started).toBeLessThan(5_000);
      const after = await pool.inspect(fixture("linux/hello-fixture-1.2.3-42.x86_64.rpm"), { platform: "linux", filename: "a.rpm" });
      expect(after).toMatchObject({ kind: "rpm", status: "valid" });
    } finally {
      await pool.close();
    }
    // Without the timeout the same file is simply a valid archive.
    const generous = createInspectionPool({ concurrency: 1, timeoutMs: 60_000 });
    try {
      expect(await generous.inspect(slow, { platform: "windows", filename: "slow.zip" })).toMatchObject({
        kind: "zip",
        status: "valid",
        metadata: { entryCount: 100_000 },
      });
    } finally {
      await generous.close();
    }
  });

  it("queued jobs are rejected when the pool closes", async () => {
    const pool = createInspectionPool({ concurrency: 1, timeoutMs: 10_000 });
    const pending = expect(pool.inspect(fixture("android/hello.apk"), { platform: "android_apk", filename: "hello.apk" })).rejects.toThrow(/closed/);
    await pool.close();
    await pending;
    await expect(pool.inspect(fixture("android/hello.apk"), { platform: "android_apk", filename: "hello.apk" })).rejects.toThrow(/closed/);
  });
});

describe("inspection pool failures", () => {
  it("a worker that cannot start fails the queued jobs instead of respawning forever", async () => {
    const dir = path.join(tmp.dir, "broken-worker");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "worker-bootstrap.mjs"), 'throw new Error("boot failed");\n');
    const pool = createInspectionPool({ concurrency: 2, timeoutMs: 10_000, workerDir: dir });
    try {
      const results = await Promise.all([1, 2, 3].map(() => pool.inspect(fixture("android/hello.apk"), { platform: "android_apk", filename: "a.apk" })));
      for (const result of results) {
        expect(result).toMatchObject({ kind: "unknown", status: "invalid" });
        expect(result.reasons[0]).toMatch(/^inspection failed: worker error \(boot failed\)/);
      }
    } finally {
      await pool.close();
    }
  });
});

describe("inspection pool under plain tsx", () => {
  it("loads the TypeScript worker outside vitest", () => {
    const script = tmp.write(
      "run.mts",
      Buffer.from(`
        import { createInspectionPool } from ${JSON.stringify(path.resolve("src/server/inspect/pool.ts"))};
        const pool = createInspectionPool({ concurrency: 1, timeoutMs: 20_000 });
        const result = await pool.inspect(${JSON.stringify(fixture("android/hello.apk"))}, { platform: "android_apk", filename: "hello.apk" });
        console.log(JSON.stringify({ kind: result.kind, status: result.status, packageName: result.metadata.packageName, icon: result.icon?.png.length }));
        await pool.close();
      `),
    );
    const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
    const run = spawnSync(process.execPath, [tsx, script], { encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ kind: "apk", status: "valid", packageName: "com.example.hello", icon: 6547 });
  });
});
