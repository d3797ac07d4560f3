// Debian's nginx in front of Shipyard servers, unprivileged and on loopback: a generated config in a
// temp dir (pid, logs and temp paths there too), `daemon off`, one server block per Shipyard. Each
// block proxies everything to its Shipyard and has the internal location DOWNLOAD_OFFLOAD hands
// files to; the README's example is the same location.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./server";

export const NGINX = "/usr/sbin/nginx";
export const OFFLOAD_PREFIX = "/_shipyard/blobs";

/**
 * The internal location X-Accel-Redirect answers point into. nginx keeps only Content-Type,
 * Content-Disposition, Cache-Control, Accept-Ranges, Expires and Set-Cookie of Shipyard's answer:
 * the rest comes back from $upstream_http_* (add_header skips an empty value). Its own ETag and
 * Last-Modified are the file's mtime; Shipyard's ETag (the digest) replaces them, so neither
 * If-None-Match nor If-Modified-Since is decided by nginx (Shipyard answered those already).
 */
export function offloadLocation(prefix: string, blobsDir: string): string {
  return `location ${prefix}/ {
      internal;
      alias ${blobsDir}/;
      etag off;
      if_modified_since off;
      add_header Last-Modified "";
      add_header ETag $upstream_http_etag;
      add_header X-Content-Type-Options $upstream_http_x_content_type_options;
      add_header X-Frame-Options $upstream_http_x_frame_options;
      add_header Referrer-Policy $upstream_http_referrer_policy;
      add_header Content-Security-Policy $upstream_http_content_security_policy;
      add_header Strict-Transport-Security $upstream_http_strict_transport_security;
    }`;
}

export interface NginxSite {
  /** The Shipyard server behind this block, e.g. http://127.0.0.1:3000. */
  upstream: string;
  /** `<DATA_DIR>/blobs` of that server. */
  blobsDir: string;
}

export interface RunningNginx {
  /** The master's pid (a signal to it stops the workers too). */
  pid: number;
  /** One URL per site, in the order given. */
  urls: string[];
  /** One line per request: `$request_uri $uri $status $body_bytes_sent $upstream_http_x_accel_redirect`. */
  accessLog(): string[];
  errorLog(): string;
  stop(): Promise<void>;
}

function config(dir: string, sites: (NginxSite & { port: number })[]): string {
  const t = (name: string) => path.join(dir, "tmp", name);
  // Started by root, the workers would run as nobody, who cannot read Shipyard's 0600 blobs.
  const user = process.getuid?.() === 0 ? "user root;\n" : "";
  const servers = sites.map(
    (site) => `  server {
    listen 127.0.0.1:${site.port};
    location / {
      proxy_pass ${site.upstream};
      # As in the README: uploads and what Shipyard still sends itself are streamed, never spooled.
      client_max_body_size 0;
      proxy_request_buffering off;
      proxy_max_temp_file_size 0;
    }
    ${offloadLocation(OFFLOAD_PREFIX, site.blobsDir)}
  }`,
  );
  return `daemon off;
${user}worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} warn;
events { worker_connections 1024; }
http {
  log_format offload '$request_uri $uri $status $body_bytes_sent $upstream_http_x_accel_redirect';
  access_log ${path.join(dir, "access.log")} offload;
  client_body_temp_path ${t("body")};
  proxy_temp_path ${t("proxy")};
  fastcgi_temp_path ${t("fastcgi")};
  uwsgi_temp_path ${t("uwsgi")};
  scgi_temp_path ${t("scgi")};
  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
${servers.join("\n")}
}
`;
}

async function waitUntilListening(url: string, child: ChildProcess, errorLog: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${errorLog()}`);
    try {
      // The internal location: nginx answers 404 itself, without asking Shipyard.
      await fetch(`${url}${OFFLOAD_PREFIX}/probe`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nginx did not listen at ${url}:\n${errorLog()}`);
}

export async function startNginx(sites: NginxSite[]): Promise<RunningNginx> {
  const dir = mkdtempSync(path.join(tmpdir(), "shipyard-nginx-"));
  mkdirSync(path.join(dir, "tmp"));
  const placed = await Promise.all(sites.map(async (site) => ({ ...site, port: await freePort() })));
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(conf, config(dir, placed));
  const read = (name: string) => {
    try {
      return readFileSync(path.join(dir, name), "utf8");
    } catch {
      return "";
    }
  };
  let output = "";
  const child = spawn(NGINX, ["-p", dir, "-e", path.join(dir, "error.log"), "-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const errorLog = () => `${output}${read("error.log")}`;
  const urls = placed.map((site) => `http://127.0.0.1:${site.port}`);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM"); // fast shutdown of the master and its workers
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const url of urls) await waitUntilListening(url, child, errorLog);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid: child.pid ?? 0,
    urls,
    accessLog: () => read("access.log").split("\n").filter(Boolean),
    errorLog,
    stop,
  };
}
