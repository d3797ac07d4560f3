// How much of the machine other work used while a measurement ran: every CPU tick the machine spent
// busy, minus those of this bench (its live process tree, plus the children it has already reaped,
// such as finished load runners). On a machine shared with others' builds and tests, this says how
// far to trust a figure.
import { readFileSync } from "node:fs";
import { cpuSnapshot } from "./processes";

interface Sample {
  machineBusyMs: number;
  machineTotalMs: number;
  oursMs: number;
}

function reapedChildrenMs(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, 10 ms ticks
}

export function sampleCpu(): Sample {
  const snapshot = cpuSnapshot(process.pid, true);
  return { machineBusyMs: snapshot.machineBusyMs, machineTotalMs: snapshot.machineTotalMs, oursMs: snapshot.processMs + reapedChildrenMs() };
}

/** Share (0..1) of all CPUs busy with work other than this bench between two samples. */
export function othersShare(before: Sample, after: Sample): number {
  const total = after.machineTotalMs - before.machineTotalMs;
  if (total <= 0) return 0;
  const others = after.machineBusyMs - before.machineBusyMs - (after.oursMs - before.oursMs);
  return Math.max(0, Math.min(1, others / total));
}
