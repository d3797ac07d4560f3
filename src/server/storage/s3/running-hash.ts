import { createSHA256, type IHasher } from "hash-wasm";

// The SHA-256 of a resumable upload continues on whichever server takes the next append: hash-wasm
// saves and loads its internal state (about 116 bytes, stored base64 in the staging record), so no
// server re-reads the bytes already uploaded. node:crypto cannot export a running hash.
// The state holds up to one block of plaintext: it is as sensitive as the upload itself.

export async function freshHashState(): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  return Buffer.from(hasher.save()).toString("base64");
}

export async function loadHash(state: string): Promise<IHasher> {
  const hasher = await createSHA256();
  hasher.load(Buffer.from(state, "base64"));
  return hasher;
}

export function saveHash(hasher: IHasher): string {
  return Buffer.from(hasher.save()).toString("base64");
}

/** The hex digest of a saved state, leaving the state itself unchanged. */
export async function digestOfState(state: string): Promise<string> {
  return (await loadHash(state)).digest("hex");
}
