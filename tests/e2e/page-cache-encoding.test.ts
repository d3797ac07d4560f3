// The install-page cache against Accept-Encoding over real HTTP: whatever a client asks for
// (any case, q-values, `*`, codings we do not make), the copy it leaves behind never reaches a
// client that did not accept its encoding.
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { type RawResponse, rawRequest } from "../helpers/raw-http";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

let server: RunningServer;

/** Accept-Encoding a client sent → the encoding it must get (identity: no Content-Encoding). */
const VARIANTS: [string, "gzip" | "identity"][] = [
  ["*", "gzip"],
  ["GZIP", "gzip"],
  ["Gzip;Q=1", "gzip"],
  ["deflate", "identity"],
  ["br", "identity"],
  ["x-gzip", "identity"],
  ["gzip;q=0", "identity"],
  ["gzip; q=0.000", "identity"],
  ["*;q=0", "identity"],
  ["identity;q=0", "identity"],
  ["identity;q=0, gzip", "gzip"],
  ["gzip;q=0.5, identity", "identity"],
  ["deflate, gzip;q=0.001", "gzip"],
  ["gzip;q=bogus", "identity"],
  ["", "identity"],
];

function visit(route: string, acceptEncoding: string | null): Promise<RawResponse> {
  return rawRequest(`${server.url}${route}`, { headers: { "user-agent": ANDROID, ...(acceptEncoding !== null && { "accept-encoding": acceptEncoding }) } });
}

function expectIdentity(res: RawResponse): void {
  expect(res.status).toBe(200);
  expect(res.headers["content-encoding"]).toBeUndefined();
  expect(res.body.toString("utf8", 0, 15).toLowerCase()).toBe("<!doctype html>");
}

function expectGzip(res: RawResponse): void {
  expect(res.status).toBe(200);
  expect(res.headers["content-encoding"]).toBe("gzip");
  expect(String(res.headers.vary).toLowerCase()).toContain("accept-encoding");
  expect(gunzipSync(res.body).toString("utf8")).toContain('data-testid="install-page"');
}

beforeAll(async () => {
  server = await startServer();
  const token = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "encoded", displayName: "Encoded", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, token);
  const upload = await api.uploadFile("encoded", path.join(FIXTURES, "android/hello.apk"));
  const res = await api.call("POST", "/api/v1/apps/encoded/releases", { version: "1.0.0", build: "1", channel: "stable", uploads: [upload], promote: true });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
});

afterAll(async () => server?.stop());

describe("install page cache and Accept-Encoding", () => {
  it.each(VARIANTS.map(([header, expected], i) => [header, expected, i] as const))(
    "after Accept-Encoding %j (answered %s), plain clients get identity and gzip clients gzip",
    async (header, expected, i) => {
      // A URL of its own per case, so each starts with an empty cache entry.
      const route = `/encoded?case=${i}`;
      const poisoning = await visit(route, header);
      if (expected === "gzip") expectGzip(poisoning);
      else expectIdentity(poisoning);

      const plain = await visit(route, null);
      expectIdentity(plain);
      expectGzip(await visit(route, "gzip"));
      // Served from memory now, still in the encoding each asked for.
      const plainAgain = await visit(route, null);
      expect(plainAgain.headers["x-shipyard-page-cache"]).toBe("hit");
      expectIdentity(plainAgain);
      const gzipAgain = await visit(route, "gzip, deflate, br");
      expect(gzipAgain.headers["x-shipyard-page-cache"]).toBe("hit");
      expectGzip(gzipAgain);
    },
  );
});
