import { createServer, type Server, type Socket, connect } from "node:net";

/**
 * A TCP proxy in front of a test server that cuts the connection once, in the middle of the first
 * request whose bytes contain `trigger` (e.g. "PUT /api/uploads/"), after `afterBytes` more bytes:
 * a real network interruption, as a client would see it.
 */
export async function startCuttingProxy(target: { host: string; port: number }, trigger: string, afterBytes: number) {
  let armed = true;
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let counting = false;
    let counted = 0;
    client.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      for (const m of text.matchAll(/(GET|PUT|PATCH|HEAD|POST|DELETE) (\/\S*) HTTP\/1\.1/g)) requests.push(`${m[1]} ${m[2]}`);
      if (armed && !counting && text.includes(trigger)) counting = true;
      if (counting) {
        counted += chunk.length;
        if (counted >= afterBytes) {
          armed = false;
          counting = false;
          client.destroy();
          upstream.destroy();
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
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
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    /** Request lines seen, in order ("PATCH /api/uploads/…"). */
    requests,
    get cut() {
      return !armed;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
