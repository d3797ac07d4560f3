// The soak run's mixed traffic: a few paced loops, each a steady rate of one kind of request, so
// every sampling interval sees the same work and a rising RSS or fd count means something is kept.
// Every HTTP request is tallied under its kind; a 5xx or a network error (timeout, reset) is an
// error, any other status outside the expected ones is "unexpected" (e.g. a 429).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sleep } from "./processes";

export const KINDS = ["upload", "publish", "download", "page", "update", "admin"] as const;
export type Kind = (typeof KINDS)[number];

export interface KindTotals {
  requests: number;
  errors: number;
  unexpected: number;
  /** Responses by status ("network" for none). */
  statuses: Record<string, number>;
}

export interface IntervalTally {
  requests: number;
  errors: number;
  unexpected: number;
  /** Response body bytes (pages grow with the version history as releases accumulate). */
  bytes: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

const TIMEOUT_MS = 60_000;
const MiB = 1024 * 1024;
const AGENTS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 340.0.0.22.109",
];
// Published with every stable release (hello.apk, so update checks find builds), one of these beside it.
const SIDE_FIXTURES = [
  "ios/Hello.ipa",
  "macos/test.dmg",
  "linux/hello-fixture_1.2.3-42_amd64.deb",
  "linux/Hello_Fixture-1.2.3-x86_64.AppImage",
  "windows/HelloFixture-Setup-1.2.3.exe",
  "windows/hello-fixture-1.2.3.msi",
  "windows/HelloFixture-1.2.3.0-x64.msix",
];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);
}

interface Published {
  url: string;
  size: number;
}

export interface TrafficTarget {
  url: string;
  app: string;
  /** A token with the `admin` scope: uploads, publishes (with allowInvalid), admin reads. */
  adminToken: string;
  updateKey: string;
  fixturesDir: string;
}

export class SoakTraffic {
  private interval = new Map<Kind, { requests: number; errors: number; unexpected: number; bytes: number; ms: number[] }>();
  readonly totals = Object.fromEntries(KINDS.map((k) => [k, { requests: 0, errors: 0, unexpected: 0, statuses: {} }])) as Record<Kind, KindTotals>;
  /** The first few failures of each class, for the report. */
  readonly examples: string[] = [];
  private stopping = false;
  private builds = 0;
  private releases = 0;
  private files: Published[] = [];
  private releaseIds: string[] = [];
  private devices = Array.from({ length: 400 }, () => randomUUID());
  private fixtures: Map<string, Buffer>;
  private loops: Promise<void>[] = [];

  constructor(private readonly target: TrafficTarget) {
    this.fixtures = new Map(["android/hello.apk", ...SIDE_FIXTURES].map((f) => [f, readFileSync(path.join(target.fixturesDir, f))]));
    this.resetInterval();
  }

  /** Starts the loops: requests per second and concurrency per kind. */
  start(): void {
    this.loops = [
      this.paced(0.25, 1, () => this.publishCycle()), // one release every 4 s (uploads included)
      this.paced(8, 2, () => this.pageView()),
      this.paced(3, 2, () => this.download()),
      this.paced(4, 1, () => this.updateCheck()), // 240 a minute: under the 600 per address limit
      this.paced(1, 1, () => this.adminRead()),
    ];
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  /** Counts since the previous call. */
  takeInterval(): Record<Kind, IntervalTally> {
    const out = {} as Record<Kind, IntervalTally>;
    for (const kind of KINDS) {
      const t = this.interval.get(kind) ?? { requests: 0, errors: 0, unexpected: 0, bytes: 0, ms: [] };
      const sorted = [...t.ms].sort((a, b) => a - b);
      out[kind] = { requests: t.requests, errors: t.errors, unexpected: t.unexpected, bytes: t.bytes, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
    }
    this.resetInterval();
    return out;
  }

  get published(): number {
    return this.releases;
  }

  private resetInterval(): void {
    this.interval = new Map(KINDS.map((k) => [k, { requests: 0, errors: 0, unexpected: 0, bytes: 0, ms: [] }]));
  }

  private paced(perSecond: number, concurrency: number, op: () => Promise<void>): Promise<void> {
    const period = (1000 * concurrency) / perSecond;
    const worker = async (offset: number) => {
      await sleep(offset);
      while (!this.stopping) {
        const started = Date.now();
        await op();
        const rest = period - (Date.now() - started);
        if (rest > 0 && !this.stopping) await sleep(rest);
      }
    };
    return Promise.all(Array.from({ length: concurrency }, (_, i) => worker((i * period) / concurrency))).then(() => undefined);
  }

  private note(kind: string, text: string): void {
    if (this.examples.length < 30) this.examples.push(`${new Date().toISOString()} ${kind}: ${text}`);
  }

  /**
   * One HTTP request, tallied. `read` consumes the body and may reject it (a short download);
   * resolves with the status and the body's text when asked for, or null after an error.
   */
  private async request(
    kind: Kind,
    what: string,
    init: RequestInit & { url: string },
    expected: number[],
    read: "text" | "count" | "none" = "text",
    expectBytes?: number,
  ): Promise<{ status: number; text: string } | null> {
    const tally = this.interval.get(kind);
    const total = this.totals[kind];
    if (!tally) throw new Error(`unknown kind ${kind}`);
    tally.requests++;
    total.requests++;
    const started = performance.now();
    try {
      const res = await fetch(init.url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
      let text = "";
      if (read === "text") {
        text = await res.text();
        tally.bytes += Buffer.byteLength(text);
      } else if (res.body) {
        let bytes = 0;
        const reader = res.body.getReader();
        for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.length;
        tally.bytes += bytes;
        if (expectBytes !== undefined && expected.includes(res.status) && bytes !== expectBytes) throw new Error(`${bytes} bytes, expected ${expectBytes}`);
      }
      tally.ms.push(performance.now() - started);
      total.statuses[res.status] = (total.statuses[res.status] ?? 0) + 1;
      if (res.status >= 500) {
        tally.errors++;
        total.errors++;
        this.note(kind, `${what}: ${res.status} ${text.slice(0, 300)}`);
        return null;
      }
      if (!expected.includes(res.status)) {
        tally.unexpected++;
        total.unexpected++;
        this.note(kind, `${what}: unexpected ${res.status} ${text.slice(0, 300)}`);
        return null;
      }
      return { status: res.status, text };
    } catch (error) {
      total.statuses.network = (total.statuses.network ?? 0) + 1;
      tally.errors++;
      total.errors++;
      this.note(kind, `${what}: ${error instanceof Error ? `${error.name}: ${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error)}`);
      return null;
    }
  }

  private api(pathname: string, method = "GET", body?: unknown): RequestInit & { url: string } {
    return {
      url: `${this.target.url}${pathname}`,
      method,
      headers: { authorization: `Bearer ${this.target.adminToken}`, ...(body !== undefined && { "content-type": "application/json" }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    };
  }

  private async upload(filename: string, bytes: Buffer): Promise<string | null> {
    const opened = await this.request(
      "upload",
      "POST /api/v1/apps/{app}/uploads",
      this.api(`/api/v1/apps/${this.target.app}/uploads`, "POST", { filename, size: bytes.length, sha256: sha256(bytes) }),
      [201],
    );
    if (!opened) return null;
    const session = JSON.parse(opened.text) as { id: string; uploadUrl: string };
    const put = await this.request("upload", `PUT ${filename}`, { url: session.uploadUrl, method: "PUT", body: new Uint8Array(bytes) }, [200, 201, 204]);
    return put ? session.id : null;
  }

  /**
   * Alternates two releases: real fixtures (valid) on stable, promoted, and a few MB of random
   * bytes (new content every time, so the blob store grows) on beta, published with allowInvalid.
   */
  private async publishCycle(): Promise<void> {
    const build = ++this.builds;
    const stable = build % 2 === 1;
    const files: [string, Buffer][] = stable
      ? [["hello.apk", this.fixtures.get("android/hello.apk") as Buffer], ((side) => [path.basename(side), this.fixtures.get(side) as Buffer] as [string, Buffer])(pick(SIDE_FIXTURES))]
      : [[`soak-${build}.deb`, randomBytes(MiB + Math.floor(Math.random() * 3 * MiB))]];
    const uploads: string[] = [];
    for (const [name, bytes] of files) {
      const id = await this.upload(name, bytes);
      if (!id) return;
      uploads.push(id);
    }
    const body = stable
      ? { version: `1.0.${build}`, build: String(build), channel: "stable", uploads, promote: true, notes: `Soak build ${build}\n\n- **bold** and a [link](https://example.com)` }
      : { version: `1.0.${build}`, build: String(build), channel: "beta", uploads, allowInvalid: uploads };
    const res = await this.request("publish", `POST releases (${stable ? "stable" : "beta"})`, this.api(`/api/v1/apps/${this.target.app}/releases`, "POST", body), [201]);
    if (!res) return;
    const release = JSON.parse(res.text) as { id: string; artifacts: { downloadUrl?: string; sizeBytes: number }[] };
    this.releases++;
    this.releaseIds = [...this.releaseIds.slice(-49), release.id];
    for (const a of release.artifacts) if (a.downloadUrl) this.files = [...this.files.slice(-39), { url: a.downloadUrl, size: a.sizeBytes }];
  }

  private async pageView(): Promise<void> {
    const slug = this.target.app;
    const release = this.releaseIds.length > 0 ? pick(this.releaseIds) : null;
    const pathname = pick([`/${slug}`, `/${slug}`, `/${slug}/stable`, `/${slug}/beta`, "/", ...(release ? [`/${slug}/releases/${release}`] : [])]);
    const cookie = Math.random() < 0.5 ? `sy_device=${pick(this.devices)}` : undefined;
    const headers: Record<string, string> = { "user-agent": pick(AGENTS), "accept-encoding": pick(["gzip, deflate, br", "identity"]), ...(cookie && { cookie }) };
    await this.request("page", `GET ${pathname}`, { url: `${this.target.url}${pathname}`, headers }, [200], "count");
  }

  private async download(): Promise<void> {
    if (this.files.length === 0) return;
    const file = pick(this.files);
    if (Math.random() < 0.5) {
      await this.request("download", `GET ${file.url}`, { url: file.url }, [200], "count", file.size);
      return;
    }
    const start = Math.floor(Math.random() * file.size);
    const end = Math.min(file.size - 1, start + Math.floor(Math.random() * 256 * 1024));
    // Resumes (open end) and chunks (closed range), as download managers send them.
    const range = Math.random() < 0.5 ? `bytes=${start}-` : `bytes=${start}-${end}`;
    const expectBytes = range.endsWith("-") ? file.size - start : end - start + 1;
    await this.request("download", `GET ${file.url} ${range}`, { url: file.url, headers: { range } }, [206], "count", expectBytes);
  }

  private async updateCheck(): Promise<void> {
    const query = new URLSearchParams({ platform: "android_apk", currentBuild: String(1 + Math.floor(Math.random() * (this.builds + 1))), channel: "stable", deviceId: pick(this.devices) });
    await this.request("update", "GET updates", { url: `${this.target.url}/api/v1/apps/${this.target.app}/updates?${query}`, headers: { "x-shipyard-app-key": this.target.updateKey } }, [200, 204]);
  }

  private async adminRead(): Promise<void> {
    const slug = this.target.app;
    const pathname = pick([`/api/v1/apps/${slug}/releases`, `/api/v1/apps/${slug}/releases?limit=100`, "/api/v1/audit", `/api/v1/apps/${slug}/channels`, `/api/v1/apps/${slug}`]);
    await this.request("admin", `GET ${pathname}`, this.api(pathname), [200]);
  }
}
