import { getSystemHealth } from "../../services/system-health";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const settingsRouter = createTRPCRouter({
  /** The Settings and health page's figures: public URL, storage, database, janitor, versions. */
  health: adminProcedure.query(({ ctx }) => getSystemHealth(ctx.server.systemHealth)),
});
