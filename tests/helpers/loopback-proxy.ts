import { connect, createServer, type Socket } from "node:net";

/** What a proxy does with one chunk: pass it on, or cut the connection (both sockets) instead. */
export type ChunkVerdict = "pass" | "cut";

/** Sees every chunk of one connection, in order, before it is passed on. */
export type ChunkHook = (chunk: Buffer, from: "client" | "server") => ChunkVerdict;

/**
 * A TCP proxy on 127.0.0.1 in front of `target`, passing bytes on unchanged. `onConnection` is
 * called once per accepted connection and returns that connection's chunk hook, so a hook can keep
 * state of its own (how far into a request it is).
 */
export async function startLoopbackProxy(target: { host: string; port: number }, onConnection: () => ChunkHook) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const hook = onConnection();
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("data", (chunk: Buffer) => {
      if (hook(chunk, "client") === "cut") close();
      else upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (hook(chunk, "server") === "cut") close();
      else client.write(chunk);
    });
    client.on("close", close).on("error", close);
    upstream.on("close", close).on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RequestHead {
  method: string;
  url: string;
  /** From the request line to the blank line, or to the chunk's end when that is not in it. */
  head: string;
}

/**
 * The HTTP/1.1 request heads that start in a chunk a client sent. A head arrives in one write
 * (Node's http and browsers send it so); bodies are never parsed as heads here in practice.
 */
export function requestHeads(chunk: Buffer): RequestHead[] {
  const text = chunk.toString("latin1");
  return [...text.matchAll(/(GET|PUT|PATCH|HEAD|POST|DELETE|OPTIONS) (\/\S*) HTTP\/1\.1\r\n/g)].map((m) => {
    const headEnd = text.indexOf("\r\n\r\n", m.index);
    return { method: m[1] ?? "", url: m[2] ?? "", head: text.slice(m.index, headEnd === -1 ? undefined : headEnd) };
  });
}
