import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ArtifactLocation } from "./artifact-source";
import type { InspectionHints, InspectionResult, InspectOptions } from "./types";
import type { WorkerRequest, WorkerResponse } from "./worker";

export interface InspectionPoolOptions {
  /** Worker threads; inspection is CPU- and memory-bound, so keep this at 1 or 2. */
  concurrency?: 1 | 2;
  /** Per job, measured from hand-off to a ready worker. The worker is terminated and replaced on expiry. */
  timeoutMs?: number;
  /** V8 heap cap per worker. */
  maxOldGenerationSizeMb?: number;
  /**
   * Directory holding worker-bootstrap.mjs and worker.ts. Defaults to this module's directory, or
   * `<cwd>/src/server/inspect` when this module has been bundled away from its source.
   */
  workerDir?: string;
}

export interface InspectionPool {
  /**
   * Resolves with the inspection result (invalid on timeout or worker crash); rejects if the file
   * cannot be opened or its store fails to answer. A job that computes digests reads the whole
   * file, so its time limit grows with the file's size. A string is a path on disk.
   */
  inspect(location: string | ArtifactLocation, hints: InspectionHints, options?: InspectOptions): Promise<InspectionResult>;
  close(): Promise<void>;
}

/** A digest pass is given time for a disk (or a bucket) as slow as 20 MB/s on top of the pool's limit. */
const SLOWEST_DIGEST_BYTES_PER_MS = 20_000;

interface Job {
  request: WorkerRequest;
  timeoutMs: number;
  resolve: (result: InspectionResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export function failedResult(reason: string): InspectionResult {
  return { kind: "unknown", metadata: {}, status: "invalid", reasons: [reason], warnings: [] };
}

/**
 * Runs inspections in worker threads, off the request path. Each worker handles one job at a time;
 * a job that exceeds `timeoutMs` resolves as invalid ("inspection timed out") and its worker is
 * terminated and replaced.
 */
export function createInspectionPool(options: InspectionPoolOptions = {}): InspectionPool {
  const concurrency = options.concurrency ?? 1;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const files = workerFiles(options.workerDir);
    const worker = new Worker(files.bootstrap, {
      workerData: { entry: files.entry },
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 512 },
    });
    const slot: Slot = { worker, ready: false };
    worker.on("message", (message: WorkerResponse | { ready: true }) => {
      if ("ready" in message) {
        slot.ready = true;
        pump();
        return;
      }
      const job = slot.job;
      if (!job || job.request.id !== message.id) return;
      finish(slot);
      if (message.ok) {
        const { icon, ...rest } = message.result;
        job.resolve(icon ? { ...rest, icon: { png: Buffer.from(icon.png), width: icon.width, height: icon.height } } : rest);
      } else {
        job.reject(new Error(message.error));
      }
      pump();
    });
    worker.on("error", (error) => replace(slot, `inspection failed: worker error (${error.message})`));
    worker.on("exit", (code) => replace(slot, `inspection failed: worker exited with code ${code}`));
    return slot;
  };

  const finish = (slot: Slot) => {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
  };

  /** Ends a broken or overdue worker, settles its job, and puts a fresh worker in its place. */
  const replace = (slot: Slot, reason: string) => {
    const index = slots.indexOf(slot);
    if (index === -1) return;
    const job = slot.job;
    finish(slot);
    slots.splice(index, 1);
    slot.worker.removeAllListeners();
    slot.worker.on("error", () => {});
    void slot.worker.terminate();
    job?.resolve(failedResult(reason));
    // A worker that dies before it is ready would die again: fail what is queued instead of respawning in a loop.
    if (!slot.ready) for (const queued of queue.splice(0)) queued.resolve(failedResult(`${reason} before it was ready`));
    pump();
  };

  const pump = () => {
    if (closed) return;
    while (slots.length < concurrency && queue.length > 0) {
      try {
        slots.push(spawn());
      } catch (error) {
        const reason = `inspection failed: worker could not start (${error instanceof Error ? error.message : String(error)})`;
        for (const queued of queue.splice(0)) queued.resolve(failedResult(reason));
      }
    }
    for (const slot of slots) {
      if (!slot.ready || slot.job) continue;
      const job = queue.shift();
      if (!job) return;
      slot.job = job;
      slot.timer = setTimeout(() => replace(slot, "inspection timed out"), job.timeoutMs);
      slot.worker.postMessage(job.request);
    }
  };

  return {
    async inspect(where, hints, inspectOptions) {
      const location = typeof where === "string" ? { path: where } : where;
      const readsWholeFile = (inspectOptions?.digests?.length ?? 0) > 0;
      const jobTimeoutMs = timeoutMs + (readsWholeFile ? (await sizeOf(location)) / SLOWEST_DIGEST_BYTES_PER_MS : 0);
      if (closed) throw new Error("inspection pool is closed");
      return new Promise((resolve, reject) => {
        queue.push({ request: { id: nextId++, location, hints, options: inspectOptions }, timeoutMs: jobTimeoutMs, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error("inspection pool is closed"));
      const all = slots.splice(0);
      for (const slot of all) {
        slot.worker.removeAllListeners();
        slot.worker.on("error", () => {});
        slot.job?.reject(new Error("inspection pool is closed"));
        finish(slot);
      }
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}

async function sizeOf(location: ArtifactLocation): Promise<number> {
  return "kind" in location ? location.size : (await stat(location.path)).size;
}

/**
 * The worker files next to this module. When this module has been bundled (import.meta.url no
 * longer points at the source tree), fall back to the source tree under the working directory.
 */
function workerFiles(workerDir: string | undefined): { bootstrap: URL; entry: string } {
  const bootstrapName = "worker-bootstrap.mjs";
  const here = import.meta.url.startsWith("file:") ? path.dirname(fileURLToPath(import.meta.url)) : "";
  let dir = workerDir ?? here;
  if (!workerDir && (!dir || !existsSync(path.join(dir, bootstrapName)))) dir = path.resolve(process.cwd(), "src/server/inspect");
  return { bootstrap: pathToFileURL(path.join(dir, bootstrapName)), entry: pathToFileURL(path.join(dir, "worker.ts")).href };
}
