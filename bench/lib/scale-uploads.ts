// Upload throughput of bench:scale: `clients` concurrent CI clients, each opening an upload session
// (POST /api/v1/apps/bench/uploads) and PUTting `size` bytes to its upload URL, again and again
// until `seconds` have passed; the upload in flight then finishes and counts. Every upload carries
// new content (a counter stamped into a random buffer), so each one is a full commit to the blob
// store, never a deduplication. Uploads take the servers in turn (round-robin, counted across all
// clients), session and bytes on the same server, as a load balancer without affinity would.
import { createHash, randomFillSync } from "node:crypto";
import http from "node:http";
import { openUpload, type Shipyard } from "./shipyard";

export interface UploadLoad {
  clients: number;
  size: number;
  seconds: number;
}

export interface UploadResult {
  uploads: number;
  failures: number;
  firstFailure?: string;
  seconds: number;
  MBps: number;
  uploadsPerSecond: number;
  /** Session + PUT, as one client saw it. */
  p50Ms: number;
  p99Ms: number;
}

/** One PUT of an in-memory body (node:http, no keep-alive: each upload is a fresh CI request). */
function putBytes(url: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "PUT", agent: false, headers: { "content-length": String(body.length) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text = (text + chunk).slice(0, 2_000)));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on("error", reject);
    });
    req.setTimeout(120_000, () => req.destroy(new Error(`PUT ${url}: no progress for 120 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export async function measureUploads(servers: Shipyard[], load: UploadLoad): Promise<UploadResult> {
  let next = 0;
  let stamp = Date.now();
  const latencies: number[] = [];
  const failures: string[] = [];
  const started = performance.now();
  const deadline = started + load.seconds * 1000;

  async function client(): Promise<void> {
    const body = randomFillSync(Buffer.allocUnsafe(load.size));
    while (performance.now() < deadline) {
      const server = servers[next++ % servers.length];
      if (!server) throw new Error("no server to upload to");
      body.writeDoubleLE(stamp++, 0);
      const sha256 = createHash("sha256").update(body).digest("hex");
      const t0 = performance.now();
      try {
        const session = await openUpload(server, "bench-upload.deb", body.length, sha256);
        const put = await putBytes(session.uploadUrl, body);
        if (put.status !== 200) throw new Error(`PUT: ${put.status} ${put.body.slice(0, 300)}`);
        latencies.push(performance.now() - t0);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  }

  await Promise.all(Array.from({ length: load.clients }, () => client()));
  const seconds = (performance.now() - started) / 1000;
  return {
    uploads: latencies.length,
    failures: failures.length,
    ...(failures[0] && { firstFailure: failures[0] }),
    seconds,
    MBps: (latencies.length * load.size) / 1e6 / seconds,
    uploadsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
