// The one client used against every server: a streamed PUT with content-length, and a GET that
// reads the whole body and discards it. Plain node:http, no keep-alive, bounded by a timeout.
import { createReadStream } from "node:fs";
import http from "node:http";
import { spawnChild, TSX_CLI, waitFor } from "./processes";

const MiB = 1024 * 1024;
const TIMEOUT_MS = 180_000;

export interface Timed {
  status: number;
  ms: number;
  /** PUT only: until the last body byte was handed to the socket (the server has then read all
   * but a socket buffer's worth); ms - sentMs is then mostly the server's fsync and commit. */
  sentMs: number;
  bytes: number;
  /** CPU time of the client process (user + system), when it ran in a process of its own. */
  clientCpuMs?: number;
  body: string;
}

/** Streams `file` (its first `size` bytes are the whole file) as the body of a PUT. */
export function putFile(url: string, file: string, size: number, headers: Record<string, string> = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let sentMs = Number.NaN;
    const req = http.request(url, { method: "PUT", agent: false, headers: { "content-length": String(size), ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (text: string) => (body = (body + text).slice(0, 10_000)));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, sentMs, bytes: size, body }));
      res.on("error", reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`PUT ${url}: no progress for ${TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.on("finish", () => (sentMs = performance.now() - started));
    const source = createReadStream(file, { highWaterMark: MiB });
    source.on("error", (error) => req.destroy(error));
    source.pipe(req);
  });
}

/** GETs `url`, counting and discarding the body; fails unless it is 200 with `expected` bytes. */
export function download(url: string, expected: number): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent: false }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => {
        const ms = performance.now() - started;
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: ${res.statusCode}`));
        else if (bytes !== expected) reject(new Error(`GET ${url}: ${bytes} bytes, expected ${expected}`));
        else resolve({ status: 200, ms, sentMs: ms, bytes, body: "" });
      });
      res.on("error", reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`GET ${url}: no progress for ${TIMEOUT_MS} ms`)));
    req.on("error", reject);
  });
}

export async function json(url: string, method: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed };
}

/**
 * Runs one transfer in a fresh client process (bench/lib/client.ts), bounded by its timeouts;
 * `onStart` runs once the client is loaded, right before it starts the transfer.
 */
export async function inClientProcess(args: ["put", string, string, number] | ["get", string, number], onStart?: () => void): Promise<Timed> {
  const child = spawnChild(process.execPath, [TSX_CLI, "bench/lib/client.ts", ...args.map(String)], process.env, undefined, { stdin: true });
  await waitFor("client", () => (child.output().includes("READY\n") ? true : null), 30_000, child).catch(async (error: unknown) => {
    await child.stop();
    throw error;
  });
  onStart?.();
  child.send("GO\n");
  const code = await child.wait();
  const line = child
    .output()
    .split("\n")
    .find((l) => l.startsWith("RESULT "));
  if (code !== 0 || !line) throw new Error(`client ${args[0]} ${args[1]} exited with ${code}: ${child.output().trim().slice(-2000)}`);
  return JSON.parse(line.slice("RESULT ".length)) as Timed;
}

/** The same GET with curl (C, a lighter client than Node's): shows whether the Node client is the limit. */
export async function curlDownload(url: string, expected: number): Promise<Timed | null> {
  const child = spawnChild("curl", ["-sS", "--max-time", "180", "-o", "/dev/null", "-w", "RESULT %{http_code} %{size_download} %{time_total}\n", url], process.env);
  const code = await child.wait().catch(() => null);
  const match = /RESULT (\d+) (\d+) ([\d.]+)/.exec(child.output());
  if (code !== 0 || !match) return null;
  const [status, bytes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (status !== 200 || bytes !== expected) throw new Error(`curl GET ${url}: ${status}, ${bytes} bytes, expected ${expected}`);
  return { status, ms: seconds * 1000, sentMs: seconds * 1000, bytes, body: "" };
}
