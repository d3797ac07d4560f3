// `shipyard apps …` as a user runs it: the real CLI (bin/shipyard.mjs) against a real server,
// human output and --json, bundle ids merged on update, the --yes guard, and the exit codes.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const ROOT = path.resolve(import.meta.dirname, "../..");

let server: RunningServer;
const tokens = { writer: "", reader: "", restricted: "", revoked: "" };

function cli(args: string[], token = tokens.writer, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/shipyard.mjs"), ...args], {
      env: { ...process.env, SHIPYARD_URL: server.url, SHIPYARD_TOKEN: token, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function appJson(slug: string) {
  const res = await fetch(`${server.url}/api/v1/apps/${slug}`, { headers: { authorization: `Bearer ${tokens.writer}` } });
  return { status: res.status, body: (await res.json()) as { displayName: string; visibility: string; bundleIds: Record<string, string> } };
}

beforeAll(async () => {
  server = await startServer();
  await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "ci-app", displayName: "CI App" });
    tokens.writer = (await seedToken(store, { name: "apps admin", scopes: ["apps:write", "apps:read"] })).raw;
    tokens.reader = (await seedToken(store, { name: "reader", scopes: ["apps:read"] })).raw;
    tokens.restricted = (await seedToken(store, { name: "ci-app writer", scopes: ["apps:write"], app: "ci-app" })).raw;
    const revoked = await seedToken(store, { name: "revoked", scopes: ["admin"] });
    await store.tokens.update(revoked.token.id, { revokedAt: new Date() });
    tokens.revoked = revoked.raw;
  });
});

afterAll(async () => server?.stop());

describe("shipyard apps", () => {
  it("creates an app, printing its slug for scripts and a sentence for people", async () => {
    const run = await cli(["apps", "create", "rocket", "--name", "Rocket", "--bundle-id", "ios=com.example.rocket", "--visibility", "unlisted"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("rocket\n");
    expect(run.stderr).toContain('Created app "Rocket" (unlisted, ios=com.example.rocket) with channels stable, beta, internal.');
    expect((await appJson("rocket")).body).toMatchObject({ displayName: "Rocket", visibility: "unlisted", bundleIds: { ios: "com.example.rocket" } });
  });

  it("prints the app as JSON with --json, taking --url and --token as flags too", async () => {
    const run = await cli(["apps", "create", "comet", "--name", "Comet", "--json", "--url", server.url, "--token", tokens.writer], "", { SHIPYARD_URL: "", SHIPYARD_TOKEN: "" });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ slug: "comet", displayName: "Comet", visibility: "private", bundleIds: {} });
  });

  it("updates what it is told to, merging bundle ids into the app's", async () => {
    const run = await cli(["apps", "update", "rocket", "--name", "Rocket 2", "--bundle-id", "android_apk=com.example.rocket", "--visibility", "public"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("rocket\n");
    expect((await appJson("rocket")).body).toMatchObject({
      displayName: "Rocket 2",
      visibility: "public",
      bundleIds: { ios: "com.example.rocket", android_apk: "com.example.rocket" },
    });
    const removed = await cli(["apps", "update", "rocket", "--bundle-id", "ios=", "--json"]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout).bundleIds).toEqual({ android_apk: "com.example.rocket" });
  });

  it("lists apps as lines or JSON", async () => {
    const run = await cli(["apps", "list"]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith("rocket"))).toMatch(/^rocket\s+public\s+Rocket 2 {2}\(android_apk=com\.example\.rocket\)$/);
    const json = await cli(["apps", "list", "--json"], tokens.reader);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { items: { slug: string }[] }).items.map((a) => a.slug).sort()).toEqual(["ci-app", "comet", "rocket"]);
  });

  it("refuses to delete without --yes and deletes with it", async () => {
    const refused = await cli(["apps", "delete", "comet"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('deleting app "comet" removes its channels, releases, share links and tokens, and cannot be undone; run again with --yes');
    expect((await appJson("comet")).status).toBe(200);

    const deleted = await cli(["apps", "delete", "comet", "--yes"]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe("comet\n");
    expect(deleted.stderr).toContain('Deleted app "comet"');
    expect((await appJson("comet")).status).toBe(404);
    const again = await cli(["apps", "delete", "comet", "--yes", "--json"]);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain("app not found: comet");
  });

  it("exits with the documented codes and the server's words", async () => {
    const taken = await cli(["apps", "create", "rocket", "--name", "Again"]);
    expect(taken.code).toBe(6);
    expect(taken.stderr).toContain('an app with slug "rocket" already exists (HTTP 409)');

    const reserved = await cli(["apps", "create", "admin", "--name", "Admin"]);
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain('slug "admin" is reserved');

    const badId = await cli(["apps", "update", "rocket", "--bundle-id", "android_apk=com.example.class"]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('uses the Java keyword "class"');

    const readOnly = await cli(["apps", "create", "nope", "--name", "Nope"], tokens.reader);
    expect(readOnly.code).toBe(3);
    expect(readOnly.stderr).toContain("this token lacks the apps:write scope");

    const restricted = await cli(["apps", "create", "nope", "--name", "Nope"], tokens.restricted);
    expect(restricted.code).toBe(3);
    expect(restricted.stderr).toContain("restricted to one app");
    const otherApp = await cli(["apps", "delete", "rocket", "--yes"], tokens.restricted);
    expect(otherApp.code).toBe(3);

    expect((await cli(["apps", "list"], tokens.revoked)).code).toBe(3);
    expect((await cli(["apps", "update", "nowhere", "--name", "X"])).code).toBe(5);
    expect((await cli(["apps", "list"], "")).code).toBe(3);
    expect((await appJson("rocket")).status).toBe(200);
  });

  it("lets a token restricted to an app edit and delete that app", async () => {
    const renamed = await cli(["apps", "update", "ci-app", "--name", "CI App 2"], tokens.restricted);
    expect(renamed.code, renamed.stderr).toBe(0);
    const deleted = await cli(["apps", "delete", "ci-app", "--yes"], tokens.restricted);
    expect(deleted.code, deleted.stderr).toBe(0);
    // The token was restricted to the app, so it went with it.
    expect((await cli(["apps", "list"], tokens.restricted)).code).toBe(3);
  });
});
