// How much of the machine other work took during one bench:scale configuration (others-cpu.ts),
// with the bench's PostgreSQL counted as the bench's own: pg_ctl daemonizes the postmaster, so it
// is not a descendant of the bench and would otherwise count as someone else's load.
import { readdirSync, readFileSync } from "node:fs";
import { othersShare, sampleCpu } from "./others-cpu";
import { cpuSnapshot } from "./processes";

/** The postmaster listening on `port` (found by its command line), or null. */
export function postmasterOn(port: number): number | null {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (args[0]?.endsWith("/postgres") && args.includes("-p") && args[args.indexOf("-p") + 1] === String(port)) return Number(name);
    } catch {
      // exited meanwhile
    }
  }
  return null;
}

/** CPU ms of the postmaster, its live backends, and the backends it has already reaped. */
function postgresMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return cpuSnapshot(pid, true).processMs + (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

export type OthersProbe = () => number;

/** Starts a measurement; the returned function gives others' share (0..1) of all CPUs since. */
export function startOthersProbe(postgresPid: number | null = null): OthersProbe {
  const sample = () => {
    const s = sampleCpu();
    return { ...s, oursMs: s.oursMs + (postgresPid ? postgresMs(postgresPid) : 0) };
  };
  const before = sample();
  return () => othersShare(before, sample());
}
