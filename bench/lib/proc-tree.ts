// Resident memory and open file descriptors of a process and its descendants, read from /proc
// (Linux only). What a soak run samples: a leak shows as a slope in either, whatever its source.
import { readdirSync, readFileSync } from "node:fs";

export interface TreeSample {
  /** The root and every descendant alive at the time of the sample. */
  pids: number[];
  /** Sum of VmRSS over the tree, bytes. */
  rss: number;
  /** Sum of /proc/<pid>/fd entries over the tree. */
  fds: number;
  /** The root alone. */
  rootRss: number;
  rootFds: number;
}

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

export function processTree(root: number): number[] {
  const children = childrenByParent();
  const found = [root];
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i] as number) ?? []));
  return found;
}

function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) * 1024;
}

/** Throws when the root itself is gone (the server died: the run must stop, not plot zeros). */
export function sampleTree(root: number): TreeSample {
  const rootRss = rssOf(root);
  const rootFds = readdirSync(`/proc/${root}/fd`).length;
  let rss = rootRss;
  let fds = rootFds;
  const pids = processTree(root);
  for (const pid of pids.slice(1)) {
    try {
      rss += rssOf(pid);
      fds += readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      // a child that exited between the listing and the read
    }
  }
  return { pids, rss, fds, rootRss, rootFds };
}
