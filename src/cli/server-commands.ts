import type { Output } from "./output";

// The commands that run on the server's own machine, straight on its data dir: `shipyard admin …`,
// `shipyard backup <dir>`, `shipyard restore <dir>`. They need the server's store, services and
// database, and the CLI is a client that shares only the domain, so the CLI declares here what it
// calls and the entry point (bin/shipyard.mjs) hands in the server's implementation
// (src/server/commands).

export interface ServerCommands {
  admin(args: string[], out: Output): Promise<void>;
  backup(args: string[], out: Output): Promise<void>;
  restore(args: string[], out: Output): Promise<void>;
  /** `shipyard migrate-data --from <dir>`: a SQLite + disk installation into the configured backends. */
  "migrate-data"(args: string[], out: Output): Promise<void>;
}

/** Loads the server commands when one of them runs, so the client commands never load Prisma. */
export type LoadServerCommands = () => Promise<ServerCommands>;
