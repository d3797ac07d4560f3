// The bound on install pages rendered at once, on a real loopback server: never more than the bound
// under way, first come first served, and nobody keeps a place they no longer use (a client gone
// while waiting, a response that never finishes).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRenderQueue, type RenderQueue } from "@/server/http/render-queue";

let server: Server | undefined;

/** A server whose every request is a "render" that waits until the test lets it finish. */
async function serve(queue: RenderQueue) {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  let peak = 0;
  server = createServer((req, res) => {
    const name = (req.url ?? "/").slice(1);
    void queue.run(res, () => {
      started.push(name);
      peak = Math.max(peak, queue.size().active);
      if (name.startsWith("stuck")) {
        // Writes its head and part of a body, and never ends.
        res.writeHead(200).write("partial");
        return;
      }
      finishers.set(name, () => res.end(name));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const get = (name: string, signal?: AbortSignal) => fetch(`http://127.0.0.1:${port}/${name}`, { signal }).then((r) => r.text());
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(check()).toBe(true);
  };
  return { started, finishers, get, until, peak: () => peak };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe("render queue", () => {
  it("renders at most the bound at once, in the order requests came", async () => {
    const queue = createRenderQueue({ concurrency: 2, holdLimitMs: 60_000 });
    const s = await serve(queue);
    const bodies = ["a", "b", "c", "d", "e"].map((name) => s.get(name));
    await s.until(() => s.started.length === 2 && queue.size().waiting === 3);
    expect(s.started).toEqual(["a", "b"]);
    for (const name of ["b", "a", "c", "d", "e"]) {
      await s.until(() => s.finishers.has(name));
      s.finishers.get(name)?.();
    }
    expect(await Promise.all(bodies)).toEqual(["a", "b", "c", "d", "e"]);
    expect(s.started).toEqual(["a", "b", "c", "d", "e"]);
    expect(s.peak()).toBe(2);
    expect(queue.size()).toEqual({ active: 0, waiting: 0 });
  });

  it("drops a request whose client leaves while it waits, and does not lose the place it would have taken", async () => {
    const queue = createRenderQueue({ concurrency: 1, holdLimitMs: 60_000 });
    const s = await serve(queue);
    const first = s.get("first");
    const leaving = new AbortController();
    const gone = s.get("gone", leaving.signal).catch((error: unknown) => (error as Error).name);
    const last = s.get("last");
    await s.until(() => queue.size().waiting === 2);
    leaving.abort();
    expect(await gone).toBe("AbortError");
    await s.until(() => queue.size().waiting === 1);
    s.finishers.get("first")?.();
    await s.until(() => s.finishers.has("last"));
    s.finishers.get("last")?.();
    expect([await first, await last]).toEqual(["first", "last"]);
    expect(s.started).toEqual(["first", "last"]);
    expect(queue.size()).toEqual({ active: 0, waiting: 0 });
  });

  it("gives up the place of a response that never finishes after the hold limit", async () => {
    const queue = createRenderQueue({ concurrency: 1, holdLimitMs: 200 });
    const s = await serve(queue);
    const stuck = new AbortController();
    void s.get("stuck", stuck.signal).catch(() => null);
    await s.until(() => s.started.includes("stuck"));
    const asked = Date.now();
    const next = s.get("next");
    // Waits behind the stuck one until the hold limit frees the place, not forever.
    await s.until(() => s.finishers.has("next"));
    expect(Date.now() - asked).toBeGreaterThanOrEqual(150);
    expect(queue.size().waiting).toBe(0);
    s.finishers.get("next")?.();
    expect(await next).toBe("next");
    stuck.abort();
  });
});
