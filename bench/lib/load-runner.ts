// One load measurement, run in a process of its own (as wrk would be): autocannon driven from code
// rather than its CLI, because the update-check bench must vary the URL per request (a device id
// out of thousands). Takes a LoadSpec as JSON in argv[2] and prints one LoadResult as JSON.
// `{device}` in the path is replaced, request by request, by the next of `devices` ids in turn.
import { createRequire } from "node:module";
import { spawnChild, TSX_CLI } from "./processes";

export interface LoadSpec {
  url: string;
  /** Path and query; `{device}` stands for the device id of this request. */
  path: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** How many distinct device ids `{device}` cycles through. */
  devices?: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses by status code ("200": 1234). */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

// autocannon ships no type declarations: the few fields this runner reads.
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  statusCodeStats: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
}
type RawRequest = { path: string } & Record<string, unknown>;
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

async function run(spec: LoadSpec): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  let n = 0;
  const devices = Math.max(1, spec.devices ?? 1);
  const setupRequest = (req: RawRequest): RawRequest => {
    req.path = spec.path.replaceAll("{device}", `bench-device-${n++ % devices}`);
    return req;
  };
  const r = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    headers: spec.headers,
    requests: [{ method: "GET", path: spec.path, setupRequest }],
  });
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, statuses, errors: r.errors, timeouts: r.timeouts };
}

/** Runs `spec` in a child process (this file) and returns its result. */
export async function measureLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = spawnChild(process.execPath, [TSX_CLI, import.meta.filename, JSON.stringify(spec)], process.env);
  const code = await child.wait();
  const line = child
    .output()
    .trim()
    .split("\n")
    .findLast((l) => l.startsWith("{"));
  if (code !== 0 || !line) throw new Error(`load runner exited with ${code}: ${child.output().slice(-2000)}`);
  return JSON.parse(line) as LoadResult;
}

if (process.argv[1] === import.meta.filename) {
  run(JSON.parse(process.argv[2] ?? "{}") as LoadSpec).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
