// Child processes and temp dirs of a bench run: every one is registered here and removed at the
// end, also when the run fails or is interrupted. Linux only (/proc for listeners and peak RSS).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TSX_CLI = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

export interface Child {
  pid: number;
  output(): string;
  exited(): boolean;
  /** Resolves with the exit code (null when killed by a signal). */
  wait(): Promise<number | null>;
  /** Writes to the child's stdin (spawned with `stdin: true` only). */
  send(text: string): void;
  /** SIGTERM to the child's process group, SIGKILL after 5 s; resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const children = new Set<{ proc: ChildProcess; pid: number }>();
const tempDirs = new Set<string>();

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `shipyard-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/** Spawns in its own process group (tsx and npm spawn grandchildren that must stop too). */
export function spawnChild(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT, options: { stdin?: boolean } = {}): Child {
  const proc = spawn(command, args, { cwd, env, detached: true, stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"] });
  if (proc.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = proc.pid;
  const entry = { proc, pid };
  children.add(entry);
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  proc.stdout?.on("data", append);
  proc.stderr?.on("data", append);
  const exit = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  void exit.then(() => children.delete(entry));
  return {
    pid,
    output: () => log,
    exited: () => proc.exitCode !== null || proc.signalCode !== null,
    wait: () => exit.then(() => proc.exitCode),
    send: (text) => void proc.stdin?.write(text),
    async stop(signal = "SIGTERM") {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      killGroup(pid, signal);
      const timer = setTimeout(() => killGroup(pid, "SIGKILL"), 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Last resort on exit: kill what is left (synchronously) and remove the temp dirs. */
export function cleanupSync(): void {
  for (const { pid } of children) killGroup(pid, "SIGKILL");
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value, for at most timeoutMs. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null> | T | null, timeoutMs: number, child?: Child): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child?.exited()) throw new Error(`${what}: process exited\n${child.output()}`);
    const value = await probe();
    if (value !== null) return value;
    await sleep(100);
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms${child ? `\n${child.output()}` : ""}`);
}

function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(Number(name), Number(fields[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, ppid] of parentOf) if (ppid === found[i]) found.push(pid);
  }
  return found;
}

/** The process among `root` and its descendants that holds the socket listening on `port`. */
export function pidListeningOn(port: number, root: number): number | null {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.trim().split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      const localPort = Number.parseInt(cols[1]?.split(":")[1] ?? "", 16);
      if (localPort === port && cols[3] === "0A" && cols[9]) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of descendants(root)) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1] && inodes.has(match[1])) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

/** VmHWM (peak resident set) and VmRSS of a process, in bytes. */
export function memoryOf(pid: number): { hwm: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { hwm: kb("VmHWM"), rss: kb("VmRSS") };
}

export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return "?";
  }
}

function cpuTimes(): { busy: number; total: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Share of all CPUs in use over `ms` (before the bench starts: load from other work skews figures). */
export async function cpuBusyShare(ms = 1_000): Promise<number> {
  const a = cpuTimes();
  await sleep(ms);
  const b = cpuTimes();
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}

/**
 * Reads a file through the page cache and discards it. This VM pages out memory unused for ~60 s
 * (DAMON "pageout" scheme, kdamond), page cache included: a file written a minute ago is partly
 * back on disk, in scattered pages, and reading those holes costs seconds. Every timed transfer
 * is preceded by this, so all servers start from a fully cached file.
 */
export async function warm(file: string): Promise<void> {
  for await (const _chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) {
    // discard
  }
}

/** Bytes of `file` resident in the page cache (util-linux fincore), or null when unavailable. */
export function cachedBytes(file: string): number | null {
  const result = spawnSync("fincore", ["--bytes", "--noheadings", "--output", "RES", file], { encoding: "utf8" });
  const value = Number(result.stdout?.trim());
  return result.status === 0 && Number.isFinite(value) ? value : null;
}

function statFields(statPath: string): string[] {
  const stat = readFileSync(statPath, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

function ticksOf(statPath: string): number {
  const fields = statFields(statPath);
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
}

export interface CpuSnapshot {
  processMs: number;
  /** Minor page faults of the process (tree): first touches of memory, costly in this VM. */
  minorFaults: number;
  mainThreadMs: number;
  machineBusyMs: number;
  machineTotalMs: number;
}

/**
 * CPU time of a process (all threads; with `tree`, plus its descendants, e.g. nginx's worker) and
 * of its main thread, and of the whole machine.
 */
export function cpuSnapshot(pid: number, tree = false): CpuSnapshot {
  const tick = 10; // ms per clock tick (USER_HZ is 100 on Linux)
  const machine = cpuTimes();
  const pids = tree ? descendants(pid) : [pid];
  let processTicks = 0;
  let minorFaults = 0;
  for (const p of pids) {
    try {
      const fields = statFields(`/proc/${p}/stat`);
      processTicks += Number(fields[11]) + Number(fields[12]);
      minorFaults += Number(fields[7]);
    } catch {
      // exited meanwhile
    }
  }
  return {
    processMs: processTicks * tick,
    minorFaults,
    mainThreadMs: ticksOf(`/proc/${pid}/task/${pid}/stat`) * tick,
    machineBusyMs: machine.busy * tick,
    machineTotalMs: machine.total * tick,
  };
}

/** What a transfer cost between two snapshots: server CPU (ms) and the machine's busy share. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot) {
  const total = after.machineTotalMs - before.machineTotalMs;
  return {
    serverMs: after.processMs - before.processMs,
    serverMainMs: after.mainThreadMs - before.mainThreadMs,
    serverMinorFaults: after.minorFaults - before.minorFaults,
    machineBusyShare: total > 0 ? (after.machineBusyMs - before.machineBusyMs) / total : 0,
  };
}
