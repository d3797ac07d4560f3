import { describe, expect, it } from "vitest";
import { publishBlocker, tallyUploads } from "@/components/admin/upload-tally";
import type { UploadItem } from "@/components/admin/use-upload-queue";

type Item = Pick<UploadItem, "status" | "platform">;
const done: Item = { status: { kind: "done" }, platform: "android_apk" };
const uploading: Item = { status: { kind: "uploading", sent: 10, rate: 1 }, platform: "linux" };
const queued: Item = { status: { kind: "queued" }, platform: "linux" };
const retrying: Item = { status: { kind: "retrying", sent: 1, until: 0, attempt: 1, reason: "cut" }, platform: "linux" };
const needsPlatform: Item = { status: { kind: "needs-platform", choices: ["linux", "macos"] }, platform: null };
// A refused file type has no platform, so no Retry; an interrupted upload has both.
const refused: Item = { status: { kind: "failed", message: "not a file type Shipyard publishes" }, platform: null };
const broken: Item = { status: { kind: "failed", message: "upload refused" }, platform: "ios" };

describe("tallyUploads", () => {
  it("counts failed files as failed, not as still uploading", () => {
    expect(tallyUploads([done, refused])).toEqual({ done: 1, inProgress: 0, needsPlatform: 0, failed: 1, retryable: 0 });
  });

  it("puts every status in one group", () => {
    expect(tallyUploads([done, uploading, queued, retrying, needsPlatform, refused, broken])).toEqual({ done: 1, inProgress: 3, needsPlatform: 1, failed: 2, retryable: 1 });
    expect(tallyUploads([])).toEqual({ done: 0, inProgress: 0, needsPlatform: 0, failed: 0, retryable: 0 });
  });
});

describe("publishBlocker", () => {
  const blocker = (...items: Item[]) => publishBlocker(tallyUploads(items));

  it("allows publishing when every file is uploaded", () => {
    expect(blocker(done)).toBeNull();
    expect(blocker(done, done)).toBeNull();
  });

  it("asks for a file when there is none", () => {
    expect(blocker()).toBe("Add at least one file.");
  });

  it("says plainly that a refused file must be removed, and never waits for it", () => {
    expect(blocker(done, refused)).toBe("1 file failed: remove it before publishing.");
    expect(blocker(refused, refused)).toBe("2 files failed: remove them before publishing.");
  });

  it("offers Retry when a failed file can be retried", () => {
    expect(blocker(done, broken)).toBe("1 file failed: remove or retry it before publishing.");
    expect(blocker(refused, broken)).toBe("2 files failed: remove or retry them before publishing.");
  });

  it("names failures before files still on their way", () => {
    expect(blocker(uploading, refused)).toBe("1 file failed: remove it before publishing.");
  });

  it("asks for a platform rather than waiting for a file that waits for the admin", () => {
    expect(blocker(done, needsPlatform)).toBe("Choose the platform of 1 file.");
  });

  it("waits for files still uploading, queued or retrying", () => {
    expect(blocker(done, uploading)).toBe("Waiting for 1 file to finish uploading.");
    expect(blocker(queued, retrying)).toBe("Waiting for 2 files to finish uploading.");
  });
});
