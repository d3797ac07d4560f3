// DOWNLOAD_OFFLOAD comes from the environment: off by default, x-accel-redirect with an internal
// location prefix (default /_shipyard/blobs); anything else stops the server naming the variable.
import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { envVariables } from "../helpers/env-variables";

const NAMES = ["DOWNLOAD_OFFLOAD", "DOWNLOAD_OFFLOAD_PREFIX"] as const;
const withEnv = envVariables(NAMES, () => env().downloadOffload);

describe("download offload from the environment", () => {
  it("is off by default, and when set to off (or empty)", () => {
    expect(withEnv({})()).toBeNull();
    expect(withEnv({ DOWNLOAD_OFFLOAD: "off" })()).toBeNull();
    expect(withEnv({ DOWNLOAD_OFFLOAD: "" })()).toBeNull();
  });

  it("takes x-accel-redirect with the default or a given internal location", () => {
    expect(withEnv({ DOWNLOAD_OFFLOAD: "x-accel-redirect" })()).toEqual({ mode: "x-accel-redirect", prefix: "/_shipyard/blobs" });
    expect(withEnv({ DOWNLOAD_OFFLOAD: "x-accel-redirect", DOWNLOAD_OFFLOAD_PREFIX: "/internal/shipyard-files" })()).toEqual({
      mode: "x-accel-redirect",
      prefix: "/internal/shipyard-files",
    });
  });

  it.each(["sendfile", "X-Accel-Redirect", "on"])("refuses DOWNLOAD_OFFLOAD=%s, naming the variable", (value) => {
    expect(withEnv({ DOWNLOAD_OFFLOAD: value })).toThrow(/DOWNLOAD_OFFLOAD must be off or x-accel-redirect/);
  });

  it.each(["_shipyard/blobs", "/_shipyard/blobs/", "/", "/a b", "/a/../b", "/a?b", "/a/./b"])("refuses DOWNLOAD_OFFLOAD_PREFIX=%s", (value) => {
    expect(withEnv({ DOWNLOAD_OFFLOAD: "x-accel-redirect", DOWNLOAD_OFFLOAD_PREFIX: value })).toThrow(/DOWNLOAD_OFFLOAD_PREFIX/);
  });

  it("refuses a prefix without the mode (it would look configured and do nothing)", () => {
    expect(withEnv({ DOWNLOAD_OFFLOAD_PREFIX: "/_shipyard/blobs" })).toThrow(/DOWNLOAD_OFFLOAD_PREFIX is set but DOWNLOAD_OFFLOAD/);
  });
});
