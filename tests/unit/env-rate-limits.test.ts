// The update-check rate limits come from the environment: per minute, 0 turns one off, and
// anything else than a whole number is refused at start with the variable's name.
import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { envVariables } from "../helpers/env-variables";

const NAMES = ["RATE_LIMIT_UPDATES_PER_DEVICE", "RATE_LIMIT_UPDATES_PER_ADDRESS"] as const;
const withEnv = envVariables(NAMES, () => env().updateRateLimits);

describe("update-check rate limits from the environment", () => {
  it("defaults to 30 a device and 600 an address", () => {
    expect(withEnv({})()).toEqual({ perDevice: 30, perAddress: 600 });
  });

  it("takes whole numbers, 0 meaning off", () => {
    expect(withEnv({ RATE_LIMIT_UPDATES_PER_DEVICE: "0", RATE_LIMIT_UPDATES_PER_ADDRESS: "12000" })()).toEqual({ perDevice: 0, perAddress: 12000 });
  });

  it.each(["-1", "1.5", "lots"])("refuses %s, naming the variable", (value) => {
    expect(withEnv({ RATE_LIMIT_UPDATES_PER_DEVICE: value })).toThrow(/RATE_LIMIT_UPDATES_PER_DEVICE/);
  });
});
