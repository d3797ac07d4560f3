// Benches report the median round: the middle one once sorted (the upper middle of an even count),
// a round that really ran rather than an average of two.

/** The round in the middle by `key`; throws when there is none. */
export function medianBy<T>(runs: T[], key: (run: T) => number): T {
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (mid === undefined) throw new Error("no rounds");
  return mid;
}

/** The middle value; NaN when there is none. */
export const median = (values: number[]): number => (values.length === 0 ? Number.NaN : medianBy(values, (value) => value));
