// Throughput and memory of the local blob store on 1 GiB: put (triple hash + fsync) and a full read.
// Usage: npx tsx bench/blob-store.ts [sizeMiB]. Writes under the OS temp dir and removes it after.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createLocalBlobStore } from "@/server/storage/local-disk";

const MiB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 1024);

// A fresh 1 MiB buffer per chunk, so nothing is held beyond what the pipeline buffers; the chunk
// index stamped into each keeps the stream from being one block repeated.
function generated(chunks: number): Readable {
  const base = randomBytes(MiB);
  let index = 0;
  return new Readable({
    highWaterMark: 4 * MiB,
    read() {
      if (index === chunks) return void this.push(null);
      const chunk = Buffer.allocUnsafe(MiB);
      base.copy(chunk);
      chunk.writeUInt32LE(index++, 0);
      this.push(chunk);
    },
  });
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const mbPerSecond = (bytes: number, ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(0);
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;

const root = await mkdtemp(path.join(os.tmpdir(), "shipyard-bench-"));
try {
  const store = createLocalBlobStore(root);
  const total = sizeMiB * MiB;

  let started = performance.now();
  const blob = await store.put(generated(sizeMiB), { maxBytes: total, expectedSize: total });
  const putMs = performance.now() - started;

  started = performance.now();
  let read = 0;
  for await (const chunk of await store.open(blob.sha256)) read += (chunk as Buffer).length;
  const readMs = performance.now() - started;
  if (read !== total) throw new Error(`read ${read} bytes, expected ${total}`);

  clearInterval(sampler);
  console.log(`size        ${mib(total)}  sha256 ${blob.sha256.slice(0, 16)}…`);
  console.log(`put         ${mbPerSecond(total, putMs)} MB/s  (${(putMs / 1000).toFixed(2)} s; sha256, fsync, rename)`);
  console.log(`read        ${mbPerSecond(total, readMs)} MB/s  (${(readMs / 1000).toFixed(2)} s; page cache warm)`);
  console.log(`peak RSS    ${mib(process.resourceUsage().maxRSS * 1024)} (maxRSS), ${mib(peakRss)} (sampled rss)`);
} finally {
  clearInterval(sampler);
  await rm(root, { recursive: true, force: true });
}
