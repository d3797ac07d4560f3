// A memo for data that only a change can make stale. Entries belong to the change generation they
// were read in; the first lookup after an audited change in this process drops them all. Changes
// this process cannot see (another process writing the same database) show within `maxAgeMs`.
// Concurrent misses for one key share one load, so a burst after a change reads the store once.

export interface GenerationCache<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
}

export interface GenerationCacheOptions {
  /** Counts committed audited changes; it must move after a change commits, so a load that read old data is dropped with its generation. */
  generation: () => number;
  /** How long an entry is trusted without a signal. */
  maxAgeMs: number;
  /** At this size the cache starts over: the keys that matter are few, and made-up keys cannot grow it. */
  maxEntries?: number;
  now?: () => number;
}

export function createGenerationCache<V>(options: GenerationCacheOptions): GenerationCache<V> {
  const { generation, maxAgeMs, maxEntries = 10_000, now = Date.now } = options;
  let current = Number.NaN;
  let entries = new Map<string, { value: Promise<V>; loadedAt: number }>();
  return {
    get(key, load) {
      const generationNow = generation();
      if (generationNow !== current || entries.size >= maxEntries) {
        current = generationNow;
        entries = new Map();
      }
      const time = now();
      const hit = entries.get(key);
      if (hit && time - hit.loadedAt < maxAgeMs) return hit.value;
      const value = load();
      const owner = entries;
      const entry = { value, loadedAt: time };
      owner.set(key, entry);
      // A failed load is not remembered: the next request tries again.
      value.catch(() => {
        if (owner.get(key) === entry) owner.delete(key);
      });
      return value;
    },
  };
}
