import { parentPort } from "node:worker_threads";
import type { ArtifactLocation } from "./artifact-source";
import { inspectArtifact } from "./index";
import type { InspectedFacts } from "@/domain/artifact-metadata";
import type { InspectionHints, InspectionVerdict, InspectOptions } from "./types";

/** A job from pool.ts. */
export interface WorkerRequest {
  id: number;
  /** A path, or an object the worker reads by ranges with a client of its own (see open-source.ts). */
  location: ArtifactLocation;
  hints: InspectionHints;
  options?: InspectOptions;
}

/** The icon travels as a transferred ArrayBuffer; pool.ts turns it back into a Buffer. */
export type WorkerResponse =
  | { id: number; ok: true; result: InspectedFacts & Omit<InspectionVerdict, "icon"> & { icon?: { png: ArrayBuffer; width?: number; height?: number } } }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (!port) throw new Error("worker.ts must run in a worker thread");

port.on("message", (request: WorkerRequest) => {
  void handle(request).then(({ response, transfer }) => port.postMessage(response, transfer));
});
port.postMessage({ ready: true });

async function handle(request: WorkerRequest): Promise<{ response: WorkerResponse; transfer: ArrayBuffer[] }> {
  try {
    const { icon, ...result } = await inspectArtifact(request.location, request.hints, request.options);
    if (!icon) return { response: { id: request.id, ok: true, result }, transfer: [] };
    // Copy into a fresh ArrayBuffer: a Buffer may be a slice of Node's shared pool, which must not be detached.
    const png = new ArrayBuffer(icon.png.length);
    new Uint8Array(png).set(icon.png);
    return {
      response: { id: request.id, ok: true, result: { ...result, icon: { png, width: icon.width, height: icon.height } } },
      transfer: [png],
    };
  } catch (error) {
    return { response: { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }, transfer: [] };
  }
}
