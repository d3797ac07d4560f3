import { getSystemHealth } from "../../services/system-health";
import { systemHealthDeps } from "../../system-health-deps";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const settingsRouter = createTRPCRouter({
  /** The Settings and health page's figures: public URL, storage, database, janitor, versions. */
  health: adminProcedure.query(async () => getSystemHealth(await systemHealthDeps())),
});
