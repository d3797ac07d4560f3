import { describe, expect, it } from "vitest";
import { choosePageEncoding } from "@/server/http/accept-encoding";

describe("Accept-Encoding for cached pages", () => {
  it.each([
    [undefined, "identity"],
    ["", "identity"],
    ["gzip", "gzip"],
    ["GZIP", "gzip"],
    ["Gzip;Q=1", "gzip"],
    ["gzip, deflate, br", "gzip"],
    ["br, gzip;q=0.8", "gzip"],
    ["*", "gzip"],
    ["*;q=0.5", "gzip"],
    ["deflate", "identity"],
    ["br", "identity"],
    ["x-gzip", "identity"],
    ["gzip;q=0", "identity"],
    ["gzip; q=0.000", "identity"],
    ["*;q=0", "identity"],
    ["*, gzip;q=0", "identity"],
    ["gzip;q=0, *", "identity"],
    ["identity;q=0", "identity"],
    ["identity;q=0, gzip", "gzip"],
    ["identity;q=0, *", "gzip"],
    ["gzip;q=0.5, identity", "identity"],
    ["identity;q=0.5, gzip;q=0.5", "gzip"],
    ["deflate, gzip;q=0.001", "gzip"],
    ["gzip;q=bogus", "identity"],
    ["gzip;q=1.5", "identity"],
    ["gzip;q=-1", "identity"],
    ["gzip;level=9", "gzip"],
    [" , gzip ,", "gzip"],
    [["deflate", "gzip"], "gzip"],
  ] as const)("%j → %s", (header, expected) => {
    expect(choosePageEncoding(header as string | string[] | undefined)).toBe(expected);
  });
});
