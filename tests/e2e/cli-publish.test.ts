// The shipyard CLI against a real server: publish real fixtures end to end (through a proxy that
// cuts the first upload midway, so the CLI must resume), --json output, exit codes.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { startCuttingProxy } from "../helpers/cutting-proxy";
import { seedToken, withServerStore } from "../helpers/seed";
import { freePort, type RunningServer, startServer } from "../helpers/server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.resolve(ROOT, "../shared/fixtures");
const fixture = (name: string) => path.join(FIXTURES, name);

let server: RunningServer;
let proxy: Awaited<ReturnType<typeof startCuttingProxy>>;
let ciToken = "";
let readToken = "";

function cli(args: string[], token = ciToken): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/shipyard.mjs"), ...args], {
      env: { ...process.env, SHIPYARD_URL: proxy.url, SHIPYARD_TOKEN: token },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const port = await freePort();
  // Cut the first upload of the run after 1 MiB of its body has passed.
  proxy = await startCuttingProxy({ host: "127.0.0.1", port }, 1024 * 1024);
  server = await startServer({ port, env: { PUBLIC_URL: proxy.url } });
  await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, {
      slug: "hello-fixture",
      displayName: "Hello Fixture",
      bundleIds: { ios: "com.example.hello", android_apk: "com.example.hello" },
    });
    ciToken = (await seedToken(store, { name: "ci", scopes: ["releases:upload", "releases:publish", "channels:promote"], app: "hello-fixture", channel: "beta" })).raw;
    readToken = (await seedToken(store, { name: "reader", scopes: ["releases:read"] })).raw;
  });
});

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
});

describe("shipyard publish", () => {
  it("publishes real artifacts, resuming an upload the network cut, and prints JSON", async () => {
    const files = ["macos/test.dmg", "android/hello.apk", "ios/Hello.ipa"].map(fixture);
    const run = await cli(["publish", "--app", "hello-fixture", "--channel", "beta", "--version", "1.2.3", "--build", "42", "--notes", "First *fixture* build", "--promote", "--json", ...files]);
    expect(run.stderr).toContain("resuming");
    expect(run.code, run.stderr).toBe(0);
    const release = JSON.parse(run.stdout) as {
      id: string;
      version: string;
      installUrl: string;
      artifacts: { filename: string; sha256: string; sizeBytes: number; platform: string; validationStatus: string; metadata: Record<string, unknown> }[];
    };
    expect(release.version).toBe("1.2.3");
    expect(release.installUrl).toBe(`${proxy.url}/hello-fixture/releases/${release.id}`);
    for (const file of files) {
      const bytes = readFileSync(file);
      const artifact = release.artifacts.find((a) => a.filename === path.basename(file));
      expect(artifact?.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(artifact?.sizeBytes).toBe(bytes.length);
    }
    // The cut upload was resumed from the server's offset (HEAD, then PATCH past 0), not restarted.
    expect(proxy.cuts).toBeGreaterThan(0);
    expect(proxy.requests.some((r) => r.startsWith("HEAD /api/uploads/"))).toBe(true);
    expect(proxy.requests.some((r) => /^PATCH \/api\/uploads\/\S+ upload-offset=[1-9]\d*$/.test(r))).toBe(true);
    const apk = release.artifacts.find((a) => a.platform === "android_apk");
    expect(apk?.metadata).toMatchObject({ packageName: "com.example.hello", versionName: "1.2.3" });
  });

  it("promotes and rolls back a channel", async () => {
    const second = await cli(["publish", "--app", "hello-fixture", "--channel", "beta", "--version", "1.2.4", "--build", "43", "--json", fixture("android/hello.apk")]);
    expect(second.code, second.stderr).toBe(0);
    const release = JSON.parse(second.stdout) as { id: string; artifacts: { validationStatus: string }[] };
    const promoted = await cli(["channels", "promote", "--app", "hello-fixture", "--channel", "beta", "--release", release.id, "--rollout", "25", "--json"]);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(JSON.parse(promoted.stdout)).toMatchObject({ name: "beta", currentReleaseId: release.id, rolloutPercent: 25 });
    const widened = await cli(["channels", "rollout", "--app", "hello-fixture", "--channel", "beta", "--percent", "60"]);
    expect(widened.code, widened.stderr).toBe(0);
    expect(widened.stdout).toBe(`beta → ${release.id} (60%)\n`);
    expect((await cli(["channels", "rollout", "--app", "hello-fixture", "--channel", "beta", "--percent", "150"])).code).toBe(2);
    const rolledBack = await cli(["channels", "rollback", "--app", "hello-fixture", "--channel", "beta"]);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toMatch(/^beta → \S+ \(100%\)\n$/);
    expect(rolledBack.stdout).not.toContain(release.id);
    const nothingLeft = await cli(["channels", "rollback", "--app", "hello-fixture", "--channel", "beta"]);
    expect(nothingLeft.code).toBe(6);
    expect(nothingLeft.stderr).toContain("no previous release");
  });

  it("lists releases and says who it is", async () => {
    const list = await cli(["releases", "list", "--app", "hello-fixture", "--json"], readToken);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { items: { version: string }[] }).items.map((r) => r.version)).toContain("1.2.3");
    const me = await cli(["whoami"], readToken);
    expect(me.stdout).toContain("reader");
  });

  it("exits with the documented codes", async () => {
    expect((await cli(["publish", "--app", "hello-fixture"])).code).toBe(2);
    expect((await cli(["whoami"], "shp_wrong")).code).toBe(3);
    const stable = await cli(["publish", "--app", "hello-fixture", "--channel", "stable", "--version", "1.2.4", "--build", "43", fixture("android/hello.apk")]);
    expect(stable.code).toBe(3);
    expect(stable.stderr).toContain("restricted to another channel");
    const again = await cli(["publish", "--app", "hello-fixture", "--channel", "beta", "--version", "1.2.3", "--build", "42", fixture("android/hello.apk")]);
    expect(again.stderr).toContain("already exists");
    expect(again.code).toBe(6);
    expect((await cli(["releases", "list", "--app", "nope"], readToken)).code).toBe(5);
    const offline = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, "bin/shipyard.mjs"), "whoami"], {
        env: { ...process.env, SHIPYARD_URL: "http://127.0.0.1:9", SHIPYARD_TOKEN: readToken },
      });
      child.on("close", resolve);
    });
    expect(offline).toBe(4);
  });
});
