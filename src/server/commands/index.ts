import type { ServerCommands } from "@/cli/server-commands";
import { runAdmin } from "./admin";
import { backupCommand, restoreCommand } from "./backup";
import { migrateDataCommand } from "./migrate-data";

// The CLI's server-side commands, each a composition root of its own: it opens the data dir's
// database and storage and calls the services. bin/shipyard.mjs imports this module only when one
// of them runs.

export const serverCommands: ServerCommands = {
  admin: runAdmin,
  backup: backupCommand,
  restore: restoreCommand,
  "migrate-data": migrateDataCommand,
};
