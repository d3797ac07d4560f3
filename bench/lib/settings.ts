/** A whole number from the environment, from 1 to `max`; `fallback` when unset or not one. */
export function countSetting(name: string, fallback: number, max: number): number {
  const value = Math.round(Number(process.env[name] ?? fallback));
  return Number.isFinite(value) && value >= 1 ? Math.min(value, max) : fallback;
}
