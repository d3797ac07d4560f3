import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of a test server that cuts the connection in the middle of the first
 * upload (a PUT to /api/uploads/…) after `afterBytes` of it: a real network interruption, as a
 * client would see it. It keeps cutting that upload's PUTs until the client asks for the offset
 * (HEAD), because some clients (Chromium) silently resend a request cut on a reused keep-alive
 * connection, so a single cut might never reach the code under test.
 */
export async function startCuttingProxy(target: { host: string; port: number }, afterBytes: number) {
  let cutting: string | null = null; // the upload path being cut, once its first PUT is seen
  let cuts = 0;
  let disarmed = false;
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let counted = -1; // bytes of the PUT being cut so far; -1 when not counting
    client.on("data", (chunk: Buffer) => {
      for (const m of chunk.toString("latin1").matchAll(/(GET|PUT|PATCH|HEAD|POST|DELETE) (\/\S*) HTTP\/1\.1/g)) {
        const [, method = "", url = ""] = m;
        requests.push(`${method} ${url}`);
        const cut = !disarmed && method === "PUT" && url.startsWith("/api/uploads/") && (cutting ?? url) === url;
        if (cut) cutting = url;
        counted = cut ? 0 : -1;
        if (method === "HEAD" && url === cutting) disarmed = true;
      }
      if (counted >= 0 && (counted += chunk.length) >= afterBytes) {
        cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", close).on("error", close);
    upstream.on("close", close).on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    /** Request lines seen, in order ("PATCH /api/uploads/…"). */
    requests,
    /** How many times an upload was cut. */
    get cuts() {
      return cuts;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
