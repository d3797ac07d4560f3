import type { ServerResponse } from "node:http";

// A bound on how many install pages Next renders at once; the others wait their turn, first come
// first served. Rendering is CPU work on one thread: 64 renders at once progress no faster than 8,
// but each holds its memory and its place in every queue (SQLite's one connection among them) for
// 8 times as long. Measured at 64 connections: a share-link visitor's p99 went from 3.5-4.5 s to
// under 1 s at the same throughput, because a request no longer waits on 63 others' turns at every
// await.

export interface RenderQueue {
  /** Runs `render` once fewer than the bound are rendering; a response closed while waiting is dropped. */
  run(res: ServerResponse, render: () => Promise<void> | void): Promise<void>;
  /** For tests and metrics: renders under way and waiting. */
  size(): { active: number; waiting: number };
}

export interface RenderQueueOptions {
  concurrency: number;
  /**
   * A render's place is given up after this long even if its response has not finished: a client
   * that reads slowly (or not at all) must not hold the queue. The render itself goes on.
   */
  holdLimitMs: number;
}

export function createRenderQueue(options: RenderQueueOptions): RenderQueue {
  let active = 0;
  const waiting: (() => void)[] = [];

  const admit = (res: ServerResponse, render: () => Promise<void> | void): Promise<void> | void => {
    active += 1;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      active -= 1;
      waiting.shift()?.();
    };
    const timer = setTimeout(release, options.holdLimitMs);
    timer.unref();
    res.once("finish", release);
    res.once("close", release);
    try {
      return render();
    } catch (error) {
      release();
      throw error;
    }
  };

  return {
    run(res, render) {
      if (res.destroyed) return Promise.resolve();
      if (active < options.concurrency) return Promise.resolve(admit(res, render));
      return new Promise<void>((resolve, reject) => {
        const start = () => {
          res.off("close", drop);
          try {
            resolve(admit(res, render));
          } catch (error) {
            reject(error);
          }
        };
        // The client went away while waiting: its turn goes to the next one (nothing was rendered).
        const drop = () => {
          const at = waiting.indexOf(start);
          if (at !== -1) waiting.splice(at, 1);
          resolve();
        };
        res.once("close", drop);
        waiting.push(start);
      });
    },
    size: () => ({ active, waiting: waiting.length }),
  };
}
