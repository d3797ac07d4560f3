import { describe, expect, it } from "vitest";
import { planDownload } from "@/server/http/download";
import { contentDisposition, etagMatches, parseRange, queryContentDisposition } from "@/server/http/range";

describe("Range header", () => {
  it.each([
    [null, { kind: "full" }],
    ["bytes=0-0", { kind: "partial", start: 0, end: 0 }],
    ["bytes=0-99", { kind: "partial", start: 0, end: 99 }],
    ["bytes=100-", { kind: "partial", start: 100, end: 999 }],
    ["bytes=-1", { kind: "partial", start: 999, end: 999 }],
    ["bytes=-100", { kind: "partial", start: 900, end: 999 }],
    ["bytes=-5000", { kind: "partial", start: 0, end: 999 }],
    ["bytes=500-5000", { kind: "partial", start: 500, end: 999 }],
    ["bytes=999-999", { kind: "partial", start: 999, end: 999 }],
    ["bytes=0-1,5-6", { kind: "full" }],
    ["items=0-5", { kind: "full" }],
    ["bytes=1000-", { kind: "unsatisfiable" }],
    ["bytes=5-2", { kind: "unsatisfiable" }],
    ["bytes=-0", { kind: "unsatisfiable" }],
    ["bytes=-", { kind: "unsatisfiable" }],
    ["bytes=abc", { kind: "unsatisfiable" }],
  ])("%j on 1000 bytes → %j", (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});

// Share-link caps count a download when its body includes byte 0: every spelling of "from the
// start" must come out of the parser as the whole file or a span starting at 0.
describe("Range spellings that start at byte 0", () => {
  const size = 16876;
  it.each([
    [null, 0, size - 1],
    ["bytes=0-", 0, size - 1],
    ["bytes=00-", 0, size - 1],
    ["bytes=000000000000000000000000-", 0, size - 1],
    [`bytes=-${size}`, 0, size - 1],
    [`bytes=-${size + 1}`, 0, size - 1],
    ["bytes=-99999999", 0, size - 1],
    ["bytes=-99999999999999999999999", 0, size - 1],
    ["bytes=0-0", 0, 0],
    ["bytes=0-99999999999999999999", 0, size - 1],
    ["BYTES=0-", 0, size - 1],
    ["Bytes=0-10", 0, 10],
    [" bytes = 0-", 0, size - 1],
    ["bytes=\t0-", 0, size - 1],
    // Several ranges are answered with the whole file (RFC 9110 lets a server ignore Range),
    // whichever comes first, and so are repeated headers (Node joins them with ", ").
    ["bytes=0-10,20-30", 0, size - 1],
    ["bytes=20-30,0-10", 0, size - 1],
    ["bytes=100-200,-5", 0, size - 1],
    ["bytes=0-,", 0, size - 1],
    ["bytes=500-, bytes=0-", 0, size - 1],
    // Another unit is ignored.
    ["items=500-", 0, size - 1],
  ])("%j sends bytes %i-%i", (header, start, end) => {
    const plan = planDownload(
      { sha256: "a".repeat(64), sizeBytes: size, filename: "hello.apk", contentType: "application/vnd.android.package-archive" },
      { method: "GET", range: header, ifNoneMatch: null },
    );
    expect(plan.body).toEqual({ start, end });
    expect(plan.headers["content-length"]).toBe(String(end - start + 1));
  });

  it.each([["bytes=1-"], ["bytes=01-"], [`bytes=-${size - 1}`], ["bytes=16875-"]])("%j does not start at 0", (header) => {
    const plan = planDownload({ sha256: "a".repeat(64), sizeBytes: size, filename: "hello.apk", contentType: "application/octet-stream" }, { method: "GET", range: header, ifNoneMatch: null });
    expect(plan.status).toBe(206);
    expect(plan.body?.start).toBeGreaterThan(0);
  });
});

describe("Content-Disposition", () => {
  it.each([
    ["hello.apk", `attachment; filename="hello.apk"; filename*=UTF-8''hello.apk`],
    ["Café Ünïcode.ipa", `attachment; filename="Caf_ _n_code.ipa"; filename*=UTF-8''Caf%C3%A9%20%C3%9Cn%C3%AFcode.ipa`],
    ['we"ird\\name%.deb', `attachment; filename="we_ird_name_.deb"; filename*=UTF-8''we%22ird%5Cname%25.deb`],
    ["日本語.apk", `attachment; filename="___.apk"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.apk`],
  ])("%j", (name, expected) => expect(contentDisposition(name)).toBe(expected));
});

describe("If-None-Match", () => {
  const etag = '"abc"';
  it.each([
    [null, false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ["*", true],
    ['"abd"', false],
  ])("%j → %j", (header, expected) => expect(etagMatches(header, etag)).toBe(expected));
});

describe("Content-Disposition signed into a presigned URL", () => {
  it.each([
    ["hello-1.2.3_amd64.deb", `attachment; filename="hello-1.2.3_amd64.deb"`],
    ["Café.ipa", `attachment; filename="Caf_.ipa"; filename*=UTF-8''Caf%C3%A9.ipa`],
    ['we"ird.apk', `attachment; filename="we_ird.apk"; filename*=UTF-8''we%22ird.apk`],
    ["100%.apk", `attachment; filename="100_.apk"; filename*=UTF-8''100%25.apk`],
  ])("%j: plain ASCII names without filename*", (name, expected) => expect(queryContentDisposition(name)).toBe(expected));
});
