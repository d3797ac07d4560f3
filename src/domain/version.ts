import { z } from "zod";

// Marketing versions: 1 to 4 dot-separated numbers and an optional pre-release tag
// (1.2.3, 2024.11, 1.0.0-beta.2). Builds: a positive integer or dotted numbers (CFBundleVersion,
// versionCode), compared numerically component by component.
const VERSION_PATTERN = /^\d{1,9}(?:\.\d{1,9}){0,3}(?:-[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*)?$/;
const BUILD_PATTERN = /^\d{1,18}(?:\.\d{1,18}){0,3}$/;

export const versionSchema = z
  .string({ error: "version must be a string" })
  .min(1, "version must not be empty")
  .max(64, "version must be at most 64 characters")
  .refine((v) => VERSION_PATTERN.test(v), {
    error: (issue) => `version ${JSON.stringify(issue.input)} must be 1 to 4 dot-separated numbers with an optional pre-release tag, e.g. 1.2.3, 2024.11 or 1.0.0-beta.2`,
  });

export const buildSchema = z
  .string({ error: "build must be a string" })
  .min(1, "build must not be empty")
  .max(64, "build must be at most 64 characters")
  .refine((b) => BUILD_PATTERN.test(b), {
    error: (issue) => `build ${JSON.stringify(issue.input)} must be a positive integer or dot-separated numbers, e.g. 42 or 1.2.3`,
  })
  .refine((b) => !BUILD_PATTERN.test(b) || /[1-9]/.test(b), { message: "build must be greater than zero" });

function compareNumericStrings(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Orders two valid builds: negative when a < b, zero when equal, positive when a > b.
 * Missing components count as zero, so "1.0" equals "1". Exact for any length (no float math).
 */
export function compareBuilds(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const order = compareNumericStrings(pa[i] ?? "0", pb[i] ?? "0");
    if (order !== 0) return order;
  }
  return 0;
}
