// The install pages' device id: random, first-party, HttpOnly. It only places a visitor in a
// staged rollout's buckets, so the same browser keeps getting the same release.
export const DEVICE_COOKIE = "sy_device";
export const DEVICE_COOKIE_MAX_AGE = 2 * 365 * 24 * 60 * 60;
