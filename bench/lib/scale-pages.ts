// Install-page load of bench:scale: always two autocannon processes (bench/lib/load-runner.ts) of
// half the connections each, aimed at server i % servers, so one server and two servers face the
// same load generator. Requests/s add up; p99 is the larger of the two runners' (their histograms
// are not merged: the conservative figure).
import { type LoadResult, type LoadSpec, measureLoad } from "./load-runner";

export interface PageResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
}

export async function measurePage(serverUrls: string[], spec: Omit<LoadSpec, "url">): Promise<PageResult> {
  const half = Math.max(1, Math.round(spec.connections / 2));
  const runs: LoadResult[] = await Promise.all([0, 1].map((i) => measureLoad({ ...spec, url: serverUrls[i % serverUrls.length] ?? "", connections: half })));
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [code, n] of Object.entries(run.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  return {
    rps: runs.reduce((sum, r) => sum + r.rps, 0),
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    statuses,
    errors: runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
  };
}
