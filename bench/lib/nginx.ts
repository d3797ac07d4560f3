// nginx (Debian package) as the download reference: a generated minimal config in a temp dir,
// `daemon off`, one worker, sendfile, listening on loopback; pid and logs stay in the temp dir.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Child, freePort, spawnChild, waitFor } from "./processes";
import { download } from "./http-client";

const CANDIDATES = ["/usr/sbin/nginx", "/usr/bin/nginx"];

function findNginx(): string | null {
  for (const candidate of CANDIDATES) {
    if (spawnSync(candidate, ["-v"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return null;
}

/** nginx's path; installs the Debian package when missing and running as root; else a reason to skip. */
export function ensureNginx(log: (line: string) => void): { bin: string; version: string } | { skip: string } {
  let bin = findNginx();
  if (!bin) {
    if (process.getuid?.() !== 0) return { skip: "nginx is not installed and this is not root (apt-get install -y nginx)" };
    if (spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0) return { skip: "nginx is not installed and there is no apt-get" };
    log("nginx missing: apt-get update && apt-get install -y nginx …");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [["update"], ["install", "-y", "--no-install-recommends", "nginx"]]) {
      const result = spawnSync("apt-get", args, { env, stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
      if (result.status !== 0) return { skip: `apt-get ${args.join(" ")} failed: ${String(result.stderr).trim().split("\n").slice(-3).join(" / ")}` };
    }
    bin = findNginx();
    if (!bin) return { skip: "nginx still not found after apt-get install" };
  }
  const version = String(spawnSync(bin, ["-v"]).stderr)
    .trim()
    .replace(/^nginx version:\s*/, "");
  return { bin, version };
}

export interface Nginx {
  url: string;
  child: Child;
}

/** Serves `root` (world-readable: workers run as nobody when started by root) on a loopback port. */
export async function startNginx(bin: string, dir: string, root: string): Promise<Nginx> {
  const port = await freePort();
  for (const sub of ["tmp"]) mkdirSync(path.join(dir, sub), { recursive: true });
  // Workers run as nobody when the master is root: they must traverse the temp dir and read root.
  chmodSync(dir, 0o755);
  chmodSync(root, 0o755);
  writeFileSync(path.join(root, "probe"), "ok");
  chmodSync(path.join(root, "probe"), 0o644);
  const conf = path.join(dir, "nginx.conf");
  const t = (name: string) => path.join(dir, "tmp", name);
  // Shipyard's blob files are private (0600, its user's): workers started by root read the hard
  // link to one only as root, where they would otherwise run as nobody.
  const workerUser = process.getuid?.() === 0 ? "user root;\n" : "";
  writeFileSync(
    conf,
    `daemon off;
${workerUser}worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} warn;
events { worker_connections 64; }
http {
  access_log ${path.join(dir, "access.log")};
  client_body_temp_path ${t("body")};
  proxy_temp_path ${t("proxy")};
  fastcgi_temp_path ${t("fastcgi")};
  uwsgi_temp_path ${t("uwsgi")};
  scgi_temp_path ${t("scgi")};
  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`,
  );
  const child = spawnChild(bin, ["-p", dir, "-e", path.join(dir, "error.log"), "-c", conf], process.env, dir);
  const url = `http://127.0.0.1:${port}`;
  const errorLog = () => {
    try {
      return readFileSync(path.join(dir, "error.log"), "utf8").slice(-2000);
    } catch {
      return "";
    }
  };
  await waitFor(
    "nginx",
    async () => {
      try {
        await download(`${url}/probe`, 2);
        return true;
      } catch {
        return null;
      }
    },
    10_000,
    child,
  ).catch(async (error: unknown) => {
    await child.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nnginx error.log:\n${errorLog()}`);
  });
  return { url, child };
}
