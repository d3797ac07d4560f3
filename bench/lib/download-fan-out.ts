// Download fan-out of bench:scale and bench:offload: `clients` GETs of one published artifact at
// once, in one curl process (C: a lighter client than Node on a 2-core machine), the URLs taking
// the servers in turn (round-robin), so one or two servers face the same client. MB/s over the
// whole round, counting only complete 200 responses.
import { spawnChild } from "./processes";

export interface DownloadResult {
  complete: number;
  clients: number;
  seconds: number;
  MBps: number;
}

/**
 * `urls`: the artifact's download URL on each server. Fails when no download completed or, with
 * `everyOne`, when any failed (a round that compares modes must not count a partial one).
 */
export async function measureDownloads(urls: string[], clients: number, size: number, opts: { everyOne?: boolean } = {}): Promise<DownloadResult> {
  const args = ["-sS", "--parallel", "--parallel-immediate", "--parallel-max", String(clients), "--max-time", "300", "-w", "%{http_code} %{size_download}\\n"];
  for (let i = 0; i < clients; i++) args.push("-o", "/dev/null", urls[i % urls.length] ?? "");
  const started = performance.now();
  const curl = spawnChild("curl", args, process.env);
  const code = await curl.wait();
  const seconds = (performance.now() - started) / 1000;
  const complete = curl
    .output()
    .trim()
    .split("\n")
    .filter((line) => line === `200 ${size}`).length;
  const failed = opts.everyOne ? code !== 0 || complete !== clients : complete === 0;
  if (failed) throw new Error(`curl ${urls.join(" ")}: exit ${code}, ${complete}/${clients} complete: ${curl.output().slice(-500)}`);
  return { complete, clients, seconds, MBps: (complete * size) / 1e6 / seconds };
}
