import { describe, expect, it } from "vitest";
import { DownloadAllowances, resumeSlackBytes } from "@/domain/download-allowance";

const MiB = 1024 * 1024;

function allowancesAt(options: { maxGrants?: number; ttlMs?: number } = {}) {
  let now = 1_000_000;
  const allowances = new DownloadAllowances({ maxGrants: options.maxGrants ?? 10, ttlMs: options.ttlMs ?? 60_000, now: () => now });
  return { allowances, advance: (ms: number) => (now += ms) };
}

describe("resume slack", () => {
  it("is half the file at most, and 8 MiB at most", () => {
    expect(resumeSlackBytes(16_876)).toBe(8_438);
    expect(resumeSlackBytes(1)).toBe(0);
    expect(resumeSlackBytes(100 * MiB)).toBe(8 * MiB);
  });
});

describe("download allowances of capped share links", () => {
  const size = 1_000;

  it("lets a grant that counted nothing send nothing", () => {
    const { allowances } = allowancesAt();
    expect(allowances.take("g", 1)).toBe(false);
  });

  it("lets a counted install send its file once, plus the slack of a dropped connection", () => {
    const { allowances } = allowancesAt();
    allowances.credit("g", size);
    expect(allowances.take("g", size)).toBe(true);
    // Everything after byte 0 again is a second copy, not a resume.
    expect(allowances.take("g", size - 1)).toBe(false);
    expect(allowances.take("g", resumeSlackBytes(size))).toBe(true);
    expect(allowances.take("g", 1)).toBe(false);
  });

  it("serves the rest of a download cut short as a resume", () => {
    const { allowances } = allowancesAt();
    allowances.credit("g", size);
    expect(allowances.take("g", size)).toBe(true);
    // The connection dropped after 300 bytes left the process; the client kept 250.
    allowances.giveBack("g", size - 300);
    expect(allowances.take("g", size - 250)).toBe(true);
  });

  it("does not let slack from earlier installs add up to a copy", () => {
    const { allowances } = allowancesAt();
    for (let i = 0; i < 3; i++) {
      allowances.credit("g", size);
      expect(allowances.take("g", size)).toBe(true);
    }
    expect(allowances.take("g", size - 1)).toBe(false);
    // Bytes given back never raise it above one file and its slack either.
    allowances.giveBack("g", 10 * size);
    expect(allowances.take("g", size + resumeSlackBytes(size) + 1)).toBe(false);
    expect(allowances.take("g", size + resumeSlackBytes(size))).toBe(true);
  });

  it("keeps grants apart", () => {
    const { allowances } = allowancesAt();
    allowances.credit("a", size);
    expect(allowances.take("b", 1)).toBe(false);
    expect(allowances.take("a", size)).toBe(true);
  });

  it("forgets a grant after its time, and the oldest first when full", () => {
    const { allowances, advance } = allowancesAt({ maxGrants: 2, ttlMs: 1_000 });
    allowances.credit("a", size);
    advance(1_000);
    expect(allowances.take("a", 1)).toBe(false);
    allowances.credit("b", size);
    allowances.credit("c", size);
    allowances.credit("b", size); // counted again: now the most recent
    allowances.credit("d", size);
    expect(allowances.size).toBe(2);
    expect(allowances.take("c", 1)).toBe(false);
    expect(allowances.take("b", 1)).toBe(true);
    expect(allowances.take("d", 1)).toBe(true);
  });
});
