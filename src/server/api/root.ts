import { accountRouter } from "./routers/account";
import { appsRouter } from "./routers/apps";
import { auditRouter } from "./routers/audit";
import { channelsRouter } from "./routers/channels";
import { releasesRouter } from "./routers/releases";
import { retentionRouter } from "./routers/retention";
import { settingsRouter } from "./routers/settings";
import { shareLinksRouter } from "./routers/share-links";
import { tokensRouter } from "./routers/tokens";
import { uploadsRouter } from "./routers/uploads";
import { usersRouter } from "./routers/users";
import { webhooksRouter } from "./routers/webhooks";
import { testerGroupsRouter } from "./routers/tester-groups";
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
  settings: settingsRouter,
  users: usersRouter,
  account: accountRouter,
  webhooks: webhooksRouter,
  testerGroups: testerGroupsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
