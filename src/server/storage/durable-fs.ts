import { chmod, type FileHandle, mkdir, open, stat } from "node:fs/promises";
import path from "node:path";
import { PRIVATE_DIR_MODE } from "./private-modes";

export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** Size and last write of a file, or null when it does not exist. */
export async function fileFacts(file: string): Promise<{ size: number; modifiedAt: Date } | null> {
  try {
    const facts = await stat(file);
    return { size: facts.size, modifiedAt: facts.mtime };
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return null;
    throw error;
  }
}

/** Size of a file, or null when it does not exist. */
export async function fileSize(file: string): Promise<number | null> {
  return (await fileFacts(file))?.size ?? null;
}

/** Makes the bytes written to `file` (through any handle) survive power loss. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or create inside `dir` survive power loss. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, "r");
  } catch (error) {
    // Windows cannot open a directory; its filesystems journal renames without our help.
    if (errnoCode(error) === "EISDIR" || errnoCode(error) === "EPERM") return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** mkdir -p whose new entries are durable and private (0700): each created directory's parent is fsynced. */
export async function ensureDirectory(dir: string): Promise<void> {
  const firstCreated = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (firstCreated === undefined) return;
  for (let d = dir; ; d = path.dirname(d)) {
    await chmod(d, PRIVATE_DIR_MODE);
    await fsyncDirectory(path.dirname(d));
    if (d === firstCreated || path.dirname(d) === d) return;
  }
}
