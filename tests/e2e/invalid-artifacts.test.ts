// Files that fail validation, through a real server: publish refuses them (422, each file named
// with its reasons) and writes nothing, an admin may allow one file explicitly (audited, shown on
// the release), and a file that is not valid is never offered on an install page nor served.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { resetEnvForTests } from "@/env";
import { createGrantCodec } from "@/server/crypto/grants";
import { createApp } from "@/server/services/apps";
import { publishRelease } from "@/server/services/releases";
import { apiClient } from "../helpers/api";
import { fixtureEntry } from "../helpers/inspect-fixtures";
import { buildZip } from "../helpers/inspect-zip-writer";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const SECRET = "e2e-invalid-artifacts-secret-0123456789";
/** Grants as the server signs them: with its AUTH_SECRET. */
const { createDownloadGrant } = createGrantCodec(SECRET);
const helloApk = readFileSync(path.join(FIXTURES, "android/hello.apk"));
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const ANDROID_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

let server: RunningServer;
let admin: ReturnType<typeof apiClient>;
let publisher: ReturnType<typeof apiClient>;
let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "shipyard-hostile-"));
  const write = (name: string, bytes: Buffer) => {
    files[name] = path.join(dir, name);
    writeFileSync(files[name], bytes);
  };
  const manifest = await fixtureEntry("android/hello.apk", "AndroidManifest.xml");
  write(
    "bomb.apk",
    buildZip([
      { name: "AndroidManifest.xml", data: manifest },
      { name: "resources.arsc", data: Buffer.alloc(65 * 1024 * 1024), method: "deflate" },
    ]),
  );
  write(
    "traversal.ipa",
    buildZip([
      { name: "Payload/X.app/Info.plist", data: Buffer.from("<plist/>") },
      { name: "../../evil", data: Buffer.from("x") },
    ]),
  );
  const apk = readFileSync(path.join(FIXTURES, "android/hello.apk"));
  write("truncated.apk", apk.subarray(0, Math.floor(apk.length / 2)));
  write("adaptive-icon-only.apk", readFileSync(path.join(FIXTURES, "android/adaptive-icon-only.apk")));
  write("hello.apk", apk);

  server = await startServer({ env: { AUTH_SECRET: SECRET } });
  process.env.AUTH_SECRET = SECRET;
  resetEnvForTests();
  const tokens = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "guard", displayName: "Guard", visibility: "public", bundleIds: { android_apk: "com.example.hello", ios: "com.example.hello" } });
    return {
      admin: (await seedToken(store, { name: "admin", scopes: ["admin"] })).raw,
      publisher: (await seedToken(store, { name: "ci", scopes: ["releases:upload", "releases:publish"] })).raw,
    };
  });
  admin = apiClient(server.url, tokens.admin);
  publisher = apiClient(server.url, tokens.publisher);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const releaseCount = async () => ((await admin.call("GET", "/api/v1/apps/guard/releases")).body.items as unknown[]).length;

describe("publishing a file that fails validation", () => {
  it.each([
    ["bomb.apk", /resources\.arsc is too large/],
    ["traversal.ipa", /unsafe entry name/],
    ["truncated.apk", /./],
    ["adaptive-icon-only.apk", /bundle id com\.example\.adaptive does not match the app's registered android_apk id com\.example\.hello/],
  ])("%s: 422 naming the file and its reasons, nothing written", async (name, reason) => {
    const upload = await publisher.uploadFile("guard", files[name] ?? "");
    const res = await publisher.call("POST", "/api/v1/apps/guard/releases", { version: "1.2.3", build: "42", channel: "beta", uploads: [upload] });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    const error = res.body.error as { code: string; message: string; files: { upload: string; filename: string; reasons: string[] }[] };
    expect(error.code).toBe("INTEGRITY");
    expect(error.files).toHaveLength(1);
    expect(error.files[0]).toMatchObject({ upload, filename: name });
    expect(error.files[0]?.reasons.join("\n")).toMatch(reason);
    expect(error.message).toContain(name);
    expect(await releaseCount()).toBe(0);
  });

  it("names every invalid file of a release at once; a valid file does not save it", async () => {
    const uploads = [];
    for (const name of ["hello.apk", "bomb.apk", "truncated.apk"]) uploads.push(await publisher.uploadFile("guard", files[name] ?? ""));
    const res = await publisher.call("POST", "/api/v1/apps/guard/releases", { version: "1.2.3", build: "42", channel: "beta", uploads });
    expect(res.status).toBe(422);
    expect((res.body.error as { files: { filename: string }[] }).files.map((f) => f.filename)).toEqual(["bomb.apk", "truncated.apk"]);
    expect(await releaseCount()).toBe(0);
  });

  it("an override is an admin's, file by file: audited, kept on the artifact", async () => {
    const upload = await admin.uploadFile("guard", files["adaptive-icon-only.apk"] ?? "");
    const body = { version: "1.2.3", build: "42", channel: "beta", uploads: [upload], allowInvalid: [upload] };
    expect((await publisher.call("POST", "/api/v1/apps/guard/releases", body)).status).toBe(403);
    const res = await admin.call("POST", "/api/v1/apps/guard/releases", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const artifact = (res.body.artifacts as { id: string; validationStatus: string; metadata: Record<string, unknown> }[])[0];
    expect(artifact?.validationStatus).toBe("valid");
    expect(artifact?.metadata.validationOverride).toMatchObject({ by: expect.stringMatching(/^token:/), reasons: [expect.stringMatching(/does not match/)] });
    const audit = await admin.call("GET", "/api/v1/audit?action=artifact.allow_invalid");
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain(artifact?.id ?? "missing");
  });

  it("a file that is not valid (stored before this check) is neither offered on the install page nor served", async () => {
    const artifactId = await withServerStore(server.dataDir, async (store) => {
      const app = await store.apps.getBySlug("guard");
      const { release, artifacts } = await publishRelease(store, SYSTEM_ACTOR, app?.id ?? "", {
        version: "2.0.0",
        build: "50",
        channel: "stable",
        promote: false,
        // The bytes are in the store (hello.apk, uploaded above): only the verdict stops them.
        artifacts: [
          { platform: "android_apk", filename: "legacy.apk", sizeBytes: helloApk.length, sha256: sha256(helloApk), validationStatus: "invalid", metadata: { validationReasons: ["truncated"] } },
        ],
      });
      const stable = await store.channels.getByName(release.appId, "stable");
      await store.channels.update(stable?.id ?? "", { currentReleaseId: release.id });
      return artifacts[0]?.id ?? "";
    });
    const html = await (await fetch(`${server.url}/guard/stable`, { headers: { "user-agent": ANDROID_UA } })).text();
    expect(html).toContain("legacy.apk");
    expect(html).toContain("did not pass Shipyard");
    expect(html).not.toMatch(/href="[^"]*legacy\.apk"/);
    expect((await fetch(`${server.url}/d/${artifactId}/legacy.apk`)).status).toBe(404);
    // Nor through a grant minted for it by hand (grants are how private apps and iOS installs download).
    const grant = createDownloadGrant(artifactId, 600);
    expect((await fetch(`${server.url}/g/${grant}/legacy.apk`)).status).toBe(404);
    // The same file, valid, is served: the refusal is the verdict, not the bytes.
    const valid = (await admin.call("GET", "/api/v1/apps/guard/releases")).body.items as { id: string }[];
    const release = await admin.call("GET", `/api/v1/apps/guard/releases/${valid.at(-1)?.id}`);
    const served = (release.body.artifacts as { downloadUrl: string }[])[0]?.downloadUrl ?? "";
    expect((await fetch(served)).status).toBe(200);
  });
});
