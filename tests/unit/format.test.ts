import { describe, expect, it } from "vitest";
import { renderProgress } from "@/cli/progress";
import { formatBytes, formatDuration } from "@/domain/format";

describe("human formats", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [16876, "16.5 KiB"],
    [64 * 1024 * 1024, "64.0 MiB"],
    [4.5 * 1024 ** 3, "4.5 GiB"],
  ])("formatBytes(%i) = %s", (n, text) => expect(formatBytes(n)).toBe(text));

  it.each([
    [0, "0:00"],
    [59.6, "1:00"],
    [75, "1:15"],
    [3661, "1:01:01"],
    [Number.POSITIVE_INFINITY, "--:--"],
    [Number.NaN, "--:--"],
  ])("formatDuration(%d) = %s", (s, text) => expect(formatDuration(s)).toBe(text));

  it("draws a progress line with bytes, speed and ETA", () => {
    expect(renderProgress("upload a.apk", 512 * 1024, 1024 * 1024, 256 * 1024, 10)).toBe("upload a.apk █████░░░░░  50%  512.0 KiB/1.0 MiB  256.0 KiB/s  ETA 0:02");
  });
});
