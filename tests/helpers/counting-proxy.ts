import { connect, createServer, type Socket } from "node:net";

/**
 * A transparent TCP proxy that counts what crosses it: the request lines clients send and the bytes
 * the server answers (headers included). It sees the requests of every thread in the process (an
 * inspection worker's own S3 client), which a middleware on one client cannot. SigV4 signs the Host
 * header the client sent, which the proxy passes on unchanged, so S3 servers accept the requests.
 */
export async function startCountingProxy(target: { host: string; port: number }) {
  const requests: string[] = [];
  let responseBytes = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.on("data", (chunk: Buffer) => {
      // A request head arrives in one write (Node's http sends it so); bodies are never parsed as heads here in practice.
      const text = chunk.toString("latin1");
      for (const m of text.matchAll(/(GET|PUT|HEAD|POST|DELETE) (\/\S*) HTTP\/1\.1\r\n/g)) {
        const headEnd = text.indexOf("\r\n\r\n", m.index);
        const range = /\r\nrange: *(\S+)/i.exec(text.slice(m.index, headEnd === -1 ? undefined : headEnd))?.[1];
        requests.push(`${m[1]} ${m[2]}${range ? ` ${range}` : ""}`);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      responseBytes += chunk.length;
      client.write(chunk);
    });
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
    endpoint: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    /** "GET /bucket/key bytes=0-262143", or without a range for a whole GET, in arrival order. */
    requests,
    get responseBytes() {
      return responseBytes;
    },
    reset() {
      requests.length = 0;
      responseBytes = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
