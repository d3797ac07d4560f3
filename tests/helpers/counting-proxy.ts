import { requestHeads, startLoopbackProxy } from "./loopback-proxy";

/**
 * A transparent TCP proxy that counts what crosses it: the request lines clients send and the bytes
 * the server answers (headers included). It sees the requests of every thread in the process (an
 * inspection worker's own S3 client), which a middleware on one client cannot. SigV4 signs the Host
 * header the client sent, which the proxy passes on unchanged, so S3 servers accept the requests.
 */
export async function startCountingProxy(target: { host: string; port: number }) {
  const requests: string[] = [];
  let responseBytes = 0;
  const proxy = await startLoopbackProxy(target, () => (chunk, from) => {
    if (from === "server") {
      responseBytes += chunk.length;
      return "pass";
    }
    for (const { method, url, head } of requestHeads(chunk)) {
      const range = /\r\nrange: *(\S+)/i.exec(head)?.[1];
      requests.push(`${method} ${url}${range ? ` ${range}` : ""}`);
    }
    return "pass";
  });
  return {
    endpoint: proxy.url,
    /** "GET /bucket/key bytes=0-262143", or without a range for a whole GET, in arrival order. */
    requests,
    get responseBytes() {
      return responseBytes;
    },
    reset() {
      requests.length = 0;
      responseBytes = 0;
    },
    close: proxy.close,
  };
}
