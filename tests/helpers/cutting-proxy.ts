import { type ChunkHook, requestHeads, startLoopbackProxy } from "./loopback-proxy";

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
  const connection = (): ChunkHook => {
    let counted = -1; // bytes of the request being cut so far; -1 when not counting
    return (chunk, from) => {
      if (from === "server") return "pass";
      for (const { method, url, head } of requestHeads(chunk)) {
        const offset = /\r\nupload-offset: *(\d+)/i.exec(head)?.[1];
        requests.push(`${method} ${url}${offset === undefined ? "" : ` upload-offset=${offset}`}`);
        const cut = !disarmed && (method === "PUT" || method === "PATCH") && url.startsWith("/api/uploads/") && (cutting ?? url) === url;
        if (cut) cutting = url;
        counted = cut ? 0 : -1;
        if (method === "HEAD" && url === cutting && cuts > 0) disarmed = true;
      }
      if (counted < 0) return "pass";
      counted += chunk.length;
      if (counted < afterBytes) return "pass";
      cuts++;
      return "cut";
    };
  };
  const proxy = await startLoopbackProxy(target, connection);
  return {
    url: proxy.url,
    /** Request lines seen, in order, with any Upload-Offset ("PATCH /api/uploads/… upload-offset=0"). */
    requests,
    /** How many times an upload was cut. */
    get cuts() {
      return cuts;
    },
    close: proxy.close,
  };
}
