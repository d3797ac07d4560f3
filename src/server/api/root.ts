import { appsRouter } from "./routers/apps";
import { auditRouter } from "./routers/audit";
import { channelsRouter } from "./routers/channels";
import { releasesRouter } from "./routers/releases";
import { retentionRouter } from "./routers/retention";
import { shareLinksRouter } from "./routers/share-links";
import { tokensRouter } from "./routers/tokens";
import { uploadsRouter } from "./routers/uploads";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  apps: appsRouter,
  releases: releasesRouter,
  channels: channelsRouter,
  audit: auditRouter,
  tokens: tokensRouter,
  uploads: uploadsRouter,
  shareLinks: shareLinksRouter,
  retention: retentionRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
