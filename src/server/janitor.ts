// Background upkeep of one server process: expire upload sessions past their deadline and remove
// staged bytes nobody will finish. Runs at start (the "sweep at boot") and then periodically.
import { env } from "@/env";
import { getUploadDeps } from "./runtime";
import { expireUploadSessions } from "./services/uploads";

const INTERVAL_MS = 10 * 60 * 1000;

export async function runJanitorOnce(now = new Date()): Promise<{ expiredSessions: number; sweptStagingFiles: number }> {
  const deps = await getUploadDeps();
  const expiredSessions = await expireUploadSessions(deps, now);
  // Anything staged longer than a session may live belongs to no open session any more.
  const swept = await deps.blobs.sweepStaging(new Date(now.getTime() - env().uploadSessionTtlMs));
  return { expiredSessions, sweptStagingFiles: swept.length };
}

export function startJanitor(): void {
  const tick = () =>
    runJanitorOnce().catch((error: unknown) => {
      console.error("janitor run failed:", error);
    });
  void tick();
  setInterval(tick, INTERVAL_MS).unref();
}
