// A small in-process cache of rendered install pages, in the spirit of an nginx micro-cache: a
// page that is the same for every visitor with the same device and URL is rendered once and then
// served from memory for a few seconds, or until the next audited change, whichever comes first.
// Like HTTP's Vary, a page may say it also depends on something of the visitor through a rule (a
// staged rollout under way places each device id on one side of it); the cache then keeps one
// copy per variant of that rule under the same key, and asks the caller which variant a visitor's is.

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

interface Variants<R> {
  /** What the copies under this key vary by, or null when there is one copy for everyone. */
  rule: R | null;
  /** The rule serialized once: part of every entry key under it. */
  ruleKey: string | null;
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

export class PageCache<M, R = unknown> {
  private readonly variants = new Map<string, Variants<R>>();
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
   * The cached page for this request key, or null. `variantOf` says which variant of the key's
   * rule this visitor's is (null: none can be told, e.g. no device id yet); `generation` is the
   * current data generation: entries stored under an older one are stale.
   */
  get(key: string, variantOf: (rule: R) => string | null, generation: number): { page: CachedPage; meta: M; stale: boolean; variant: string | null } | null {
    const now = this.now();
    const variants = this.variants.get(key);
    if (!variants || variants.generation !== generation || variants.expiresAt + this.options.staleMs <= now) return null;
    const variant = variants.rule === null ? null : variantOf(variants.rule);
    if (variants.rule !== null && variant === null) return null;
    const fullKey = entryKey(key, variants.ruleKey, variant);
    const entry = this.entries.get(fullKey);
    if (!entry) return null;
    if (entry.generation !== generation || entry.expiresAt + this.options.staleMs <= now) {
      this.remove(fullKey, entry);
      return null;
    }
    // Least recently used goes first: move this one to the end.
    this.entries.delete(fullKey);
    this.entries.set(fullKey, entry);
    return { page: entry.page, meta: entry.meta, stale: entry.expiresAt <= now, variant };
  }

  /**
   * Stores a page rendered at `generation` (read before rendering, so a change during it wins),
   * for everyone under the key, or, with a rule, for the visitors of one variant of it.
   */
  set(key: string, rule: R | null, variant: string | null, generation: number, page: CachedPage, meta: M): void {
    if (rule !== null && variant === null) return;
    const bytes = page.body.length + OVERHEAD_BYTES;
    if (bytes > this.options.maxBytes / 8) return;
    const expiresAt = this.now() + this.options.ttlMs;
    const variants = this.variants.get(key);
    const ruleKey = rule === null ? null : JSON.stringify(rule);
    // A page whose rule changed (a rollout started, ended or moved) invalidates the copies made under the old one.
    if (!variants || variants.ruleKey !== ruleKey || variants.generation !== generation) {
      this.variants.set(key, { rule, ruleKey, generation, expiresAt });
    } else {
      variants.expiresAt = Math.max(variants.expiresAt, expiresAt);
    }
    const fullKey = entryKey(key, ruleKey, variant);
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

/** The rule is part of an entry's key: copies made under another rule (a rollout since moved) are never found. */
function entryKey(key: string, ruleKey: string | null, variant: string | null): string {
  return ruleKey === null ? key : `${key}\u0000${ruleKey}\u0000${variant}`;
}
