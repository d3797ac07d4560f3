import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
  /** Kills the whole server process group with SIGKILL (a crash); the data dir stays. */
  kill(): Promise<void>;
  /** The pids of the server's process group (tsx and the server it runs), read from /proc. */
  pids(): number[];
}

function withoutKeys(source: NodeJS.ProcessEnv, keys: string[]): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(source).filter(([key]) => !keys.includes(key)));
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

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited with ${child.exitCode ?? child.signalCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts Shipyard exactly as `npm start` does (migrate, first admin, next start) on a loopback
 * port with its own data dir. The build must exist (the e2e global setup makes it).
 */
export async function startServer(options: { env?: Record<string, string>; dataDir?: string; port?: number } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "shipyard-e2e-"));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
    cwd: ROOT,
    detached: true, // own process group: `next start` spawns a child server that must stop too
    env: {
      ...withoutKeys(process.env, ["DATABASE_URL", "AUTH_SECRET", "SHIPYARD_ADMIN_EMAIL", "SHIPYARD_ADMIN_PASSWORD"]),
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log;
  // A process killed by a signal has a signalCode and no exitCode.
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (exited() || child.pid === undefined) return;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(() => child.pid && !exited() && process.kill(-child.pid, "SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    dataDir,
    output,
    pids: () => (child.pid === undefined || exited() ? [] : processGroup(child.pid)),
    async kill() {
      if (exited() || child.pid === undefined) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGKILL");
      await gone;
    },
    async stop() {
      await stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function processGroup(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // "pid (comm) state ppid pgrp …": comm may hold spaces, so split after its closing parenthesis.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2] === String(pgid);
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

/** The first admin's email and password, as the server printed them once at first start. */
export function firstAdminCredentials(server: RunningServer): { email: string; password: string } {
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error(`first admin credentials were not printed:\n${server.output()}`);
  return { email: printed[1], password: printed[2] };
}
