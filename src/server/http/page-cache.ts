// A small in-process cache of rendered install pages, in the spirit of an nginx micro-cache: a
// page that is the same for every visitor with the same device and URL is rendered once and then
// served from memory for a few seconds, or until the next audited change, whichever comes first.
// Like HTTP's Vary, a page may say it also depends on the visitor's device id (a staged rollout
// under way); the cache then keeps one copy per device id under the same URL.

export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export interface PageCacheOptions {
  /** How long a rendered page is fresh (ms). */
  ttlMs: number;
  /**
   * How long after that it may still be served while one request renders it anew (ms). Only age
   * makes a page stale this way: a data change makes it unusable at once.
   */
  staleMs: number;
  maxEntries: number;
  maxBytes: number;
  now?: () => number;
}

interface Variants {
  byDeviceId: boolean;
  generation: number;
  expiresAt: number;
}

interface Entry<M> {
  page: CachedPage;
  meta: M;
  generation: number;
  expiresAt: number;
  bytes: number;
}

/** Rough per-entry cost beyond the body: key, headers, bookkeeping. */
const OVERHEAD_BYTES = 1024;

export class PageCache<M> {
  private readonly variants = new Map<string, Variants>();
  private readonly entries = new Map<string, Entry<M>>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /**
   * The cached page for this request key, or null. `deviceId` is the visitor's device id (null
   * when they have none yet); `generation` is the current data generation: entries stored under
   * an older one are stale.
   */
  get(key: string, deviceId: string | null, generation: number): { page: CachedPage; meta: M; stale: boolean } | null {
    const now = this.now();
    const variants = this.variants.get(key);
    if (!variants || variants.generation !== generation || variants.expiresAt + this.options.staleMs <= now) return null;
    if (variants.byDeviceId && deviceId === null) return null;
    const fullKey = entryKey(key, variants.byDeviceId ? deviceId : null);
    const entry = this.entries.get(fullKey);
    if (!entry) return null;
    if (entry.generation !== generation || entry.expiresAt + this.options.staleMs <= now) {
      this.remove(fullKey, entry);
      return null;
    }
    // Least recently used goes first: move this one to the end.
    this.entries.delete(fullKey);
    this.entries.set(fullKey, entry);
    return { page: entry.page, meta: entry.meta, stale: entry.expiresAt <= now };
  }

  /** Stores a page rendered at `generation` (read before rendering, so a change during it wins). */
  set(key: string, deviceId: string | null, byDeviceId: boolean, generation: number, page: CachedPage, meta: M): void {
    if (byDeviceId && deviceId === null) return;
    const bytes = page.body.length + OVERHEAD_BYTES;
    if (bytes > this.options.maxBytes / 8) return;
    const expiresAt = this.now() + this.options.ttlMs;
    const variants = this.variants.get(key);
    // A page that started or stopped depending on the device id invalidates the other kind's copies.
    if (!variants || variants.byDeviceId !== byDeviceId || variants.generation !== generation) {
      this.variants.set(key, { byDeviceId, generation, expiresAt });
    } else {
      variants.expiresAt = Math.max(variants.expiresAt, expiresAt);
    }
    const fullKey = entryKey(key, byDeviceId ? deviceId : null);
    const existing = this.entries.get(fullKey);
    if (existing) this.remove(fullKey, existing);
    this.entries.set(fullKey, { page, meta, generation, expiresAt, bytes });
    this.bytes += bytes;
    this.evict();
  }

  private remove(fullKey: string, entry: Entry<M>): void {
    this.entries.delete(fullKey);
    this.bytes -= entry.bytes;
  }

  private evict(): void {
    for (const [fullKey, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.remove(fullKey, entry);
    }
    // Vary records are tiny, but bound them too: drop the oldest half when they outgrow the entries.
    if (this.variants.size > this.options.maxEntries * 2) {
      let drop = this.variants.size - this.options.maxEntries;
      for (const key of this.variants.keys()) {
        if (drop-- <= 0) break;
        this.variants.delete(key);
      }
    }
  }
}

function entryKey(key: string, deviceId: string | null): string {
  return deviceId === null ? key : `${key}\u0000${deviceId}`;
}
