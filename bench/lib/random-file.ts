import { spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";

const MiB = 1024 * 1024;

/** Writes `size` random bytes (incompressible, unlike a sparse file) to `file`; their sha256. */
export function writeRandomFile(file: string, size: number): string {
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(MiB);
  try {
    for (let left = size; left > 0; left -= chunk.length) writeSync(fd, randomFillSync(chunk), 0, Math.min(chunk.length, left));
  } finally {
    closeSync(fd);
  }
  return String(spawnSync("sha256sum", [file], { encoding: "utf8" }).stdout).split(" ")[0] ?? "";
}
