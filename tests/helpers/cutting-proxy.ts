import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of a test server that cuts the connection in the middle of the first
 * upload request (a PUT or PATCH to /api/uploads/…) after `afterBytes` of it: a real network
 * interruption, as a client would see it. It keeps cutting that upload's requests until the client
 * asks for the offset (HEAD) after a cut, because some clients (Chromium) silently resend a request
 * cut on a reused keep-alive connection, so a single cut might never reach the code under test.
 */
export async function startCuttingProxy(target: { host: string; port: number }, afterBytes: number) {
  let cutting: string | null = null; // the upload path being cut, once its first PUT or PATCH is seen
  let cuts = 0;
  let disarmed = false;
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let counted = -1; // bytes of the request being cut so far; -1 when not counting
    client.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      for (const m of text.matchAll(/(GET|PUT|PATCH|HEAD|POST|DELETE|OPTIONS) (\/\S*) HTTP\/1\.1/g)) {
        const [, method = "", url = ""] = m;
        const head = text.slice(m.index, text.indexOf("\r\n\r\n", m.index));
        const offset = /\r\nupload-offset: *(\d+)/i.exec(head)?.[1];
        requests.push(`${method} ${url}${offset === undefined ? "" : ` upload-offset=${offset}`}`);
        const cut = !disarmed && (method === "PUT" || method === "PATCH") && url.startsWith("/api/uploads/") && (cutting ?? url) === url;
        if (cut) cutting = url;
        counted = cut ? 0 : -1;
        if (method === "HEAD" && url === cutting && cuts > 0) disarmed = true;
      }
      if (counted >= 0) {
        counted += chunk.length;
        if (counted >= afterBytes) {
          cuts++;
          client.destroy();
          upstream.destroy();
          return;
        }
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
    /** Request lines seen, in order, with any Upload-Offset ("PATCH /api/uploads/… upload-offset=0"). */
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
