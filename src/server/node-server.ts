// The HTTP server of a Shipyard process: byte paths (uploads, downloads) in plain Node, the rest
// (pages, tRPC, /api/v1 behind proxy.ts) through Next's request handler, install pages through a
// few-second micro-cache in front of it and with the visitor's device id given here.
import { createServer, type Server } from "node:http";
import next from "next";
import { matchApiRoute } from "@/domain/api-routes";
import { serverContext } from "./composition";
import { CLIENT_ADDRESS_HEADER } from "./http/client-address";
import { deviceIdOf, ensureDeviceId, needsDeviceId } from "./http/device-cookie";
import { answerClientError, isServedMethod, refuseConnect, sendMethodNotAllowed } from "./http/methods";
import { handleBytePath } from "./http/node-bytes";
import { captureRenderedPage, headerReader, type PageCacheDeps, pageCacheKey, serveCachedPage } from "./http/node-page-cache";
import { createRenderQueue } from "./http/render-queue";
import { PAGE_CAPTURE_HEADER } from "./http/page-cache-signals";
import { applySecurityHeaders } from "./http/security-headers";
import { installLinks } from "./http/install-links";
import { createUpdateCheckEndpoint } from "./http/update-check-endpoint";
import { startJanitor } from "./janitor";
import { installScopeOf, scopeAudience, shareAudienceOf } from "./services/page-audience";
import { createUpdateChecker } from "./services/update-check";

export async function startShipyardServer(options: { dev: boolean; dir: string; host: string; port: number }): Promise<Server> {
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.host, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const context = await serverContext();
  const { store, events, links } = context;
  const fileLinks = installLinks({ publicUrl: context.config.publicUrl, grants: context.grants });
  const serveUpdateCheck = createUpdateCheckEndpoint({
    store,
    checker: createUpdateChecker({ store, generation: events.generation }),
    limits: context.config.updateRateLimits,
    linksFor: (owner, release, artifact) => ({ ...fileLinks.links(owner, artifact, null), pageUrl: links.installPage(owner.slug, release.id) }),
  });
  const secureCookies = context.config.publicUrl.startsWith("https:");
  const pageCache: PageCacheDeps = {
    generation: events.generation,
    installEvents: context.installEvents,
    audiences: {
      ofShareSecret: (secret) => shareAudienceOf(store, secret),
      ofSignedInVisitor: async (req, page) => {
        const app = await store.apps.getBySlug(page.slug);
        const scope = app && (await installScopeOf({ store, sessionClaim: () => context.sessionClaim(headerReader(req)) }, app, page));
        return scope ? scopeAudience(scope) : null;
      },
    },
    deviceIdFor(req, res) {
      ensureDeviceId(req, res, secureCookies);
      return deviceIdOf(req.headers.cookie) ?? "";
    },
  };
  // Install pages Next renders (a cached copy costs next to nothing to send): a few at a time.
  const renders = createRenderQueue({ concurrency: 8, holdLimitMs: 2_000 });
  // The /api/v1 routes the table marks servedByNode, by path pattern.
  const nodeApi: Record<string, typeof serveUpdateCheck> = { "/api/v1/apps/{app}/updates": serveUpdateCheck };
  const server = createServer((req, res) => {
    // The socket's peer, for rate limits; a client cannot set it (any incoming copy is replaced).
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
    delete req.headers[PAGE_CAPTURE_HEADER];
    applySecurityHeaders(req, res, options.dev);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path.startsWith("/api/v1/")) {
      const match = matchApiRoute(req.method ?? "GET", path);
      const serve = match.kind === "route" && match.route.servedByNode ? nodeApi[match.route.path] : undefined;
      if (serve && match.kind === "route") {
        serve(req, res, match.route, match.params).catch((error: unknown) => {
          console.error("update check failed:", error);
          if (!res.headersSent) res.writeHead(500).end();
        });
        return;
      }
    }
    handleBytePath(req, res, context)
      .then(async (handled) => {
        if (handled) return;
        if (!isServedMethod(req.method)) return sendMethodNotAllowed(res, (req.url ?? "/").split("?")[0] ?? "/");
        const page = pageCacheKey(req);
        if (page !== null) {
          if (await serveCachedPage(req, res, page, pageCache)) return;
          captureRenderedPage(req, res, page, pageCache);
        }
        // What Next renders gets a device id first, so the page rendered now already places the visitor.
        if (needsDeviceId(path)) {
          ensureDeviceId(req, res, secureCookies);
          return renders.run(res, () => handle(req, res));
        }
        return handle(req, res);
      })
      .catch((error: unknown) => {
        console.error("request failed:", error);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
  });
  server.on("connect", (req, socket) => refuseConnect(socket, req.url ?? "/"));
  server.on("clientError", answerClientError);
  // Uploads of several GiB over slow links: no request timeout, but do not keep idle sockets forever.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  // Upkeep (expired uploads, staging, retention, blob GC) runs in the process that serves.
  startJanitor(context);
  // Webhook deliveries and mail go out from the process that serves, stopped with the server.
  context.outbox.start();
  server.on("close", () => context.outbox.stop());
  return server;
}
