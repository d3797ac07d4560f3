// The update-check rate limits come from the environment: per minute, 0 turns one off, and
// anything else than a whole number is refused at start with the variable's name.
import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/env";

const NAMES = ["RATE_LIMIT_UPDATES_PER_DEVICE", "RATE_LIMIT_UPDATES_PER_ADDRESS"] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

function withEnv(values: Partial<Record<(typeof NAMES)[number], string>>) {
  for (const name of NAMES) {
    if (values[name] === undefined) delete process.env[name];
    else process.env[name] = values[name];
  }
  resetEnvForTests();
  return () => env().updateRateLimits;
}

afterEach(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  resetEnvForTests();
});

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
