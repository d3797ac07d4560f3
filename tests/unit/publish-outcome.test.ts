import { describe, expect, it } from "vitest";
import { artifactOutcome, NO_OVERRIDES, refusedFilesOf, sentence, withAllowed, withRefusal } from "@/components/admin/publish-outcome";

const bundleReason = "bundle id com.example.adaptive does not match the app's registered android_apk id com.example.hello";
const a = { upload: "ua", filename: "a.apk", reasons: [bundleReason] };
const b = { upload: "ub", filename: "b.ipa", reasons: ["truncated file"] };

/** What the tRPC client throws for publishFromUploads' INTEGRITY error (errorFormatter's data.domain). */
function refusal(files: unknown[]) {
  return Object.assign(new Error("Cannot publish: …"), { data: { code: "UNPROCESSABLE_CONTENT", httpStatus: 422, domain: { code: "INTEGRITY", files } } });
}

describe("refusedFilesOf", () => {
  it("reads the refused files from a tRPC error", () => {
    expect(refusedFilesOf(refusal([a, b]))).toEqual([a, b]);
  });

  it("is null for any other error", () => {
    expect(refusedFilesOf(new Error("version 1.2.3 (42) already exists"))).toBeNull();
    expect(refusedFilesOf(Object.assign(new Error("x"), { data: { domain: { code: "CONFLICT" } } }))).toBeNull();
    expect(refusedFilesOf(refusal([]))).toBeNull();
    expect(refusedFilesOf(null)).toBeNull();
  });
});

describe("overrides", () => {
  it("allows only refused files, one at a time", () => {
    let state = withRefusal(NO_OVERRIDES, [a, b]);
    state = withAllowed(state, "ua", true);
    state = withAllowed(state, "nope", true);
    expect(state).toEqual({ refused: [a, b], allowed: ["ua"] });
    expect(withAllowed(state, "ua", false).allowed).toEqual([]);
  });

  it("keeps an allowed file the server no longer names, and drops files no longer refused", () => {
    let state = withAllowed(withRefusal(NO_OVERRIDES, [a, b]), "ua", true);
    // The retry allowed a.apk, so only b.ipa is refused again.
    state = withRefusal(state, [b]);
    expect(state).toEqual({ refused: [a, b], allowed: ["ua"] });
    state = withRefusal(state, [{ ...b, reasons: ["other"] }]);
    expect(state.refused.map((f) => f.upload)).toEqual(["ua", "ub"]);
    // b.ipa was not allowed and is not named again: it passed this time.
    expect(withRefusal(withRefusal(NO_OVERRIDES, [a, b]), [a]).refused).toEqual([a]);
  });

  it("asks again when a file is refused for other reasons than the ones allowed", () => {
    const state = withAllowed(withRefusal(NO_OVERRIDES, [a]), "ua", true);
    expect(withRefusal(state, [{ ...a, reasons: [bundleReason, "truncated file"] }]).allowed).toEqual([]);
    expect(withRefusal(state, [a]).allowed).toEqual(["ua"]);
  });
});

describe("artifactOutcome", () => {
  it("says passed, with the warnings", () => {
    const warning = "the file declares version 1.2.3 (release: 1.2.4)";
    expect(artifactOutcome({ filename: "a.apk", validationStatus: "valid", metadata: { validationWarnings: [warning] } })).toEqual({
      filename: "a.apk",
      status: "passed",
      reasons: [],
      warnings: [warning],
    });
  });

  it("says what an admin published over", () => {
    const metadata = { validationReasons: [bundleReason], validationOverride: { by: "user:1", at: "2026-01-01T00:00:00.000Z", reasons: [bundleReason] } };
    expect(artifactOutcome({ filename: "a.apk", validationStatus: "valid", metadata })).toEqual({ filename: "a.apk", status: "overridden", reasons: [bundleReason], warnings: [] });
  });

  it("says failed and pending", () => {
    expect(artifactOutcome({ filename: "a", validationStatus: "invalid", metadata: { validationReasons: ["x"] } }).status).toBe("failed");
    expect(artifactOutcome({ filename: "a", validationStatus: "pending", metadata: {} }).status).toBe("pending");
  });
});

describe("sentence", () => {
  it("capitalises and ends with one full stop", () => {
    expect(sentence("truncated file")).toBe("Truncated file.");
    expect(sentence("done.")).toBe("Done.");
  });
});
