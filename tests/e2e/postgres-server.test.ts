// Shipyard on PostgreSQL, started exactly as `npm start` with DATABASE_URL=postgresql://…: the
// first start migrates and creates the first admin; two servers started at once on a fresh
// database migrate and create that admin once between them; CI publishes through the API and the
// install page serves the release; a restart keeps everything and prints no password again.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { withPostgresClient } from "@/server/db/postgres-client";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { type PostgresCluster, postgresBinDir, startPostgresCluster } from "../helpers/postgres-cluster";
import { seedToken, withDatabaseStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");
const AUTH_SECRET = "a-test-secret-shared-by-every-app-server-0123456789";
const available = postgresBinDir() !== null || process.env.REQUIRE_POSTGRES === "1";

let cluster: PostgresCluster;
let databaseUrl = "";
const servers: RunningServer[] = [];

async function start(dataDir?: string): Promise<RunningServer> {
  const server = await startServer({ env: { DATABASE_URL: databaseUrl, AUTH_SECRET }, ...(dataDir && { dataDir }) });
  servers.push(server);
  return server;
}

const printedPassword = (server: RunningServer) => /password:\s+(\S+)/.exec(server.output())?.[1];

describe.skipIf(!available)("a server on PostgreSQL", () => {
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    await withPostgresClient(cluster.url, (client) => client.query('CREATE DATABASE "shipyard"'));
    databaseUrl = cluster.urlOf("shipyard");
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    cluster?.stop();
  });

  it("refuses to start without AUTH_SECRET, naming it", async () => {
    await expect(startServer({ env: { DATABASE_URL: databaseUrl } })).rejects.toThrow(/AUTH_SECRET must be set when DATABASE_URL is PostgreSQL/);
  });

  it("migrates and creates the first admin once when two servers start at once", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const passwords = [a, b].map(printedPassword).filter(Boolean);
    expect(passwords).toHaveLength(1);
    const users = await withDatabaseStore(databaseUrl, (store) => store.users.count());
    expect(users).toBe(1);
  });

  it("publishes through the API and serves the install page from PostgreSQL", async () => {
    const server = servers[0] as RunningServer;
    const token = await withDatabaseStore(databaseUrl, async (store) => {
      await createApp(store, SYSTEM_ACTOR, { slug: "hello-pg", displayName: "Hello PostgreSQL", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
      return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
    });
    const api = apiClient(server.url, token);
    const upload = await api.uploadFile("hello-pg", APK);
    const published = await api.call("POST", "/api/v1/apps/hello-pg/releases", { version: "1.2.3", build: "42", channel: "stable", uploads: [upload], promote: true, notes: "From *PostgreSQL*" });
    expect(published.status).toBe(201);
    const duplicate = await api.call("POST", "/api/v1/apps/hello-pg/releases", { version: "1.2.3", build: "42", channel: "stable", uploads: [await api.uploadFile("hello-pg", APK)] });
    expect(duplicate.status).toBe(409);

    const page = await fetch(`${server.url}/hello-pg`, { headers: { "user-agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Hello PostgreSQL");
    expect(html).toContain("1.2.3");
    expect(html).toContain("<em>PostgreSQL</em>");
    const releases = await api.call("GET", "/api/v1/apps/hello-pg/releases");
    expect(releases.status).toBe(200);
  });

  it("keeps everything across a restart and prints no password again", async () => {
    const first = servers.shift() as RunningServer;
    await first.stop();
    const again = await start(first.dataDir);
    expect(printedPassword(again)).toBeUndefined();
    const page = await fetch(`${again.url}/hello-pg`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("1.2.3");
  });
});
